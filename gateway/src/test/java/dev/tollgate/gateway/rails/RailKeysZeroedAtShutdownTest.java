package dev.tollgate.gateway.rails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.chain.evm.EvmNetworkConfig;
import dev.tollgate.chain.evm.EvmRail;
import dev.tollgate.chain.solana.SolanaRail;
import dev.tollgate.lockbox.testing.SharedTestDatabase;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.utils.Base58;

/**
 * The gateway owns its rails: stopping it closes them, so the keys they sign with (EVM relayer for gasless and x402
 * settlements, Solana sponsor and x402 keys) are zeroed. Built by the real rail builders; nothing here reaches a
 * node (the rails do no I/O until asked to).
 */
class RailKeysZeroedAtShutdownTest {

    @Test
    void stoppingTheGatewayClosesEveryRailAndZeroesTheRelayerKeys() {
        Map<String, Object> p = new HashMap<>(SharedTestDatabase.properties());
        p.put("tollgate.lockbox.reaper.enabled", "false");
        p.put("tollgate.reconciler.enabled", "false");
        p.put("tollgate.sweeper.enabled", "false");
        p.put("tollgate.networks.solana.id", "solana:shutdown");
        p.put("tollgate.networks.solana.rpc-url", "http://127.0.0.1:9");
        p.put("tollgate.networks.solana.sponsor.key", Base58.encode(new Account().getSecretKey()));
        p.put("tollgate.networks.polygon.enabled", "true");
        p.put("tollgate.networks.polygon.id", "eip155:80002");
        p.put("tollgate.networks.polygon.rpc-url", "http://127.0.0.1:9");
        p.put("tollgate.networks.polygon.splitter-address", "0x00000000000000000000000000000000000000a1");
        p.put("tollgate.networks.polygon.x402.factory-address", "0x00000000000000000000000000000000000000f1");
        p.put("tollgate.networks.polygon.sponsor.key", "0x" + "33".repeat(32));
        ApplicationContext context = ApplicationContext.run(p, "test");
        PaymentRails rails;
        try {
            rails = context.getBean(PaymentRails.class);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
        EvmNetworkConfig polygon = ((EvmRail) rails.resolve("polygon").orElseThrow().rail()).config();
        assertThat(rails.resolve("solana").orElseThrow().rail()).isInstanceOf(SolanaRail.class);
        byte[] gasless = polygon.relayerKey().bytes();
        byte[] x402 = polygon.exact().relayerKey().bytes();
        assertThat(gasless).contains((byte) 0x33);

        context.close();

        assertThatThrownBy(() -> polygon.relayerKey().bytes()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> polygon.exact().relayerKey().bytes()).isInstanceOf(IllegalStateException.class);
        assertThat(gasless).containsOnly(0);
        assertThat(x402).containsOnly(0);
    }
}
