package dev.tollgate.gateway.x402;

import dev.tollgate.chain.evm.EvmDeployer;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.LocalPolygon;
import dev.tollgate.gateway.support.TestAgent;
import dev.tollgate.localnet.evm.AnvilNode;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * A gateway on the local anvil that takes x402 {@code exact} through a freshly deployed SplitVaultFactory, its relayer
 * funded and its gas budget set, with a real upstream agent and the real embedded PostgreSQL; the gateway clock
 * follows real time, because stock clients sign against it. Subclasses add settings with {@link #moreProperties}.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StockX402OnLocalEvm implements TestPropertyProvider {
    static final BigInteger USDC_TOTAL = BigInteger.valueOf(25_000);
    static final BigInteger USDC_FEE = BigInteger.valueOf(1_250); // floor(25,000 * 500 / 10,000)
    static final long FUNDS = 1_000_000;
    static final String PAID_TOPIC = Hash.sha3String("Paid(bytes32,address,address,address,uint256,address,uint256)");

    final TestAgent agent = new TestAgent();
    final LocalPolygon chain = LocalPolygon.get();
    final String network = "eip155:" + LocalPolygon.CHAIN_ID;
    final Credentials relayer = LocalPolygon.newKey();
    String factory;
    Web3j web3j;

    @Inject
    EmbeddedServer server;
    @Inject
    MutableClock clock;
    @Inject
    Lockbox lockbox;

    X402Http http;

    @Override
    public Map<String, String> getProperties() {
        try (EvmDeployer deployer = new EvmDeployer(chain.anvil.rpcUrl(), LocalPolygon.CHAIN_ID, Duration.ofSeconds(10))) {
            factory = deployer.deploySplitVaultFactory(AnvilNode.DEV_PRIVATE_KEYS.get(0));
        } catch (Exception e) {
            throw new IllegalStateException("cannot deploy the SplitVaultFactory", e);
        }
        chain.anvil.setBalance(relayer.getAddress(), BigInteger.TEN.pow(20));
        Map<String, String> p = GatewayTestProperties.forSolanaAndPolygon(agent, 1);
        String n = "tollgate.networks.polygon.";
        p.put(n + "sponsor.key", LocalPolygon.secret(relayer));
        p.put(n + "sponsor.per-payer-units", "100000000000000000");
        p.put(n + "sponsor.total-units", "100000000000000000000");
        p.put(n + "x402.factory-address", factory);
        moreProperties(p);
        return p;
    }

    @BeforeAll
    void connect() {
        http = new X402Http(server.getURI());
        web3j = Web3j.build(new HttpService(chain.anvil.rpcUrl().toString()));
    }

    @BeforeEach
    void realTime() {
        clock.set(Instant.now()); // authorisations are signed against real time
    }

    @AfterAll
    void stop() {
        agent.close();
        web3j.shutdown();
    }

    /** Settings a test adds to the gateway's. */
    void moreProperties(Map<String, String> properties) {
    }
}
