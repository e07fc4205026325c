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
import dev.tollgate.chain.evm.EvmDeployer;
import dev.tollgate.chain.evm.EvmExactConfig;
import dev.tollgate.chain.evm.EvmNetworkConfig;
import dev.tollgate.chain.evm.EvmRail;
import dev.tollgate.chain.support.Poll;
import dev.tollgate.chain.x402.ExactPayment;
import dev.tollgate.chain.x402.ExactRequirement;
import dev.tollgate.chain.x402.ExactScheme;
import dev.tollgate.localnet.JsonRpcClient;
import dev.tollgate.localnet.evm.AnvilNode;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * The Java client paying billed endpoints on a real anvil (TestUSDC, SplitVaultFactory): an ERC-20 approve signed
 * here and read back with the token's own {@code allowance()}; an x402 exact payload signed here verified and settled
 * by the gateway's {@code EvmExactScheme} with the fee split; and {@link BilledHttp} against a host speaking the
 * billing filter's wire contract: signed in per URL, granting on a 402 within the caller's cap, then paid.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class EvmBillingTest {
    private static final long CHAIN_ID = 80002;
    private static final String NETWORK = "eip155:" + CHAIN_ID;
    private static final String OWNER_KEY = AnvilNode.DEV_PRIVATE_KEYS.get(0);
    private static final int FEE_BPS = 500;
    private static final BigInteger THOUSAND_USDC = BigInteger.valueOf(1_000_000_000L);

    private AnvilNode anvil;
    private EvmDeployer deployer;
    private String usdc;
    private EvmRail rail;
    private ExactScheme exact;
    private JsonRpcClient node;

    @BeforeAll
    void start() throws Exception {
        anvil = AnvilNode.start(CHAIN_ID);
        deployer = new EvmDeployer(anvil.rpcUrl(), CHAIN_ID, Duration.ofSeconds(10));
        EvmDeployer.LocalContracts contracts = deployer.deployLocal(OWNER_KEY);
        usdc = contracts.usdc();
        String factory = deployer.deploySplitVaultFactory(OWNER_KEY);
        String relayerKey = AnvilNode.DEV_PRIVATE_KEYS.get(3);
        rail = new EvmRail(new EvmNetworkConfig(NetworkId.of(NETWORK), CHAIN_ID, anvil.rpcUrl(), contracts.splitter(),
                EvmNetworkConfig.POL, Map.of("USDC", EvmNetworkConfig.usdc(usdc)), 1, false, Duration.ofSeconds(10),
                null).withExact(EvmExactConfig.of(factory, FEE_BPS, relayerKey)));
        exact = rail.exactScheme().orElseThrow();
        node = anvil.rpc();
    }

    @AfterAll
    void stop() {
        if (rail != null) {
            rail.close();
        }
        if (deployer != null) {
            deployer.close();
        }
        if (anvil != null) {
            anvil.close();
        }
    }

    /** A fresh wallet holding 10 POL for gas and 1,000 USDC. */
    private EvmWallet newPayer() throws Exception {
        ECKeyPair pair = Keys.createEcKeyPair();
        String address = Numeric.prependHexPrefix(Keys.getAddress(pair));
        anvil.setBalance(address, BigInteger.TEN.pow(19));
        deployer.mintTestUsdc(OWNER_KEY, usdc, address, THOUSAND_USDC);
        return EvmWallet.fromHex(Numeric.toHexStringWithPrefixZeroPadded(pair.getPrivateKey(), 64));
    }

    private static String newAddress() throws Exception {
        return Keys.toChecksumAddress(Keys.getAddress(Keys.createEcKeyPair()));
    }

    private AllowanceOffer offer(String spender) {
        return new AllowanceOffer(NETWORK, "USDC", usdc, spender, 6);
    }

    /** The token's own {@code allowance(owner, spender)}, asked directly. */
    private BigInteger allowanceOnChain(String owner, String spender) {
        String data = FunctionEncoder.encode(new Function("allowance", List.of(new Address(owner), new Address(spender)),
                List.of()));
        return Numeric.toBigInt(node.call("eth_call", Map.of("to", usdc, "data", data), "latest").asText());
    }

    private BigInteger txCount(String address) {
        return Numeric.toBigInt(node.call("eth_getTransactionCount", address, "latest").asText());
    }

    private AllowanceGrants grants(String network) {
        return new AllowanceGrants(Map.of(network, anvil.rpcUrl()), Duration.ofSeconds(10), Clock.systemUTC());
    }

    @Test
    void anApproveSignedHereSetsTheAllowanceTheTokenReports() throws Exception {
        try (EvmWallet wallet = newPayer()) {
            String spender = newAddress();
            AllowanceGrants grants = grants(NETWORK);
            assertThat(grants.read(offer(spender), wallet.address()))
                    .isEqualTo(new AllowanceState(spender, BigInteger.ZERO, THOUSAND_USDC));

            AllowanceGrants.Grant grant = grants.grant(wallet, offer(spender), BigInteger.valueOf(2_500_000),
                    Duration.ofSeconds(60));

            assertThat(grant.txId()).matches("0x[0-9a-f]{64}");
            JsonNode receipt = node.call("eth_getTransactionReceipt", grant.txId());
            assertThat(receipt.path("status").asText()).isEqualTo("0x1");
            assertThat(receipt.path("from").asText()).isEqualToIgnoringCase(wallet.address());
            assertThat(receipt.path("to").asText()).isEqualToIgnoringCase(usdc);
            assertThat(allowanceOnChain(wallet.address(), spender)).isEqualTo(BigInteger.valueOf(2_500_000));
            assertThat(grants.read(offer(spender), wallet.address()))
                    .isEqualTo(new AllowanceState(spender, BigInteger.valueOf(2_500_000), THOUSAND_USDC));

            grants.grant(wallet, offer(spender), BigInteger.valueOf(1_000), Duration.ofSeconds(60));
            assertThat(allowanceOnChain(wallet.address(), spender)).as("approve sets, it does not add")
                    .isEqualTo(BigInteger.valueOf(1_000));
            assertThat(allowanceOnChain(wallet.address(), newAddress())).isZero();
        }
    }

    @Test
    void aNodeOfAnotherChainGetsNothingSigned() throws Exception {
        try (EvmWallet wallet = newPayer()) {
            AllowanceOffer mainnet = new AllowanceOffer("eip155:137", "USDC", usdc, newAddress(), 6);
            TollgateException refused = catchThrowableOfType(TollgateException.class, () -> grants("eip155:137")
                    .grant(wallet, mainnet, BigInteger.ONE, Duration.ofSeconds(10)));

            assertThat(refused.code()).isEqualTo(TollgateException.LOCAL_PAYMENT_FAILED);
            assertThat(txCount(wallet.address())).isZero();
        }
    }

    /** The accepts entry the gateway's billing API would advertise for {@code requirement}, as JSON. */
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
        extra.put("tollgateJobId", UUID.randomUUID().toString());
        return a;
    }

    private PaymentIntent intent(BigInteger total) throws Exception {
        String jobId = UUID.randomUUID().toString();
        BigInteger fee = total.multiply(BigInteger.valueOf(FEE_BPS)).divide(BigInteger.valueOf(10_000));
        ChainAsset asset = rail.assets().get("USDC");
        return new PaymentIntent(jobId, NetworkId.of(NETWORK), asset, null, newAddress(), newAddress(),
                total.subtract(fee), fee, PaymentIntent.atpMemo(jobId));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> settle(PaymentIntent intent, ExactRequirement requirement, JsonNode paymentPayload)
            throws Exception {
        Map<String, Object> payload = GatewayHttp.JSON.convertValue(paymentPayload.get("payload"), Map.class);
        ExactPayment payment = exact.verify(requirement, payload);
        SignedPayment settle = exact.prepare(intent, payment);
        assertThat(exact.submit(settle)).isEqualTo(CustodialSigner.Submission.ACCEPTED);
        Poll.until(() -> {
            JsonNode r = node.call("eth_getTransactionReceipt", settle.txId());
            return r == null || r.isNull() ? null : r;
        }, Poll.LIMIT);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("success", true);
        response.put("transaction", settle.txId());
        response.put("network", requirement.network());
        response.put("payer", payment.payer());
        return response;
    }

    @Test
    void anExactPayloadSignedHereIsVerifiedAndSettledByTheGatewaysScheme() throws Exception {
        try (EvmWallet wallet = newPayer()) {
            PaymentIntent intent = intent(BigInteger.valueOf(1_000_000));
            ExactRequirement requirement = exact.requirement(intent, 120);
            ObjectNode accept = acceptOf(requirement);
            ObjectNode required = GatewayHttp.JSON.createObjectNode().put("x402Version", 2);
            required.putObject("resource").put("url", "http://127.0.0.1:1/v1/quote");
            required.putArray("accepts").add(accept);
            BigInteger polBefore = rail.balanceOf(wallet.address(), EvmNetworkConfig.POL);

            String header = new X402ExactPayer(Map.of(), Duration.ofSeconds(5), Clock.systemUTC())
                    .paymentSignature(wallet, required, accept);
            Map<String, Object> response = settle(intent, requirement,
                    GatewayHttp.JSON.readTree(Base64.getDecoder().decode(header)));

            assertThat(response.get("payer").toString()).isEqualToIgnoringCase(wallet.address());
            ChainAsset asset = rail.assets().get("USDC");
            assertThat(rail.balanceOf(intent.payee(), asset)).isEqualTo(intent.netUnits());
            assertThat(rail.balanceOf(intent.feeRecipient(), asset)).isEqualTo(intent.feeUnits());
            assertThat(rail.balanceOf(wallet.address(), asset)).isEqualTo(THOUSAND_USDC.subtract(BigInteger.valueOf(1_000_000)));
            assertThat(rail.balanceOf(wallet.address(), EvmNetworkConfig.POL)).as("gasless for the payer").isEqualTo(polBefore);
        }
    }

    private BilledHttp billed(Wallet wallet) {
        return BilledHttp.builder().wallet(wallet).rpc(NETWORK, anvil.rpcUrl()).grantWait(Duration.ofSeconds(60)).build();
    }

    @Test
    void aBilledRequestIsSignedInForItsUrlGrantsWithinTheCapOnA402AndIsPaid() throws Exception {
        String spender = newAddress();
        try (EvmWallet wallet = newPayer(); StubBilledHost host = new StubBilledHost(NETWORK, rail, offer(spender),
                BigInteger.valueOf(50_000), payer -> allowanceOnChain(payer, spender))) {
            BilledRequest request = BilledRequest.postJson(host.url("/v1/chat/completions"),
                    "{\"model\":\"m\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

            BilledResponse response = billed(wallet).payWithAllowance(request, NETWORK, BigInteger.valueOf(3_000_000));

            assertThat(host.refusals).isEmpty();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.paid()).isTrue();
            assertThat(response.json().orElseThrow().path("choices").path(0).path("message").path("content").asText())
                    .isEqualTo("hello");
            assertThat(response.usage().orElseThrow().path("total_tokens").asInt()).isEqualTo(19);
            assertThat(response.settlement().orElseThrow().path("network").asText()).isEqualTo(NETWORK);
            assertThat(allowanceOnChain(wallet.address(), spender)).as("granted exactly the cap")
                    .isEqualTo(BigInteger.valueOf(3_000_000));
            assertThat(host.signedInPayers).as("signed in twice, each with a fresh nonce")
                    .containsExactly(wallet.address(), wallet.address());

            // granted already: the next request is paid at once, with no second grant
            BigInteger txs = txCount(wallet.address());
            BilledResponse again = billed(wallet).payWithAllowance(request, NETWORK, BigInteger.valueOf(3_000_000));
            assertThat(again.paid()).isTrue();
            assertThat(txCount(wallet.address())).isEqualTo(txs);

            BilledResponse stream = billed(wallet).payWithAllowance(BilledRequest.postJson(host.url("/v1/stream"),
                    "{\"stream\":true}").withHeader("Accept", "text/event-stream"), NETWORK, BigInteger.valueOf(3_000_000));
            assertThat(stream.paid()).isTrue();
            assertThat(stream.handlerEvents()).hasSize(3);
            assertThat(stream.usage().orElseThrow().path("output_tokens").asInt()).isEqualTo(7);
            assertThat(host.refusals).isEmpty();
        }
    }

    @Test
    void aHostThatDeclaresItsResourceWithoutTheQueryIsSignedInForIt() throws Exception {
        String spender = newAddress();
        try (EvmWallet wallet = newPayer(); StubBilledHost host = new StubBilledHost(NETWORK, rail, offer(spender),
                BigInteger.valueOf(50_000), payer -> allowanceOnChain(payer, spender))) {
            URI withQuery = URI.create(host.url("/v1/chat/completions") + "?api-version=2");

            BilledResponse response = billed(wallet).payWithAllowance(BilledRequest.postJson(withQuery, "{}"), NETWORK,
                    BigInteger.valueOf(100_000));

            assertThat(response.paid()).isTrue();
            assertThat(host.refusals).as("only the first sign-in, for the URL as sent").containsExactly("siwx_uri_mismatch");
            assertThat(host.signedInPayers).hasSize(2);
            assertThat(allowanceOnChain(wallet.address(), spender)).isEqualTo(BigInteger.valueOf(100_000));
        }
    }

    @Test
    void concurrentRequestsOfOneClientGrantOnce() throws Exception {
        String spender = newAddress();
        try (EvmWallet wallet = newPayer(); StubBilledHost host = new StubBilledHost(NETWORK, rail, offer(spender),
                BigInteger.valueOf(50_000), payer -> allowanceOnChain(payer, spender))) {
            BilledHttp billed = billed(wallet);
            BilledRequest request = BilledRequest.postJson(host.url("/v1/chat/completions"), "{\"max_tokens\":8}");
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<BilledResponse>> answers = new java.util.ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    answers.add(pool.submit(() -> billed.payWithAllowance(request, NETWORK, BigInteger.valueOf(500_000))));
                }
                for (java.util.concurrent.Future<BilledResponse> answer : answers) {
                    assertThat(answer.get(120, TimeUnit.SECONDS).paid()).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(txCount(wallet.address())).as("one approve for all four").isEqualTo(BigInteger.ONE);
            assertThat(allowanceOnChain(wallet.address(), spender)).isEqualTo(BigInteger.valueOf(500_000));
            assertThat(host.refusals).isEmpty();
        }
    }

    @Test
    void aPendingOutputIsCollectedSignedInAsTheGatewayAsks() throws Exception {
        String spender = newAddress();
        try (EvmWallet wallet = newPayer(); StubBilledHost host = new StubBilledHost(NETWORK, rail, offer(spender),
                BigInteger.valueOf(50_000), payer -> allowanceOnChain(payer, spender))) {
            BilledHttp billed = billed(wallet);
            billed.grants().grant(wallet, offer(spender), BigInteger.valueOf(100_000), Duration.ofSeconds(60));

            BilledResponse accepted = billed.payWithAllowance(BilledRequest.postJson(host.url("/v1/slow"), "{}"),
                    NETWORK, BigInteger.valueOf(100_000));

            assertThat(accepted.status()).isEqualTo(202);
            assertThat(accepted.paid()).isFalse();
            BilledResponse.Pending pending = accepted.pending().orElseThrow();
            assertThat(pending.usage().path("total_tokens").asInt()).isEqualTo(3);
            BilledResponse output = billed.collect(pending, NETWORK);
            assertThat(output.status()).isEqualTo(200);
            assertThat(output.json().orElseThrow().path("output").asText()).isEqualTo("the answer");
            assertThat(host.refusals).isEmpty();
        }
    }

    @Test
    void aPriceAboveTheCapGrantsNothing() throws Exception {
        String spender = newAddress();
        try (EvmWallet wallet = newPayer(); StubBilledHost host = new StubBilledHost(NETWORK, rail, offer(spender),
                BigInteger.valueOf(50_000), payer -> allowanceOnChain(payer, spender))) {
            BilledRequest request = BilledRequest.postJson(host.url("/v1/chat/completions"), "{}");

            TollgateException refused = catchThrowableOfType(TollgateException.class,
                    () -> billed(wallet).payWithAllowance(request, NETWORK, BigInteger.valueOf(49_999)));

            assertThat(refused.code()).isEqualTo(TollgateException.OVER_SPENDING_CAP);
            assertThat(allowanceOnChain(wallet.address(), spender)).isZero();
            assertThat(txCount(wallet.address())).isZero();

            BilledResponse unpaid = billed(wallet).payWithAllowance(request, NETWORK, null);
            assertThat(unpaid.status()).as("no cap, no grant: the 402 is the answer").isEqualTo(402);
            assertThat(unpaid.challenge().orElseThrow().reason()).isEqualTo("allowance_insufficient");
            assertThat(txCount(wallet.address())).isZero();
        }
    }

    @Test
    void aFixedPriceEndpointIsPaidWithExactFromJava() throws Exception {
        String spender = newAddress();
        PaymentIntent intent = intent(BigInteger.valueOf(10_000));
        ExactRequirement requirement = exact.requirement(intent, 120);
        ObjectNode accept = acceptOf(requirement);
        try (EvmWallet wallet = newPayer(); StubBilledHost host = new StubBilledHost(NETWORK, rail, offer(spender),
                BigInteger.ONE, payer -> BigInteger.ZERO)) {
            host.exactHandler(new StubBilledHost.ExactHandler() {
                @Override
                public JsonNode accept() {
                    return accept;
                }

                @Override
                public Map<String, Object> settle(JsonNode paymentPayload) throws Exception {
                    return EvmBillingTest.this.settle(intent, requirement, paymentPayload);
                }
            });
            BilledRequest request = BilledRequest.get(host.url("/v1/quote"));

            TollgateException tooDear = catchThrowableOfType(TollgateException.class,
                    () -> billed(wallet).payExact(request, NETWORK, BigInteger.valueOf(9_999)));
            assertThat(tooDear.code()).isEqualTo(TollgateException.OVER_SPENDING_CAP);

            BilledResponse response;
            try (TollgateClient client = TollgateClient.builder().baseUrl(URI.create("http://127.0.0.1:1"))
                    .wallet(wallet).rpc(NETWORK, anvil.rpcUrl()).build()) {
                response = client.billed().payExact(request, NETWORK, BigInteger.valueOf(10_000));
            }

            assertThat(host.refusals).isEmpty();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.paid()).isTrue();
            assertThat(response.json().orElseThrow().path("quote").asInt()).isEqualTo(42);
            assertThat(response.paymentResponse().orElseThrow().path("payer").asText()).isEqualToIgnoringCase(wallet.address());
            assertThat(rail.balanceOf(intent.payee(), rail.assets().get("USDC"))).isEqualTo(intent.netUnits());
        }
    }
}
