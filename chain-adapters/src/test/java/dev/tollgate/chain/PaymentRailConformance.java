package dev.tollgate.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * What every real {@link PaymentRail} must do, run against a real local chain: the chain-free contract
 * ({@link PaymentRailContract}) plus what is about real nodes and real key decoders. Subclasses start the chain and
 * provide funded payers.
 */
public abstract class PaymentRailConformance extends PaymentRailContract {

    /** Issue 6 item 6: a megabyte of key text once cost minutes of CPU in a quadratic decode. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS) // hang guard only
    void oversizedKeyTextIsRefusedUnread() {
        String mib = "9".repeat(1 << 20);
        for (String text : java.util.List.of(mib, "0x" + "ab".repeat(1 << 19), "[" + "1,".repeat(1 << 19) + "1]",
                " ".repeat(1 << 20) + mib)) {
            assertThatThrownBy(() -> signer().parseSecret(text))
                    .isInstanceOfSatisfying(PaymentRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(PaymentRejectedException.Reason.INVALID_KEY));
        }
        assertThat(rail().isValidAddress(mib)).isFalse();
    }
}
