package dev.tollgate.lockbox;

import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

/** The fallback spelling: every id as given. Any other {@link TxIdSpelling} bean replaces it. */
@Singleton
@Secondary
final class AsGivenTxIds implements TxIdSpelling {
    @Override
    public String canonical(String network, String txId) {
        return txId;
    }
}
