package dev.tollgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** ATP's fee-treasury variable counts only when Tollgate's own name is unset (yml cannot nest that fallback). */
class AtpAliasesTest {
    private static final String ATP = "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d";
    private static final String OWN = "11111111111111111111111111111111";

    @Test
    void swarmsTreasuryFillsTheFeeTreasuryWhenTollgatesNameIsUnset() {
        assertThat(AtpAliases.properties(Map.of("SWARMS_TREASURY_PUBKEY", ATP)::get))
                .containsExactly(Map.entry("tollgate.networks.solana.fee-treasury", ATP));
    }

    @Test
    void tollgatesOwnNameWins() {
        assertThat(AtpAliases.properties(Map.of("SWARMS_TREASURY_PUBKEY", ATP,
                "TOLLGATE_FEE_TREASURY_SOLANA", OWN)::get)).isEmpty();
        assertThat(AtpAliases.properties(Map.of("SWARMS_TREASURY_PUBKEY", ATP,
                "TOLLGATE_SOLANA_FEE_TREASURY", OWN)::get))
                .containsExactly(Map.entry("tollgate.networks.solana.fee-treasury", OWN));
        assertThat(AtpAliases.properties(Map.<String, String>of()::get)).isEmpty();
    }

    @Test
    void namesFromBeforeTheNetworkEntriesKeepWorking() {
        assertThat(AtpAliases.properties(Map.of("TOLLGATE_SOLANA_RPC_URL", "http://node:8899",
                "TOLLGATE_SOLANA_USDC_MINT", OWN)::get))
                .containsEntry("tollgate.networks.solana.rpc-url", "http://node:8899")
                .containsEntry("tollgate.networks.solana.assets.usdc.address", OWN);
    }
}
