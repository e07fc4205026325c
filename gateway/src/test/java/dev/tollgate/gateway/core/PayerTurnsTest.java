package dev.tollgate.gateway.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PayerTurnsTest {
    private static final String NET = "eip155:80002";
    private static final String PAYER = "0xAbCdEf0123456789abcdef0123456789ABCDEF01";

    private final PayerTurns turns = new PayerTurns();

    @Test
    void aWalletsNextPaymentWaitsUntilTheTurnIsClosedAndAnyOtherWalletGoesAtOnce() throws Exception {
        PayerTurns.Held first = turns.take(NET, PAYER, Duration.ofSeconds(5));
        assertThat(first).isNotNull();
        // the same wallet in other letters is the same wallet
        assertThat(turns.take(NET, PAYER.toLowerCase(), Duration.ofMillis(50))).isNull();
        try (PayerTurns.Held other = turns.take(NET, "0x" + "1".repeat(40), Duration.ofMillis(50))) {
            assertThat(other).isNotNull();
        }
        CompletableFuture<PayerTurns.Held> next = CompletableFuture.supplyAsync(() -> {
            try {
                return turns.take(NET, PAYER, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        first.close();
        PayerTurns.Held second = next.get(30, TimeUnit.SECONDS);
        assertThat(second).isNotNull();
        second.close();
        assertThat(turns.wallets()).isZero(); // nothing kept for wallets with no turn held or awaited
    }
}
