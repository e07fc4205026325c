package dev.tollgate.chain.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.SpendBudget;
import dev.tollgate.chain.transport.RpcTransportPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rail owns both relayer keys (gasless relays, x402 settlements): closing it zeroes each. */
class EvmRailCloseTest {
    private static final String SPLITTER = "0x00000000000000000000000000000000000000a1";
    private static final String FACTORY = "0x00000000000000000000000000000000000000f1";

    @Test
    void closeZeroesTheGaslessRelayerKeyAndTheX402One() {
        Duration timeout = Duration.ofSeconds(1);
        EvmNetworkConfig config = new EvmNetworkConfig(NetworkId.of("eip155:80002"), 80002, URI.create("http://127.0.0.1:9"),
                SPLITTER, EvmNetworkConfig.POL, Map.of(), 1, false, timeout, null, List.of())
                .withRelayerKey(EvmNetworkConfig.relayerKey("0x" + "11".repeat(32)))
                .withExact(EvmExactConfig.of(FACTORY, 100, "0x" + "22".repeat(32)));
        EvmRail rail = new EvmRail(config, new InMemoryNonceReservations(), RpcTransportPolicy.forTimeout(timeout), null,
                SpendBudget.NONE);
        byte[] gasless = config.relayerKey().bytes();
        byte[] x402 = config.exact().relayerKey().bytes();
        assertThat(gasless).contains((byte) 0x11);

        rail.close();

        assertThatThrownBy(() -> config.relayerKey().bytes()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> config.exact().relayerKey().bytes()).isInstanceOf(IllegalStateException.class);
        assertThat(gasless).containsOnly(0);
        assertThat(x402).containsOnly(0);
    }
}
