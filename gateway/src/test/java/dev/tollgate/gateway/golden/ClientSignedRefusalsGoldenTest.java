package dev.tollgate.gateway.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.ClientPaymentRefusedException;
import dev.tollgate.chain.memory.InMemoryRail;
import dev.tollgate.gateway.rails.InMemoryRailBuilder;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayHttp.Reply;
import dev.tollgate.gateway.support.InMemoryGatewayProperties;
import dev.tollgate.gateway.support.TestAgent;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;

/**
 * Golden bodies of the refusals of a payment the client signed itself (settle with {@code signed_transaction} or
 * {@code authorization}), on the in-memory rail: what a client reads when its payment is not sent.
 */
@MicronautTest(transactional = false, environments = InMemoryRailBuilder.ENVIRONMENT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientSignedRefusalsGoldenTest implements TestPropertyProvider {
    private static final String NETWORK = "solana:memgolden";
    private final TestAgent agent = new TestAgent();
    private final GoldenFiles files = GoldenFiles.ofGatewayModule();

    @Inject
    EmbeddedServer server;
    @Inject
    PaymentRails rails;

    @Override
    public Map<String, String> getProperties() {
        return InMemoryGatewayProperties.solana(agent, NETWORK, InMemoryRail.newAccount().getPublicKeyBase58());
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    @Test
    void refusedClientPayments() {
        GatewayHttp http = new GatewayHttp(server.getURI());
        InMemoryRail rail = (InMemoryRail) rails.resolve("solana").orElseThrow().rail();
        ChainAsset sol = rail.assets().get("SOL");
        Account payer = InMemoryRail.newAccount();
        rail.fund(payer.getPublicKeyBase58(), sol, BigInteger.valueOf(10_000_000_000L));
        Reply challenge = http.post("/v1/agent/trade", Map.of("agent_config", Map.of("agent_name", "t"), "task", "x",
                "user_wallet", payer.getPublicKeyBase58()));
        assertThat(challenge.status()).as(challenge.raw()).isEqualTo(402);
        String jobId = challenge.body().path("job_id").asText();
        JsonNode transfers = challenge.body().path("payment_instructions").path("transfers");
        BigInteger net = new BigInteger(transfers.get(0).path("amount").asText());
        BigInteger fee = new BigInteger(transfers.get(1).path("amount").asText());
        String memo = challenge.body().path("payment").path("memo").asText();
        GoldenNormaliser n = new GoldenNormaliser().known(jobId, "job_id");

        byte[] underpaid = InMemoryRail.signClientPayment(payer, sol, Map.of(transfers.get(0).path("to").asText(),
                net.subtract(BigInteger.ONE), transfers.get(1).path("to").asText(), fee), memo);
        assertGolden("error_amount_mismatch", settle(http, jobId, underpaid), n);

        byte[] exact = InMemoryRail.signClientPayment(payer, sol, Map.of(transfers.get(0).path("to").asText(), net,
                transfers.get(1).path("to").asText(), fee), memo);
        rail.refuseNextInspection(ClientPaymentRefusedException.Reason.SPONSOR_BUDGET_EXCEEDED);
        assertGolden("error_sponsor_budget_exceeded", settle(http, jobId, exact), n);

        assertGolden("error_invalid_signed_transaction", http.post("/v1/agent/settle",
                Map.of("job_id", jobId, "signed_transaction", "not base64!")), n);

        assertGolden("error_client_payment_unsupported", http.post("/v1/agent/settle", Map.of("job_id", jobId,
                "authorization", Map.of("from", "0x" + "ab".repeat(20), "deadline", 1_900_000_000L,
                        "signature", "0x" + "cd".repeat(65)))), n);
    }

    private static Reply settle(GatewayHttp http, String jobId, byte[] wire) {
        return http.post("/v1/agent/settle", Map.of("job_id", jobId, "signed_transaction",
                Base64.getEncoder().encodeToString(wire)));
    }

    private void assertGolden(String name, Reply reply, GoldenNormaliser n) {
        files.assertMatches(name, n.normalise(reply.status(), reply.raw()));
    }
}
