package dev.tollgate.chain.evm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.PaymentIntent;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Which split vault pays a job: the configured rate for trades, the smallest rate giving the fee otherwise. */
class SplitVaultRateTest {
    private static final ChainAsset USDC = new ChainAsset("USDC", 6, "0x0000000000000000000000000000000000000001");

    private static PaymentIntent intent(long total, long fee) {
        return new PaymentIntent("job", EvmTestChain.NETWORK, USDC, null, "0xpayee", "0xfee",
                BigInteger.valueOf(total - fee), BigInteger.valueOf(fee), "ATP:job");
    }

    @Test
    void aFeeTakenAtTheConfiguredRateUsesTheConfiguredVault() {
        assertThat(EvmExactScheme.vaultBps(intent(25_000, 1_250), 500)).isEqualTo(500);
        assertThat(EvmExactScheme.vaultBps(intent(25_000, 0), 0)).isZero();
    }

    @Test
    void anotherRateGivesTheSmallestRateThatTakesExactlyThatFee() {
        assertThat(EvmExactScheme.vaultBps(intent(25_000, 2_500), 500)).isEqualTo(1_000);
        assertThat(EvmExactScheme.vaultBps(intent(25_000, 0), 500)).isZero();
        // floor(999 * 3 / 10000) = 0 and floor(999 * 11 / 10000) = 1: rate 11 is the smallest taking 1 unit
        assertThat(EvmExactScheme.vaultBps(intent(999, 1), 3)).isEqualTo(11);
    }

    @Test
    void aFeeNoRateTakesHasNoVault() {
        // on 20,000 units every rate takes an even fee (floor(20000 * b / 10000) = 2b): 1 unit is out of reach
        assertThat(EvmExactScheme.vaultBps(intent(20_000, 1), 500)).isEqualTo(-1);
        assertThat(EvmExactScheme.vaultBps(intent(20_000, 2), 500)).isEqualTo(1);
        assertThat(EvmExactScheme.vaultBps(intent(100, 100), 500)).isEqualTo(10_000);
    }

    @Test
    void everyRateRoundTripsToAVaultTakingTheSameFee() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            long total = 1 + random.nextInt(1_000_000_000);
            int bps = random.nextInt(10_001);
            long fee = BigInteger.valueOf(total).multiply(BigInteger.valueOf(bps)).divide(BigInteger.valueOf(10_000))
                    .longValueExact();
            int vault = EvmExactScheme.vaultBps(intent(total, fee), random.nextInt(10_001));
            assertThat(vault).isBetween(0, 10_000);
            assertThat(BigInteger.valueOf(total).multiply(BigInteger.valueOf(vault)).divide(BigInteger.valueOf(10_000))
                    .longValueExact()).as("total %d at %d bps", total, bps).isEqualTo(fee);
        }
    }
}
