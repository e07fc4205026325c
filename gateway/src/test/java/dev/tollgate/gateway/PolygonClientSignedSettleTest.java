package dev.tollgate.gateway;

import static dev.tollgate.gateway.PolygonTradeAndSettleTest.POL_FEE;
import static dev.tollgate.gateway.PolygonTradeAndSettleTest.POL_TOTAL;
import static dev.tollgate.gateway.PolygonTradeAndSettleTest.TEN_POL;
import static dev.tollgate.gateway.PolygonTradeAndSettleTest.USDC_FEE;
import static dev.tollgate.gateway.PolygonTradeAndSettleTest.USDC_TOTAL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.ClientPayment.GaslessAuthorization;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.evm.EvmNetworkConfig;
import dev.tollgate.chain.evm.EvmRail;
import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayHttp.Reply;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.InteropScript;
import dev.tollgate.gateway.support.LocalPolygon;
import dev.tollgate.gateway.support.TestAgent;
import dev.tollgate.localnet.JsonRpcClient;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * Non-custodial settlement over HTTP on the local Polygon stand-in (anvil with the FeeSplitter), key mode off: an
 * EIP-1559 transaction the payer signed offline ({@link EvmRail#signPayment}, used as a client's) is posted as
 * {@code signed_transaction}; a payer holding no POL posts a gasless EIP-3009 {@code authorization}
 * ({@link EvmRail#signGasless}) that the gateway's relayer pays the gas for. Tampered payments are refused with their
 * code and never sent; an authorisation posted twice pays once. Amounts as in {@link PolygonTradeAndSettleTest}.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolygonClientSignedSettleTest implements TestPropertyProvider {
    private final TestAgent agent = new TestAgent();
    private final LocalPolygon chain = LocalPolygon.get();
    private final Credentials relayer = LocalPolygon.newKey();

    @Inject
    EmbeddedServer server;

    private GatewayHttp http;
    private JsonRpcClient rpc;

    @Override
    public Map<String, String> getProperties() {
        chain.anvil.setBalance(relayer.getAddress(), TEN_POL);
        return GatewayTestProperties.withSponsor(GatewayTestProperties.forSolanaAndPolygon(agent, 1), "polygon",
                LocalPolygon.secret(relayer), "100000000000000000", "1000000000000000000"); // 0.1 POL of gas a payer
    }

    @BeforeAll
    void connect() {
        http = new GatewayHttp(server.getURI());
        rpc = new JsonRpcClient(chain.anvil.rpcUrl());
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    // ---------------------------------------------------------------- accepted

    @Test
    void aPolTransactionSignedByThePayerSettlesWithTheOutput() throws Exception {
        Credentials payer = chain.payer(TEN_POL, 0);
        PaymentIntent intent = intentOf(trade(payer, "POL"), payer);
        Balances before = balances(EvmNetworkConfig.POL, payer);
        SignedPayment signed = sign(payer, intent);

        Map<String, Object> body = Map.of("job_id", intent.jobId(), "signed_transaction", base64(signed.rawTx()));
        Reply r = http.post("/v1/agent/settle", body);

        assertThat(body.toString()).doesNotContain(LocalPolygon.secret(payer).substring(2));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        assertThat(r.body().path("tx_signature").asText()).isEqualToIgnoringCase(signed.txId());
        assertThat(r.body().path("settlement_details").path("total_paid_wei").bigIntegerValue()).isEqualTo(POL_TOTAL);
        before.assertPaid(POL_TOTAL, POL_FEE);
        assertThat(before.payerBalance().subtract(chain.pol(payer.getAddress()))).isGreaterThan(POL_TOTAL); // plus gas
        assertThat(chain.pol(chain.splitter)).isZero();
    }

    @Test
    void aUsdcPermitTransactionSignedByThePayerSettles() throws Exception {
        Credentials payer = chain.payer(TEN_POL, 1_000_000);
        PaymentIntent intent = intentOf(trade(payer, "USDC"), payer);
        Balances before = balances(chain.usdc, payer);

        Reply r = settleSigned(intent.jobId(), sign(payer, intent).rawTx());

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        before.assertPaid(USDC_TOTAL, USDC_FEE);
        assertThat(before.payerBalance().subtract(chain.usdc(payer.getAddress()))).isEqualTo(USDC_TOTAL);
    }

    @Test
    void aPayerWithNoPolPaysUsdcWithAGaslessAuthorisationThatTheGatewayRelaysAndPostedTwiceItPaysOnce() throws Exception {
        Credentials payer = chain.payer(BigInteger.ZERO, 1_000_000);
        JsonNode challenge = trade(payer, "USDC");
        PaymentIntent intent = intentOf(challenge, payer);
        GaslessAuthorization auth = authorize(payer, intent, challenge);
        Balances before = balances(chain.usdc, payer);
        BigInteger relayerBefore = chain.pol(relayer.getAddress());

        Reply r = settleAuthorized(intent.jobId(), auth);

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        before.assertPaid(USDC_TOTAL, USDC_FEE);
        assertThat(before.payerBalance().subtract(chain.usdc(payer.getAddress()))).isEqualTo(USDC_TOTAL);
        assertThat(chain.pol(payer.getAddress())).isZero();
        assertThat(chain.pol(relayer.getAddress())).as("the relayer paid the gas").isLessThan(relayerBefore);
        assertThat(chain.usdc(chain.splitter)).isZero();

        Reply again = settleAuthorized(intent.jobId(), auth); // a lost answer retried, or a copy from the mempool

        assertThat(again.status()).as(again.raw()).isEqualTo(403);
        assertThat(again.code()).isEqualTo("payer_proof_required");
        assertThat(again.raw()).doesNotContain(TestAgent.DEFAULT_OUTPUT);
        before.assertPaid(USDC_TOTAL, USDC_FEE);
        assertThat(before.payerBalance().subtract(chain.usdc(payer.getAddress()))).isEqualTo(USDC_TOTAL);
    }

    /**
     * Plain HTTP: a wallet with no Tollgate code (viem alone, {@code interop/evm-client/}) signs from the 402's
     * payment_instructions the POL transaction ({@code sign-transaction.mjs}) and, from a payer with no POL, the
     * gasless USDC authorisation ({@code sign-gasless.mjs}); both settle.
     */
    @Test
    void aTransactionAndAnAuthorisationSignedByViemAloneFromThe402Settle() throws Exception {
        Credentials polPayer = chain.payer(TEN_POL, 0);
        JsonNode pol = trade(polPayer, "POL");
        JsonNode pay = pol.path("payment_instructions");
        Balances polBefore = balances(EvmNetworkConfig.POL, polPayer);
        JsonNode raw = InteropScript.run("evm-client/sign-transaction.mjs", List.of(GatewayHttp.JSON.writeValueAsString(
                Map.of("rpcUrl", chain.anvil.rpcUrl().toString(), "chainId", pay.path("chain_id").asLong(),
                        "to", pay.path("splitter").asText(), "data", pay.path("calldata").asText(),
                        "value", pay.path("value").asText()))), Map.of("PAYER_KEY", LocalPolygon.secret(polPayer)));
        Reply polPaid = settleSigned(pol.path("job_id").asText(), Numeric.hexStringToByteArray(raw.path("raw").asText()));
        assertThat(polPaid.status()).as(polPaid.raw()).isEqualTo(200);
        polBefore.assertPaid(POL_TOTAL, POL_FEE);

        Credentials usdcPayer = chain.payer(BigInteger.ZERO, 1_000_000);
        JsonNode usdc = trade(usdcPayer, "USDC");
        PaymentIntent intent = intentOf(usdc, usdcPayer);
        Map<String, Object> terms = new LinkedHashMap<>();
        terms.put("rpcUrl", chain.anvil.rpcUrl().toString());
        terms.put("chainId", usdc.path("payment_instructions").path("chain_id").asLong());
        terms.put("splitter", usdc.path("payment_instructions").path("splitter").asText());
        terms.put("token", usdc.path("payment_instructions").path("token").asText());
        terms.put("memo", intent.memo());
        terms.put("payee", intent.payee());
        terms.put("net", intent.netUnits().toString());
        terms.put("feeRecipient", intent.feeRecipient());
        terms.put("fee", intent.feeUnits().toString());
        terms.put("deadline", usdc.path("payment_instructions").path("deadline").asLong());
        JsonNode auth = InteropScript.run("evm-client/sign-gasless.mjs", List.of(GatewayHttp.JSON.writeValueAsString(terms)),
                Map.of("PAYER_KEY", LocalPolygon.secret(usdcPayer)));
        Balances usdcBefore = balances(chain.usdc, usdcPayer);
        Reply usdcPaid = http.post("/v1/agent/settle", Map.of("job_id", intent.jobId(), "authorization", Map.of(
                "from", auth.path("from").asText(), "deadline", auth.path("deadline").asLong(),
                "signature", auth.path("signature").asText())));
        assertThat(usdcPaid.status()).as(usdcPaid.raw()).isEqualTo(200);
        usdcBefore.assertPaid(USDC_TOTAL, USDC_FEE);
        assertThat(chain.pol(usdcPayer.getAddress())).isZero();
    }

    // ---------------------------------------------------------------- refused, never sent, job still settleable

    @Test
    void tamperedSignedTransactionsAreRefusedWithTheirCodeNeverSentAndTheJobIsThenPaid() throws Exception {
        Credentials payer = chain.payer(TEN_POL, 0);
        PaymentIntent intent = intentOf(trade(payer, "POL"), payer);
        Map<String, SignedPayment> variants = new LinkedHashMap<>();
        variants.put("amount_mismatch", sign(payer, with(intent, intent.netUnits().subtract(BigInteger.ONE),
                intent.payee(), intent.memo())));
        variants.put("wrong_recipient", sign(payer, with(intent, intent.netUnits(), LocalPolygon.newKey().getAddress(),
                intent.memo())));
        variants.put("memo_missing", sign(payer, with(intent, intent.netUnits(), intent.payee(),
                PaymentIntent.atpMemo(UUID.randomUUID().toString()))));
        Balances before = balances(EvmNetworkConfig.POL, payer);

        for (Map.Entry<String, SignedPayment> variant : variants.entrySet()) {
            Reply refused = settleSigned(intent.jobId(), variant.getValue().rawTx());
            assertThat(refused.status()).as(variant.getKey() + ": " + refused.raw()).isEqualTo(422);
            assertThat(refused.code()).as(variant.getKey()).isEqualTo(variant.getKey());
            assertThat(state(intent.jobId())).isEqualTo("locked");
        }
        assertThat(chain.pol(payer.getAddress())).as("nothing spent, not even gas").isEqualTo(before.payerBalance());
        assertThat(nonceOf(payer)).isZero();

        SignedPayment good = sign(payer, intent);
        Reply paid = settleSigned(intent.jobId(), good.rawTx());
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        before.assertPaid(POL_TOTAL, POL_FEE);
        assertThat(nonceOf(payer)).as("exactly one transaction from the payer").isOne();
        variants.values().forEach(v -> assertThat(known(v.txId())).as("never broadcast").isFalse());
    }

    @Test
    void anAuthorisationForOtherTermsIsRefusedNeverRelayedAndTheJobIsThenPaid() throws Exception {
        Credentials payer = chain.payer(BigInteger.ZERO, 1_000_000);
        JsonNode challenge = trade(payer, "USDC");
        PaymentIntent intent = intentOf(challenge, payer);
        long deadline = challenge.path("payment_instructions").path("deadline").asLong();
        // signed for a smaller agent share, then posted for the job: the splitter nonce no longer matches the terms
        GaslessAuthorization cheaper = authorize(payer, with(intent, intent.netUnits().subtract(BigInteger.ONE),
                intent.payee(), intent.memo()), deadline);
        Balances before = balances(chain.usdc, payer);
        BigInteger relayerNonce = nonceOf(relayer);

        Reply refused = settleAuthorized(intent.jobId(), cheaper);

        assertThat(refused.status()).as(refused.raw()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("signature_invalid");
        assertThat(state(intent.jobId())).isEqualTo("locked");
        assertThat(nonceOf(relayer)).as("nothing relayed").isEqualTo(relayerNonce);
        assertThat(chain.usdc(payer.getAddress())).isEqualTo(before.payerBalance());

        Reply paid = settleAuthorized(intent.jobId(), authorize(payer, intent, challenge));
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        before.assertPaid(USDC_TOTAL, USDC_FEE);
    }

    // ---------------------------------------------------------------- helpers

    private JsonNode trade(Credentials payer, String token) {
        Reply r = http.post("/v1/agent/trade", Map.of("agent_config", Map.of("agent_name", "t"), "task", "x",
                "user_wallet", payer.getAddress(), "network", "polygon", "payment_token", token));
        assertThat(r.status()).as(r.raw()).isEqualTo(402);
        return r.body();
    }

    /** What the payer reads from the 402: recipients, amounts, memo, and the job's expiry as the latest deadline. */
    private PaymentIntent intentOf(JsonNode challenge, Credentials payer) {
        String jobId = challenge.path("job_id").asText();
        ChainAsset asset = "USDC".equals(challenge.path("payment_token").asText()) ? chain.usdc : EvmNetworkConfig.POL;
        BigInteger fee = challenge.path("fee_breakdown").path(asset.isNative() ? "fee_wei" : "fee_usdc_units")
                .bigIntegerValue();
        BigInteger total = challenge.path("payment").path(asset.isNative() ? "amount_wei" : "amount_usdc_units")
                .bigIntegerValue();
        return new PaymentIntent(jobId, NetworkId.of(challenge.path("network").asText()), asset, payer.getAddress(),
                challenge.path("payment").path("recipient").asText(),
                challenge.path("fee_breakdown").path("fee_recipient").asText(), total.subtract(fee), fee,
                challenge.path("payment").path("memo").asText(), Instant.parse(challenge.path("expires_at").asText()));
    }

    private static PaymentIntent with(PaymentIntent job, BigInteger net, String payee, String memo) {
        return new PaymentIntent(job.jobId(), job.network(), job.asset(), job.payer(), payee, job.feeRecipient(), net,
                job.feeUnits(), memo, job.payBy());
    }

    /** Signed in the payer's process by a rail of its own (nonce read from the chain each time), never sent. */
    private SignedPayment sign(Credentials payer, PaymentIntent intent) throws Exception {
        try (EvmRail own = new EvmRail(chain.observer.config());
             PayerSecret secret = own.parseSecret(LocalPolygon.secret(payer))) {
            return own.signPayment(intent, secret);
        }
    }

    private GaslessAuthorization authorize(Credentials payer, PaymentIntent intent, JsonNode challenge) throws Exception {
        return authorize(payer, intent, challenge.path("payment_instructions").path("deadline").asLong());
    }

    private GaslessAuthorization authorize(Credentials payer, PaymentIntent intent, long deadline) throws Exception {
        try (PayerSecret secret = chain.observer.parseSecret(LocalPolygon.secret(payer))) {
            return chain.observer.signGasless(intent, secret, deadline);
        }
    }

    private Reply settleSigned(String jobId, byte[] rawTx) {
        return http.post("/v1/agent/settle", Map.of("job_id", jobId, "signed_transaction", base64(rawTx)));
    }

    private Reply settleAuthorized(String jobId, GaslessAuthorization auth) {
        return http.post("/v1/agent/settle", Map.of("job_id", jobId, "authorization", Map.of(
                "from", auth.from(), "deadline", auth.deadline(), "signature", auth.signature())));
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private BigInteger nonceOf(Credentials account) {
        return Numeric.toBigInt(rpc.call("eth_getTransactionCount", account.getAddress(), "pending").asText());
    }

    private boolean known(String txHash) {
        JsonNode tx = rpc.call("eth_getTransactionByHash", txHash);
        return tx != null && !tx.isNull();
    }

    private String state(String jobId) {
        return http.get("/v1/agent/jobs/" + jobId).body().path("state").asText();
    }

    private Balances balances(ChainAsset asset, Credentials payer) {
        return new Balances(asset, observerBalance(chain.agentTreasury, asset), observerBalance(chain.feeTreasury, asset),
                observerBalance(payer.getAddress(), asset));
    }

    private BigInteger observerBalance(String owner, ChainAsset asset) {
        return chain.observer.balanceOf(owner, asset);
    }

    /** Balances before a settle; {@link #assertPaid} checks the treasuries got exactly net and fee since. */
    private record Balances(ChainAsset asset, BigInteger agent, BigInteger fee, BigInteger payerBalance) {
        void assertPaid(BigInteger total, BigInteger feePart) {
            LocalPolygon chain = LocalPolygon.get();
            assertThat(chain.observer.balanceOf(chain.agentTreasury, asset).subtract(agent)).as("agent +net")
                    .isEqualTo(total.subtract(feePart));
            assertThat(chain.observer.balanceOf(chain.feeTreasury, asset).subtract(fee)).as("fee treasury +fee")
                    .isEqualTo(feePart);
        }
    }
}
