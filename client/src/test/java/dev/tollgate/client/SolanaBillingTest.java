package dev.tollgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.allowance.AllowanceState;
import dev.tollgate.chain.solana.SolanaExactConfig;
import dev.tollgate.chain.solana.SolanaNetworkConfig;
import dev.tollgate.chain.solana.SolanaRail;
import dev.tollgate.chain.solana.tx.SolanaTransaction;
import dev.tollgate.chain.solana.tx.SolanaTransactionDecoder;
import dev.tollgate.chain.support.Poll;
import dev.tollgate.chain.transport.RpcTransportPolicy;
import dev.tollgate.chain.x402.ExactPayment;
import dev.tollgate.chain.x402.ExactRequirement;
import dev.tollgate.chain.x402.ExactScheme;
import dev.tollgate.localnet.JsonRpcClient;
import dev.tollgate.localnet.solana.SolanaNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.utils.Base58;

/**
 * The Java client paying billed endpoints on the real local Solana runtime: an SPL {@code ApproveChecked} signed
 * here, read back from the token account as the node parses it (delegate and delegated amount); an x402 exact
 * transaction built here verified, co-signed and landed by the gateway's {@code SolanaExactScheme}; and
 * {@link BilledHttp} against a host speaking the billing filter's wire contract, granting on a 402 within the cap.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SolanaBillingTest {
    private static final BigInteger THOUSAND_USDC = BigInteger.valueOf(1_000_000_000L);

    private SolanaNode node;
    private JsonRpcClient rpc;
    private String network;
    private ChainAsset usdc;
    private Account feePayer;
    private SolanaRail rail;
    private ExactScheme exact;

    @BeforeAll
    void start() {
        node = SolanaNode.start(new SolanaNode.Options(0, 100, 150, 8));
        rpc = node.rpc();
        network = node.caip2();
        usdc = SolanaNetworkConfig.usdcMint(node.createMint(6));
        feePayer = new Account();
        node.airdrop(feePayer.getPublicKeyBase58(), 10_000_000_000L);
        SolanaExactConfig x402 = SolanaExactConfig.fromKeys(SolanaExactConfig.DEVNET,
                Base58.encode(feePayer.getSecretKey()), Base58.encode(new Account().getSecretKey()));
        rail = new SolanaRail(new SolanaNetworkConfig(NetworkId.of(network), node.rpcUrl(), usdc, Duration.ofSeconds(5)),
                RpcTransportPolicy.forTimeout(Duration.ofSeconds(5)), null, x402);
        exact = rail.exactScheme().orElseThrow();
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    /** A fresh wallet holding 1 SOL for fees and 1,000 USDC. */
    private SolanaWallet newPayer() {
        Account account = new Account();
        node.airdrop(account.getPublicKeyBase58(), 1_000_000_000L);
        node.mintTo(usdc.address(), account.getPublicKeyBase58(), THOUSAND_USDC);
        return SolanaWallet.fromKeypair(account.getSecretKey());
    }

    private AllowanceOffer offer(String spender) {
        return new AllowanceOffer(network, "USDC", usdc.address(), spender, 6);
    }

    /** The payer's token account as the node parses it (jsonParsed): its {@code info}. */
    private JsonNode tokenAccountInfo(String owner) {
        String ata = node.mintTo(usdc.address(), owner, BigInteger.ZERO); // its address; mints nothing
        return rpc.call("getAccountInfo", ata, Map.of("encoding", "jsonParsed", "commitment", "confirmed"))
                .path("value").path("data").path("parsed").path("info");
    }

    /** What the chain says {@code spender} may draw from {@code owner}'s token account. */
    private BigInteger delegatedTo(String owner, String spender) {
        JsonNode info = tokenAccountInfo(owner);
        return spender.equals(info.path("delegate").asText())
                ? new BigInteger(info.path("delegatedAmount").path("amount").asText("0")) : BigInteger.ZERO;
    }

    private AllowanceGrants grants() {
        return new AllowanceGrants(Map.of(network, node.rpcUrl()), Duration.ofSeconds(10), Clock.systemUTC());
    }

    @Test
    void anSplApproveSignedHereDelegatesTheAmountToTheSpender() {
        try (SolanaWallet wallet = newPayer()) {
            String spender = new Account().getPublicKeyBase58();
            AllowanceGrants grants = grants();
            assertThat(grants.read(offer(spender), wallet.address()))
                    .isEqualTo(new AllowanceState(spender, BigInteger.ZERO, THOUSAND_USDC));

            AllowanceGrants.Grant grant = grants.grant(wallet, offer(spender), BigInteger.valueOf(2_500_000),
                    Duration.ofSeconds(60));

            JsonNode info = tokenAccountInfo(wallet.address());
            assertThat(info.path("delegate").asText()).isEqualTo(spender);
            assertThat(info.path("delegatedAmount").path("amount").asText()).isEqualTo("2500000");
            assertThat(info.path("owner").asText()).isEqualTo(wallet.address());
            assertThat(grants.read(offer(spender), wallet.address()))
                    .isEqualTo(new AllowanceState(spender, BigInteger.valueOf(2_500_000), THOUSAND_USDC));
            JsonNode status = rpc.call("getSignatureStatuses", java.util.List.of(grant.txId())).path("value").path(0);
            assertThat(status.path("err").isNull()).isTrue();

            String other = new Account().getPublicKeyBase58();
            grants.grant(wallet, offer(other), BigInteger.valueOf(1_000), Duration.ofSeconds(60));
            assertThat(delegatedTo(wallet.address(), other)).isEqualTo(BigInteger.valueOf(1_000));
            assertThat(grants.read(offer(spender), wallet.address()).allowanceUnits())
                    .as("one delegate per token account: the first spender lost its grant").isZero();
        }
    }

    @Test
    void anOfferWhoseDecimalsAreNotTheMintsGrantsNothing() {
        try (SolanaWallet wallet = newPayer()) {
            String spender = new Account().getPublicKeyBase58();
            AllowanceOffer wrong = new AllowanceOffer(network, "USDC", usdc.address(), spender, 9);

            TollgateException refused = catchThrowableOfType(TollgateException.class,
                    () -> grants().grant(wallet, wrong, BigInteger.ONE, Duration.ofSeconds(10)));

            assertThat(refused.code()).isEqualTo(TollgateException.LOCAL_PAYMENT_FAILED);
            assertThat(tokenAccountInfo(wallet.address()).has("delegate")).isFalse();
        }
    }

    private static ObjectNode acceptOf(ExactRequirement requirement) {
        ObjectNode a = GatewayHttp.JSON.createObjectNode();
        a.put("scheme", "exact");
        a.put("network", requirement.network());
        a.put("amount", requirement.amount().toString());
        a.put("asset", requirement.asset());
        a.put("payTo", requirement.payTo());
        a.put("maxTimeoutSeconds", requirement.maxTimeoutSeconds());
        ObjectNode extra = a.putObject("extra");
        requirement.extra().forEach((k, v) -> extra.put(k, v.toString()));
        return a;
    }

    @Test
    @SuppressWarnings("unchecked")
    void anExactTransactionBuiltHereIsVerifiedCoSignedAndLands() throws Exception {
        try (SolanaWallet wallet = newPayer()) {
            String payee = new Account().getPublicKeyBase58();
            node.mintTo(usdc.address(), payee, BigInteger.ZERO); // x402 clients never create the recipient's account
            String jobId = UUID.randomUUID().toString();
            PaymentIntent intent = new PaymentIntent(jobId, NetworkId.of(network), usdc, null, payee,
                    new Account().getPublicKeyBase58(), BigInteger.valueOf(123_456), BigInteger.ZERO,
                    PaymentIntent.atpMemo(jobId));
            ExactRequirement requirement = exact.requirement(intent, 60);
            ObjectNode accept = acceptOf(requirement);
            ObjectNode required = GatewayHttp.JSON.createObjectNode().put("x402Version", 2);
            required.putObject("resource").put("url", "http://127.0.0.1:1/v1/quote");
            required.putArray("accepts").add(accept);

            BigInteger solBefore = rail.balanceOf(wallet.address(), SolanaNetworkConfig.SOL);
            String header = new X402ExactPayer(Map.of(SolanaExactConfig.DEVNET.value(), node.rpcUrl()),
                    Duration.ofSeconds(10), Clock.systemUTC()).paymentSignature(wallet, required, accept);

            JsonNode envelope = GatewayHttp.JSON.readTree(Base64.getDecoder().decode(header));
            assertThat(envelope.path("accepted").toString()).isEqualTo(accept.toString());
            byte[] wire = Base64.getDecoder().decode(envelope.path("payload").path("transaction").asText());
            SolanaTransaction tx = SolanaTransactionDecoder.decode(wire);
            assertThat(tx.version()).as("a v0 message, as @x402/svm builds").isEqualTo(0);
            assertThat(Base58.encode(tx.accountKeys().get(0))).isEqualTo(feePayer.getPublicKeyBase58());
            assertThat(tx.signatures().get(0)).as("the fee payer's slot is left for the gateway").containsOnly(0);
            assertThat(tx.header()).as("the stock client's layout: fee payer and wallet sign, 4 read-only others")
                    .isEqualTo(new SolanaTransaction.Header(2, 1, 4));
            assertThat(tx.accountKeys()).hasSize(8);
            assertThat(Base58.encode(tx.accountKeys().get(1))).isEqualTo(wallet.address());
            assertThat(tx.instructions()).hasSize(4);
            assertThat(new String(tx.instructions().get(3).data(), StandardCharsets.UTF_8)).isEqualTo(intent.memo());

            Map<String, Object> payload = GatewayHttp.JSON.convertValue(envelope.get("payload"), Map.class);
            ExactPayment payment = exact.verify(requirement, payload);
            assertThat(payment.payer()).isEqualTo(wallet.address());
            SignedPayment settle = exact.prepare(intent, payment);
            assertThat(exact.submit(settle)).isEqualTo(CustodialSigner.Submission.ACCEPTED);

            Poll.until(() -> rail.balanceOf(payee, usdc).equals(intent.totalUnits()) ? Boolean.TRUE : null, Poll.LIMIT);
            assertThat(rail.balanceOf(wallet.address(), usdc)).isEqualTo(THOUSAND_USDC.subtract(intent.totalUnits()));
            assertThat(rail.balanceOf(wallet.address(), SolanaNetworkConfig.SOL)).as("the gateway paid the fee")
                    .isEqualTo(solBefore);
        }
    }

    @Test
    void aBilledRequestSignedInOnSolanaGrantsWithinTheCapAndIsPaid() throws Exception {
        String spender = new Account().getPublicKeyBase58();
        try (SolanaWallet wallet = newPayer(); StubBilledHost host = new StubBilledHost(network, rail, offer(spender),
                BigInteger.valueOf(50_000), payer -> delegatedTo(payer, spender))) {
            BilledHttp billed = BilledHttp.builder().wallet(wallet).rpc(network, node.rpcUrl()).build();

            BilledResponse response = billed.payWithAllowance(BilledRequest.postJson(host.url("/v1/chat/completions"),
                    "{\"max_tokens\":16}"), network, BigInteger.valueOf(2_000_000));

            assertThat(host.refusals).isEmpty();
            assertThat(response.paid()).isTrue();
            assertThat(response.usage().orElseThrow().path("input_tokens").asInt()).isEqualTo(12);
            assertThat(delegatedTo(wallet.address(), spender)).isEqualTo(BigInteger.valueOf(2_000_000));
            assertThat(host.signedInPayers).containsExactly(wallet.address(), wallet.address());
        }
    }
}
