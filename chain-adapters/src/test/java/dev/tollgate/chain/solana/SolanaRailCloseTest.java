package dev.tollgate.chain.solana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.SpendBudget;
import dev.tollgate.chain.transport.RpcTransportPolicy;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.utils.Base58;

/** The rail owns the keys it is given (sponsor, x402 fee payer and settlement wallet): closing it zeroes each. */
class SolanaRailCloseTest {

    @Test
    void closeZeroesTheSponsorAndBothX402Keys() {
        SolanaSponsor sponsor = new SolanaSponsor(new PayerSecret(new Account().getSecretKey().clone()), SpendBudget.NONE);
        SolanaExactConfig exact = SolanaExactConfig.fromKeys(null, Base58.encode(new Account().getSecretKey()),
                Base58.encode(new Account().getSecretKey()));
        Duration timeout = Duration.ofSeconds(1);
        SolanaRail rail = new SolanaRail(new SolanaNetworkConfig(NetworkId.of("solana:closetest"),
                URI.create("http://127.0.0.1:9"), null, timeout), RpcTransportPolicy.forTimeout(timeout), null,
                ComputeBudgetCaps.DEFAULT, sponsor, exact);
        assertThat(sponsor.sign(new byte[] {1})).hasSize(64); // live before
        byte[] feePayer = exact.feePayer().bytes();
        byte[] settlement = exact.settlementWallet().bytes();

        rail.close();

        assertThatThrownBy(() -> sponsor.sign(new byte[] {1})).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> exact.feePayer().bytes()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> exact.settlementWallet().bytes()).isInstanceOf(IllegalStateException.class);
        assertThat(feePayer).containsOnly(0);
        assertThat(settlement).containsOnly(0);
        rail.close(); // twice is harmless (a context may close what it owns more than once)
    }

    @Test
    void aRailWithoutKeysClosesQuietly() {
        Duration timeout = Duration.ofSeconds(1);
        new SolanaRail(new SolanaNetworkConfig(NetworkId.of("solana:closetest"), URI.create("http://127.0.0.1:9"),
                null, timeout), RpcTransportPolicy.forTimeout(timeout), null).close();
    }
}
