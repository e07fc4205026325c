package dev.tollgate.gateway;

import static dev.tollgate.gateway.SolanaTradeAndSettleTest.SOL_FEE;
import static dev.tollgate.gateway.SolanaTradeAndSettleTest.SOL_TOTAL;
import static dev.tollgate.gateway.SolanaTradeAndSettleTest.USDC_FEE;
import static dev.tollgate.gateway.SolanaTradeAndSettleTest.USDC_TOTAL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.solana.SolanaClientTransactions;
import dev.tollgate.chain.solana.SolanaClientTransactions.Options;
import dev.tollgate.chain.solana.SolanaNetworkConfig;
import dev.tollgate.chain.solana.tx.SolanaMessageCompiler;
import dev.tollgate.chain.solana.tx.SolanaTransaction;
import dev.tollgate.chain.solana.tx.SolanaTransactionEncoder;
import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayHttp.Reply;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.InteropScript;
import dev.tollgate.gateway.support.LocalSolana;
import dev.tollgate.gateway.support.TestAgent;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.core.AccountMeta;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.core.TransactionInstruction;
import org.p2p.solanaj.programs.MemoProgram;
import org.p2p.solanaj.programs.SystemProgram;
import org.p2p.solanaj.utils.Base58;
import org.p2p.solanaj.utils.TweetNaclFast;

/**
 * Non-custodial settlement over HTTP on a real local Solana node, key mode off: the payer signs its transaction
 * offline (chain-adapters' {@link SolanaClientTransactions}) and POSTs {@code {job_id, signed_transaction}}; the
 * gateway checks, broadcasts and verifies it. Sponsored: a payer holding no SOL names the gateway's fee payer from
 * the 402. Tampered transactions are refused with their code and never land; the job stays settleable.
 * Amounts as in {@link SolanaTradeAndSettleTest}.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SolanaClientSignedSettleTest implements TestPropertyProvider {
    static final long ONE_SOL = 1_000_000_000L;
    static final BigInteger SIGNATURE_FEE = BigInteger.valueOf(5_000);

    private final TestAgent agent = new TestAgent();
    private final LocalSolana chain = LocalSolana.get();
    private final Account sponsor = new Account();

    @Inject
    EmbeddedServer server;

    private GatewayHttp http;

    @Override
    public Map<String, String> getProperties() {
        chain.node.airdrop(sponsor.getPublicKeyBase58(), ONE_SOL);
        return GatewayTestProperties.withSponsor(GatewayTestProperties.forSolana(agent), "solana",
                Base58.encode(sponsor.getSecretKey()), "100000", "100000000");
    }

    @BeforeAll
    void connect() {
        http = new GatewayHttp(server.getURI());
        // a sponsored payer may hold no SOL, so it cannot create the treasuries' token accounts: they exist already
        chain.node.mintTo(chain.usdc.address(), chain.agentTreasury, BigInteger.ZERO);
        chain.node.mintTo(chain.usdc.address(), chain.feeTreasury, BigInteger.ZERO);
    }

    @AfterAll
    void stopAgent() {
        agent.close();
    }

    // ---------------------------------------------------------------- accepted

    @Test
    void aSolPaymentSignedByThePayerSettlesWithTheOutputAndTheKeyNeverCrossesHttp() {
        Account payer = chain.payer(ONE_SOL, 0);
        JsonNode challenge = trade(payer, "SOL");
        PaymentIntent intent = intentOf(challenge, payer);
        byte[] wire = sign(payer, intent, Options.SELF_PAID);
        Balances before = balances(SolanaNetworkConfig.SOL, payer);

        Map<String, Object> body = Map.of("job_id", intent.jobId(), "signed_transaction", base64(wire));
        Reply r = http.post("/v1/agent/settle", body);

        assertThat(body.toString()).doesNotContain(LocalSolana.secret(payer));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        assertThat(r.body().path("tx_signature").asText()).isEqualTo(SolanaClientTransactions.txIdOf(wire));
        assertThat(r.body().path("settlement_details").path("total_paid_lamports").bigIntegerValue()).isEqualTo(SOL_TOTAL);
        before.assertPaid(SOL_TOTAL, SOL_FEE, SOL_TOTAL.add(SIGNATURE_FEE));
        assertThat(state(intent.jobId())).isEqualTo("released");
    }

    @Test
    void aUsdcPaymentSignedAndFundedByThePayerSettles() {
        Account payer = chain.payer(ONE_SOL, 1_000_000);
        JsonNode challenge = trade(payer, "USDC");
        assertThat(challenge.path("payment_instructions").path("fee_payer").asText()).isEqualTo(sponsor.getPublicKeyBase58());
        PaymentIntent intent = intentOf(challenge, payer);
        Balances before = balances(chain.usdc, payer);
        BigInteger solBefore = chain.sol(payer.getPublicKeyBase58());

        Reply r = settleSigned(intent.jobId(), sign(payer, intent, Options.SELF_PAID));

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        before.assertPaid(USDC_TOTAL, USDC_FEE, USDC_TOTAL);
        assertThat(solBefore.subtract(chain.sol(payer.getPublicKeyBase58()))).isEqualTo(SIGNATURE_FEE);
    }

    @Test
    void aPayerWithNoSolPaysUsdcWithTheGatewayAsFeePayer() {
        Account payer = new Account(); // no SOL: its system account does not even exist
        chain.node.mintTo(chain.usdc.address(), payer.getPublicKeyBase58(), BigInteger.valueOf(1_000_000));
        assertThat(chain.sol(payer.getPublicKeyBase58())).isZero();
        JsonNode challenge = trade(payer, "USDC");
        String feePayer = challenge.path("payment_instructions").path("fee_payer").asText();
        PaymentIntent intent = intentOf(challenge, payer);
        Balances before = balances(chain.usdc, payer);
        BigInteger sponsorBefore = chain.sol(feePayer);

        Reply r = settleSigned(intent.jobId(), sign(payer, intent, Options.sponsoredBy(feePayer)));

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        before.assertPaid(USDC_TOTAL, USDC_FEE, USDC_TOTAL);
        assertThat(chain.sol(payer.getPublicKeyBase58())).isZero();
        assertThat(sponsorBefore.subtract(chain.sol(feePayer))).as("two signatures, paid by the sponsor")
                .isEqualTo(SIGNATURE_FEE.shiftLeft(1));
    }

    /**
     * Plain HTTP: a wallet with no Tollgate code (@solana/kit alone, {@code interop/nc-e2e/sign-solana-payment.mjs})
     * builds the transaction from the 402's payment_instructions; SOL paid by the payer (fee_payer removed), USDC
     * from a payer with no SOL with the gateway as fee payer.
     */
    @Test
    void transactionsBuiltBySolanaKitAloneFromThe402Settle() throws Exception {
        Account solPayer = chain.payer(ONE_SOL, 0);
        JsonNode solChallenge = trade(solPayer, "SOL");
        ((com.fasterxml.jackson.databind.node.ObjectNode) solChallenge.path("payment_instructions")).remove("fee_payer");
        Balances solBefore = balances(SolanaNetworkConfig.SOL, solPayer);
        Reply sol = settleSigned(solChallenge.path("job_id").asText(), kitSigned(solPayer, solChallenge));
        assertThat(sol.status()).as(sol.raw()).isEqualTo(200);
        assertThat(sol.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        solBefore.assertPaid(SOL_TOTAL, SOL_FEE, SOL_TOTAL.add(SIGNATURE_FEE));

        Account usdcPayer = new Account();
        chain.node.mintTo(chain.usdc.address(), usdcPayer.getPublicKeyBase58(), BigInteger.valueOf(1_000_000));
        JsonNode usdcChallenge = trade(usdcPayer, "USDC");
        Balances usdcBefore = balances(chain.usdc, usdcPayer);
        Reply usdc = settleSigned(usdcChallenge.path("job_id").asText(), kitSigned(usdcPayer, usdcChallenge));
        assertThat(usdc.status()).as(usdc.raw()).isEqualTo(200);
        usdcBefore.assertPaid(USDC_TOTAL, USDC_FEE, USDC_TOTAL);
        assertThat(chain.sol(usdcPayer.getPublicKeyBase58())).isZero();
    }

    // ---------------------------------------------------------------- refused, never sent, job still settleable

    @Test
    void tamperedSolTransactionsAreRefusedWithTheirCodeNeverLandAndTheJobIsThenPaidCorrectly() {
        Account payer = chain.payer(ONE_SOL, 0);
        JsonNode challenge = trade(payer, "SOL");
        PaymentIntent intent = intentOf(challenge, payer);
        PublicKey from = payer.getPublicKey();
        PublicKey agentTreasury = new PublicKey(intent.payee());
        PublicKey feeTreasury = new PublicKey(intent.feeRecipient());
        long net = intent.netUnits().longValueExact();
        long fee = intent.feeUnits().longValueExact();
        Map<String, byte[]> variants = new java.util.LinkedHashMap<>();
        variants.put("amount_mismatch", sign(payer, intent, intent.netUnits().subtract(BigInteger.ONE), intent.payee(),
                intent.memo()));
        variants.put("wrong_recipient", sign(payer, intent, intent.netUnits(), new Account().getPublicKeyBase58(),
                intent.memo()));
        variants.put("memo_missing", sign(payer, intent, intent.netUnits(), intent.payee(),
                PaymentIntent.atpMemo(UUID.randomUUID().toString())));
        TransactionInstruction unknownProgram = new TransactionInstruction(new Account().getPublicKey(),
                List.of(new AccountMeta(from, true, true)), new byte[] {1});
        variants.put("unexpected_instruction", signedBy(from, List.of(SystemProgram.transfer(from, agentTreasury, net),
                SystemProgram.transfer(from, feeTreasury, fee), MemoProgram.writeUtf8(from, intent.memo()),
                unknownProgram), payer));
        Balances before = balances(SolanaNetworkConfig.SOL, payer);

        for (Map.Entry<String, byte[]> variant : variants.entrySet()) {
            Reply refused = settleSigned(intent.jobId(), variant.getValue());
            assertThat(refused.status()).as(variant.getKey() + ": " + refused.raw()).isEqualTo(422);
            assertThat(refused.code()).as(variant.getKey()).isEqualTo(variant.getKey());
            assertThat(refused.body().path("error").path("reason").asText()).isEqualTo(variant.getKey());
            assertThat(state(intent.jobId())).isEqualTo("locked");
        }
        before.assertPaid(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);

        Reply paid = settleSigned(intent.jobId(), sign(payer, intent, Options.SELF_PAID));
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        before.assertPaid(SOL_TOTAL, SOL_FEE, SOL_TOTAL.add(SIGNATURE_FEE));
        // the paid settle took slots: a refused transaction sent anyway would have landed by now
        variants.values().forEach(wire -> assertThat(landed(SolanaClientTransactions.txIdOf(wire))).isFalse());
    }

    @Test
    void aSponsoredTransactionNamingTheGatewaysKeyInATransferIsRefusedAndNeverCoSigned() {
        Account payer = chain.payer(ONE_SOL, 0);
        JsonNode challenge = trade(payer, "SOL");
        PaymentIntent intent = intentOf(challenge, payer);
        PublicKey gateway = new PublicKey(challenge.path("payment_instructions").path("fee_payer").asText());
        PublicKey from = payer.getPublicKey();
        // the gateway's key as the source of the agent's share: it would pay the job for the payer
        byte[] wire = signedBy(gateway, List.of(
                SystemProgram.transfer(gateway, new PublicKey(intent.payee()), intent.netUnits().longValueExact()),
                SystemProgram.transfer(from, new PublicKey(intent.feeRecipient()), intent.feeUnits().longValueExact()),
                MemoProgram.writeUtf8(from, intent.memo())), payer);
        BigInteger sponsorBefore = chain.sol(gateway.toBase58());
        Balances before = balances(SolanaNetworkConfig.SOL, payer);

        Reply refused = settleSigned(intent.jobId(), wire);

        assertThat(refused.status()).as(refused.raw()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("fee_payer_not_allowed");
        assertThat(state(intent.jobId())).isEqualTo("locked");
        before.assertPaid(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);
        assertThat(chain.sol(gateway.toBase58())).isEqualTo(sponsorBefore);
        Reply paid = settleSigned(intent.jobId(), sign(payer, intent, Options.SELF_PAID));
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        before.assertPaid(SOL_TOTAL, SOL_FEE, SOL_TOTAL.add(SIGNATURE_FEE));
    }

    @Test
    void aStrangerPostingTheSameSignedBytesAfterThePayerGetsNoOutputAndNothingIsPaidTwice() {
        Account payer = chain.payer(ONE_SOL, 0);
        PaymentIntent intent = intentOf(trade(payer, "SOL"), payer);
        byte[] wire = sign(payer, intent, Options.SELF_PAID);
        Balances before = balances(SolanaNetworkConfig.SOL, payer);
        assertThat(settleSigned(intent.jobId(), wire).status()).isEqualTo(200);

        Reply copied = settleSigned(intent.jobId(), wire); // copied from the chain by anyone

        assertThat(copied.status()).as(copied.raw()).isEqualTo(403);
        assertThat(copied.code()).isEqualTo("payer_proof_required");
        assertThat(copied.raw()).doesNotContain(TestAgent.DEFAULT_OUTPUT);
        before.assertPaid(SOL_TOTAL, SOL_FEE, SOL_TOTAL.add(SIGNATURE_FEE));
    }

    // ---------------------------------------------------------------- helpers

    private JsonNode trade(Account payer, String token) {
        Reply r = http.post("/v1/agent/trade", Map.of(
                "agent_config", Map.of("agent_name", "tester", "system_prompt", "be brief"),
                "task", "write a haiku", "user_wallet", payer.getPublicKeyBase58(), "payment_token", token));
        assertThat(r.status()).as(r.raw()).isEqualTo(402);
        return r.body();
    }

    /** What the payer reads from the 402: the transfers, the asset and the memo. */
    private PaymentIntent intentOf(JsonNode challenge, Account payer) {
        JsonNode pay = challenge.path("payment_instructions");
        ChainAsset asset = "SOL".equals(pay.path("asset").asText()) ? SolanaNetworkConfig.SOL : chain.usdc;
        assertThat(pay.path("asset").asText()).isIn("SOL", chain.usdc.address());
        return new PaymentIntent(challenge.path("job_id").asText(), NetworkId.of(pay.path("network").asText()), asset,
                payer.getPublicKeyBase58(), pay.path("transfers").path(0).path("to").asText(),
                pay.path("transfers").path(1).path("to").asText(),
                new BigInteger(pay.path("transfers").path(0).path("amount").asText()),
                new BigInteger(pay.path("transfers").path(1).path("amount").asText()), pay.path("memo").asText());
    }

    private byte[] sign(Account payer, PaymentIntent intent, Options options) {
        try (PayerSecret secret = new PayerSecret(payer.getSecretKey().clone())) {
            return SolanaClientTransactions.sign(intent, secret, blockhash(), options);
        }
    }

    /** The builder's transaction for a different agent share, agent treasury or memo than the job asks. */
    private byte[] sign(Account payer, PaymentIntent job, BigInteger net, String payee, String memo) {
        return sign(payer, new PaymentIntent(job.jobId(), job.network(), job.asset(), job.payer(), payee,
                job.feeRecipient(), net, job.feeUnits(), memo), Options.SELF_PAID);
    }

    /** A legacy transaction of {@code ixs} with {@code feePayer}, signed only by {@code payer} in its own slot. */
    private byte[] signedBy(PublicKey feePayer, List<TransactionInstruction> ixs, Account payer) {
        SolanaTransaction unsigned = SolanaMessageCompiler.compile(feePayer, ixs, Base58.decode(blockhash()), -1);
        List<byte[]> slots = new ArrayList<>(unsigned.signatures());
        for (int i = 0; i < unsigned.header().requiredSignatures(); i++) {
            if (Base58.encode(unsigned.accountKeys().get(i)).equals(payer.getPublicKeyBase58())) {
                slots.set(i, new TweetNaclFast.Signature(new byte[0], payer.getSecretKey()).detached(unsigned.message()));
            }
        }
        return SolanaTransactionEncoder.transaction(slots, unsigned.message());
    }

    private byte[] kitSigned(Account payer, JsonNode challenge) throws Exception {
        int[] secret = new int[64];
        for (int i = 0; i < 64; i++) {
            secret[i] = payer.getSecretKey()[i] & 0xff;
        }
        String input = GatewayHttp.JSON.writeValueAsString(Map.of("rpcUrl", chain.node.rpcUrl().toString(),
                "instructions", challenge.path("payment_instructions")));
        JsonNode out = InteropScript.run("nc-e2e/sign-solana-payment.mjs", List.of(input),
                Map.of("PAYER_SECRET", GatewayHttp.JSON.writeValueAsString(secret)));
        return Base64.getDecoder().decode(out.path("transaction").asText());
    }

    private Reply settleSigned(String jobId, byte[] wire) {
        return http.post("/v1/agent/settle", Map.of("job_id", jobId, "signed_transaction", base64(wire)));
    }

    private static String base64(byte[] wire) {
        return Base64.getEncoder().encodeToString(wire);
    }

    private String blockhash() {
        return chain.node.rpc().call("getLatestBlockhash", Map.of("commitment", "confirmed"))
                .path("value").path("blockhash").asText();
    }

    private boolean landed(String signature) {
        return !chain.node.rpc().call("getSignatureStatuses", List.of(signature),
                Map.of("searchTransactionHistory", true)).path("value").path(0).isNull();
    }

    private String state(String jobId) {
        return http.get("/v1/agent/jobs/" + jobId).body().path("state").asText();
    }

    private Balances balances(ChainAsset asset, Account payer) {
        return new Balances(asset, payer.getPublicKeyBase58(), chain.balance(chain.agentTreasury, asset),
                chain.balance(chain.feeTreasury, asset), chain.balance(payer.getPublicKeyBase58(), asset));
    }

    /** Balances before a settle; {@link #assertPaid} compares the chain's balances now with them. */
    private record Balances(ChainAsset asset, String payer, BigInteger agent, BigInteger fee, BigInteger payerBalance) {
        void assertPaid(BigInteger total, BigInteger feePart, BigInteger payerSpent) {
            LocalSolana chain = LocalSolana.get();
            assertThat(chain.balance(chain.agentTreasury, asset).subtract(agent)).as("agent +net")
                    .isEqualTo(total.subtract(feePart));
            assertThat(chain.balance(chain.feeTreasury, asset).subtract(fee)).as("fee treasury +fee").isEqualTo(feePart);
            assertThat(payerBalance.subtract(chain.balance(payer, asset))).as("payer spent").isEqualTo(payerSpent);
        }
    }
}
