package dev.tollgate.gateway.rails;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayHttp.Reply;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.LocalPolygon;
import dev.tollgate.gateway.support.LocalSolana;
import dev.tollgate.gateway.support.TestAgent;
import dev.tollgate.localnet.solana.SolanaNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;
import org.web3j.crypto.Credentials;

/**
 * Networks and assets added by configuration alone, end to end over HTTP on real local chains: a second EVM chain
 * (its own anvil, chain id, FeeSplitter and USDC) configured only through {@code tollgate.networks.base.*}, and a
 * Token-2022 mint added to Solana as one more asset entry. $0.025 of usage is 25,000 units of a 6-decimal
 * stablecoin and 0.00001 ETH at 2,500 USD; the fee is 5%.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworksByConfigurationTest implements TestPropertyProvider {
    private static final BigInteger STABLE_TOTAL = BigInteger.valueOf(25_000);
    private static final BigInteger STABLE_FEE = BigInteger.valueOf(1_250);
    private static final BigInteger ETH_TOTAL = BigInteger.TEN.pow(13);
    private static final BigInteger ETH_FEE = BigInteger.valueOf(5).multiply(BigInteger.TEN.pow(11));
    private static final BigInteger TEN_ETH = BigInteger.TEN.pow(19);

    private final TestAgent agent = new TestAgent();
    private final LocalPolygon base = LocalPolygon.second();
    private final LocalSolana solana = LocalSolana.get();

    @Inject
    EmbeddedServer server;
    @Inject
    PaymentRails rails;
    private GatewayHttp http;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = GatewayTestProperties.forSolanaAndPolygon(agent, 1);
        GatewayTestProperties.withSecondEvmNetwork(p);
        GatewayTestProperties.withToken2022Asset(p);
        return p;
    }

    @BeforeAll
    void connect() {
        http = new GatewayHttp(server.getURI());
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    private Reply trade(String wallet, String network, String token) {
        return http.post("/v1/agent/trade", Map.of("agent_config", Map.of("agent_name", "t"), "task", "x",
                "user_wallet", wallet, "network", network, "payment_token", token));
    }

    private Reply settleWithKey(String jobId, String key) {
        return http.post("/v1/agent/settle", Map.of("job_id", jobId, "private_key", key));
    }

    @Test
    void theSecondEvmNetworkIsARailOfItsOwn() {
        RailBinding binding = rails.resolve("base").orElseThrow();
        assertThat(binding.rail().network().value()).isEqualTo("eip155:" + LocalPolygon.SECOND_CHAIN_ID);
        assertThat(binding.rail().assets()).containsOnlyKeys("ETH", "USDC");
        assertThat(binding.rpcUrls()).hasSize(2).first().hasToString(base.anvil.rpcUrl().toString());
        assertThat(binding.prices().get("USDC").pegged()).isTrue();
        assertThat(rails.resolve("eip155:" + LocalPolygon.SECOND_CHAIN_ID)).containsSame(binding);
        assertThat(rails.resolve("polygon").orElseThrow()).isNotSameAs(binding);
    }

    @Test
    void settlesUsdcOnTheSecondEvmNetworkConfiguredByPropertiesAlone() throws Exception {
        Credentials payer = base.payer(TEN_ETH, 1_000_000);
        Reply challenge = trade(payer.getAddress(), "base", "USDC");
        assertThat(challenge.status()).as(challenge.raw()).isEqualTo(402);
        assertThat(challenge.body().path("network").asText()).isEqualTo("eip155:" + LocalPolygon.SECOND_CHAIN_ID);
        assertThat(challenge.body().path("payment").path("amount_usdc_units").bigIntegerValue()).isEqualTo(STABLE_TOTAL);
        assertThat(challenge.body().path("payment_instructions").path("chain_id").asLong())
                .isEqualTo(LocalPolygon.SECOND_CHAIN_ID);
        assertThat(challenge.body().path("payment_instructions").path("splitter").asText())
                .isEqualToIgnoringCase(base.splitter);
        String jobId = challenge.body().path("job_id").asText();

        Reply r = settleWithKey(jobId, LocalPolygon.secret(payer));

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        assertThat(base.usdc(base.agentTreasury)).isEqualTo(STABLE_TOTAL.subtract(STABLE_FEE));
        assertThat(base.usdc(base.feeTreasury)).isEqualTo(STABLE_FEE);
        assertThat(base.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(1_000_000).subtract(STABLE_TOTAL));
        assertThat(settleWithKey(jobId, LocalPolygon.secret(payer)).body()).isEqualTo(r.body()); // pays nothing again
        assertThat(base.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(1_000_000).subtract(STABLE_TOTAL));
    }

    @Test
    void settlesTheNativeCoinOfTheSecondEvmNetworkNamedByItsCaip2Id() throws Exception {
        Credentials payer = base.payer(TEN_ETH, 0);
        Reply challenge = trade(payer.getAddress(), "eip155:" + LocalPolygon.SECOND_CHAIN_ID, "ETH");
        assertThat(challenge.status()).as(challenge.raw()).isEqualTo(402);
        String jobId = challenge.body().path("job_id").asText();
        BigInteger agentBefore = base.pol(base.agentTreasury);
        BigInteger feeBefore = base.pol(base.feeTreasury);

        Reply r = settleWithKey(jobId, LocalPolygon.secret(payer));

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(base.pol(base.agentTreasury).subtract(agentBefore)).isEqualTo(ETH_TOTAL.subtract(ETH_FEE));
        assertThat(base.pol(base.feeTreasury).subtract(feeBefore)).isEqualTo(ETH_FEE);
    }

    @Test
    void settlesAToken2022AssetOnSolanaWithTheKey() {
        ChainAsset pyusd = solana.token2022();
        Account payer = solana.payer(1_000_000_000L, 0);
        solana.node.mintTo(pyusd.address(), payer.getPublicKeyBase58(), BigInteger.valueOf(1_000_000));
        BigInteger agentBefore = solana.balance(solana.agentTreasury, pyusd);
        BigInteger feeBefore = solana.balance(solana.feeTreasury, pyusd);

        Reply challenge = trade(payer.getPublicKeyBase58(), "solana", "PYUSD");
        assertThat(challenge.status()).as(challenge.raw()).isEqualTo(402);
        assertThat(challenge.body().path("payment_instructions").path("token_program").asText())
                .isEqualTo(SolanaNode.TOKEN_2022_PROGRAM);
        assertThat(challenge.body().path("payment_instructions").path("asset").asText()).isEqualTo(pyusd.address());
        String jobId = challenge.body().path("job_id").asText();

        Reply r = settleWithKey(jobId, LocalSolana.secret(payer));

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        assertThat(solana.balance(solana.agentTreasury, pyusd).subtract(agentBefore))
                .isEqualTo(STABLE_TOTAL.subtract(STABLE_FEE));
        assertThat(solana.balance(solana.feeTreasury, pyusd).subtract(feeBefore)).isEqualTo(STABLE_FEE);
        assertThat(solana.balance(payer.getPublicKeyBase58(), pyusd))
                .isEqualTo(BigInteger.valueOf(1_000_000).subtract(STABLE_TOTAL));
    }
}
