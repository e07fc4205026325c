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
        // another request (thread) for the same wallet, in other letters, waits its turn and gives up at its wait
        assertThat(takeElsewhere(PAYER.toLowerCase(), Duration.ofMillis(50))).isNull();
        PayerTurns.Held other = takeElsewhere("0x" + "1".repeat(40), Duration.ofMillis(50));
        assertThat(other).isNotNull();
        other.close();

        CompletableFuture<PayerTurns.Held> next = CompletableFuture.supplyAsync(() -> take(PAYER, Duration.ofSeconds(30)));
        first.close();
        PayerTurns.Held second = next.get(30, TimeUnit.SECONDS);
        assertThat(second).isNotNull();
        second.close();
        assertThat(turns.wallets()).isZero(); // nothing kept for wallets with no turn held or awaited
    }

    private PayerTurns.Held takeElsewhere(String payer, Duration wait) throws Exception {
        return CompletableFuture.supplyAsync(() -> take(payer, wait)).get(30, TimeUnit.SECONDS);
    }

    private PayerTurns.Held take(String payer, Duration wait) {
        try {
            return turns.take(NET, payer, wait);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
