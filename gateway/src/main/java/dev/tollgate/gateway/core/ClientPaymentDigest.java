package dev.tollgate.gateway.core;

import dev.tollgate.chain.ClientPayment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * SHA-256 (hex) of what a client sent as its payment: the wire bytes of a signed transaction, or an authorisation's
 * payer, deadline and signature (hex in lower case: one authorisation, one digest). Identifies a retry of the same
 * payment without inspecting it again.
 */
final class ClientPaymentDigest {
    private ClientPaymentDigest() {
    }

    static String of(ClientPayment payment) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] hash = switch (payment) {
            case ClientPayment.SignedTransaction tx -> {
                sha256.update((byte) 't');
                yield sha256.digest(tx.wire());
            }
            case ClientPayment.GaslessAuthorization a -> {
                sha256.update((byte) 'a');
                yield sha256.digest((a.from().toLowerCase(Locale.ROOT) + "|" + a.deadline() + "|"
                        + a.signature().toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.US_ASCII));
            }
        };
        return HexFormat.of().formatHex(hash);
    }
}
