package dev.tollgate.chain.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.support.Poll;
import dev.tollgate.chain.support.StockX402Scripts;
import dev.tollgate.chain.x402.ExactPayment;
import dev.tollgate.chain.x402.ExactRefusedException;
import dev.tollgate.chain.x402.ExactRequirement;
import dev.tollgate.chain.x402.UptoScheme;
import dev.tollgate.contracts.generated.TestUSDC;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * x402 {@code upto} on a real anvil with our LocalPermit2 and upto proxy at the canonical addresses: a payload signed
 * by the STOCK {@code @x402/evm} {@code UptoEvmScheme} for a ceiling verifies and settles a smaller actual amount
 * through the UptoSplitter with exact balances; an amount above the ceiling is refused before anything is signed; a
 * replayed payload (same Permit2 nonce) is refused; tampered signature, another facilitator, an expiring permit and a
 * payer without a Permit2 allowance are refused with x402's reasons, nothing broadcast.
 */
class EvmUptoSchemeTest {
    private static final int FEE_BPS = 250;
    private static final BigInteger CEILING = BigInteger.valueOf(1_000_000);
    private static final BigInteger ACTUAL = BigInteger.valueOf(123_457);
    /** floor(123_457 * 250 / 10_000) */
    private static final BigInteger FEE = BigInteger.valueOf(3_086);
    private static final BigInteger NET = ACTUAL.subtract(FEE);
    private static final BigInteger MAX_UINT = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private static EvmTestChain chain;
    private static EvmRail rail;
    private static UptoScheme scheme;
    private static ChainAsset usdc;
    private static String splitter;
    private static String relayer;
    private static Web3j web3j;

    @BeforeAll
    static void start() throws Exception {
        chain = new EvmTestChain();
        String factory = chain.deployer.deploySplitVaultFactory(EvmTestChain.OWNER_KEY);
        String relayerKey = chain.newPayerKey(false);
        relayer = Credentials.create(relayerKey).getAddress();
        splitter = chain.deployer.deployUptoSplitter(EvmTestChain.OWNER_KEY, relayer);
        rail = new EvmRail(chain.config(1, false).withExact(EvmExactConfig.of(factory, FEE_BPS, relayerKey)
                .withUptoSplitter(splitter)));
        scheme = rail.uptoScheme().orElseThrow();
        usdc = rail.assets().get("USDC");
        web3j = Web3j.build(new HttpService(chain.anvil.rpcUrl().toString()));
    }

    @AfterAll
    static void stop() {
        web3j.shutdown();
        rail.close();
        chain.close();
    }

    @Test
    void requirementAsksTheStockClientForTheCeilingToTheSplitterSettledOnlyByIt() {
        ExactRequirement req = scheme.requirement(ceiling(), 90);

        assertThat(scheme.caip2()).isEqualTo("eip155:" + EvmTestChain.CHAIN_ID);
        assertThat(req.network()).isEqualTo(scheme.caip2());
        assertThat(req.asset()).isEqualToIgnoringCase(usdc.address());
        assertThat(req.payTo()).isEqualTo(splitter);
        assertThat(req.amount()).isEqualTo(CEILING);
        assertThat(req.maxTimeoutSeconds()).isEqualTo(90);
        assertThat(req.extra()).containsExactly(Map.entry("name", "USD Coin"), Map.entry("version", "2"),
                Map.entry("assetTransferMethod", "permit2"), Map.entry("facilitatorAddress", splitter));
        assertThat(new EvmRail(chain.config(1, false)).uptoScheme()).isEmpty(); // not offered unless configured
    }

    @Test
    void aStockClientPayloadSettlesTheSmallerActualAmountWithTheFeeSplitAndPaysOnce() throws Exception {
        String payerKey = payerApprovingPermit2();
        String payer = Credentials.create(payerKey).getAddress();
        ExactRequirement req = scheme.requirement(ceiling(), 120);
        Map<String, Object> payload = stockPayload(req, payerKey);
        ExactPayment payment = scheme.verify(req, payload);
        assertThat(payment.payer()).isEqualToIgnoringCase(payer);
        String nonce = (String) authorization(payload).get("nonce");
        assertThat(payment.paymentKey()).isEqualTo(("permit2:" + payer + ":" + nonce).toLowerCase());

        PaymentIntent actual = actual(EvmTestChain.newAddress(), EvmTestChain.newAddress(), NET, FEE);
        BigInteger payerBefore = rail.balanceOf(payer, usdc);
        SignedPayment settle = scheme.prepare(actual, payment);
        assertThat(settle.payer()).isEqualToIgnoringCase(relayer);
        assertThat(scheme.submit(settle)).isEqualTo(CustodialSigner.Submission.ACCEPTED);
        PaymentCheck verdict = finalVerdict(actual, payment, settle);

        assertThat(verdict.status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(verdict.observed().toPayee()).isEqualTo(NET);
        assertThat(verdict.observed().toFeeRecipient()).isEqualTo(FEE);
        assertThat(verdict.observed().payer()).isEqualToIgnoringCase(payer);
        assertThat(payerBefore.subtract(rail.balanceOf(payer, usdc))).isEqualTo(ACTUAL);
        assertThat(rail.balanceOf(actual.payee(), usdc)).isEqualTo(NET);
        assertThat(rail.balanceOf(actual.feeRecipient(), usdc)).isEqualTo(FEE);
        assertThat(rail.balanceOf(splitter, usdc)).isZero();

        // the same payload again (replayed, or a second request): its Permit2 nonce is spent
        assertRefused(req, payload, "permit2_invalid_nonce");
        PaymentIntent second = actual(EvmTestChain.newAddress(), EvmTestChain.newAddress(), BigInteger.TEN, BigInteger.ZERO);
        ExactRefusedException again = catchThrowableOfType(ExactRefusedException.class, () -> scheme.prepare(second, payment));
        assertThat(again.reason()).isEqualTo("permit2_invalid_nonce");
        assertThat(payerBefore.subtract(rail.balanceOf(payer, usdc))).isEqualTo(ACTUAL);
    }

    @Test
    void anAmountAboveTheCeilingIsRefusedBeforeAnythingIsSigned() throws Exception {
        String payerKey = payerApprovingPermit2();
        ExactRequirement req = scheme.requirement(ceiling(), 120);
        ExactPayment payment = scheme.verify(req, stockPayload(req, payerKey));
        BigInteger relayerNonce = web3j.ethGetTransactionCount(relayer, DefaultBlockParameterName.PENDING).send()
                .getTransactionCount();

        // one unit over the ceiling (fee 0 at 0 bps is a valid split, so only the ceiling refuses it)
        PaymentIntent over = actual(EvmTestChain.newAddress(), EvmTestChain.newAddress(), CEILING.add(BigInteger.ONE),
                BigInteger.ZERO);
        ExactRefusedException refused = catchThrowableOfType(ExactRefusedException.class, () -> scheme.prepare(over, payment));
        assertThat(refused.reason()).isEqualTo("invalid_upto_evm_payload_settlement_exceeds_amount");
        // a fee that no rate produces from the total is refused too (the splitter computes the fee itself): on
        // 20,000 units 1 bps is already 2
        PaymentIntent oddFee = actual(EvmTestChain.newAddress(), EvmTestChain.newAddress(), BigInteger.valueOf(19_999),
                BigInteger.ONE);
        assertThat(catchThrowableOfType(ExactRefusedException.class, () -> scheme.prepare(oddFee, payment)).reason())
                .isEqualTo("invalid_payment_requirements");
        assertThat(web3j.ethGetTransactionCount(relayer, DefaultBlockParameterName.PENDING).send().getTransactionCount())
                .isEqualTo(relayerNonce);

        // the whole ceiling is allowed
        PaymentIntent whole = actual(EvmTestChain.newAddress(), EvmTestChain.newAddress(), CEILING.subtract(
                BigInteger.valueOf(25_000)), BigInteger.valueOf(25_000));
        SignedPayment settle = scheme.prepare(whole, payment);
        scheme.submit(settle);
        assertThat(finalVerdict(whole, payment, settle).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
    }

    @Test
    void forgedMisdirectedExpiringOrUnapprovedPayloadsAreRefusedWithX402Reasons() throws Exception {
        String payerKey = payerApprovingPermit2();
        ExactRequirement req = scheme.requirement(ceiling(), 120);
        Map<String, Object> good = stockPayload(req, payerKey);

        Map<String, Object> tampered = copy(good);
        String sig = (String) tampered.get("signature");
        tampered.put("signature", sig.substring(0, 20) + (sig.charAt(20) == 'a' ? 'b' : 'a') + sig.substring(21));
        assertRefused(req, tampered, "invalid_permit2_signature");

        Map<String, Object> otherAmount = copy(good);
        permitted(otherAmount).put("amount", CEILING.add(BigInteger.ONE).toString());
        assertRefused(req, otherAmount, "permit2_amount_mismatch");

        // the stock client told another facilitator (e.g. a requirement not from this gateway)
        Map<String, Object> foreignExtra = new LinkedHashMap<>(req.extra());
        foreignExtra.put("facilitatorAddress", EvmTestChain.newAddress());
        ExactRequirement foreign = new ExactRequirement(req.network(), req.asset(), req.payTo(), req.amount(),
                req.maxTimeoutSeconds(), foreignExtra);
        assertRefused(req, stockPayload(foreign, payerKey), "upto_facilitator_mismatch");

        // to another recipient
        ExactRequirement elsewhere = new ExactRequirement(req.network(), req.asset(), EvmTestChain.newAddress(),
                req.amount(), req.maxTimeoutSeconds(), req.extra());
        assertRefused(req, stockPayload(elsewhere, payerKey), "invalid_permit2_recipient_mismatch");

        // the stock client sets deadline = now + maxTimeoutSeconds: 3 s is too short to land
        ExactRequirement hurried = new ExactRequirement(req.network(), req.asset(), req.payTo(), req.amount(), 3,
                req.extra());
        assertRefused(req, stockPayload(hurried, payerKey), "permit2_deadline_expired");

        // a payer holding USDC who never approved Permit2
        String unapproved = chain.newPayerKey(true);
        assertRefused(req, stockPayload(req, unapproved), "permit2_allowance_required");

        // the good one still verifies: none of the above used its nonce
        assertThat(scheme.verify(req, good).payer()).isEqualToIgnoringCase(Credentials.create(payerKey).getAddress());
    }

    // ---- helpers ----

    private static PaymentIntent ceiling() {
        return actual(EvmTestChain.newAddress(), EvmTestChain.newAddress(), CEILING.subtract(BigInteger.valueOf(25_000)),
                BigInteger.valueOf(25_000));
    }

    private static PaymentIntent actual(String payee, String feeRecipient, BigInteger net, BigInteger fee) {
        String jobId = UUID.randomUUID().toString();
        return new PaymentIntent(jobId, EvmTestChain.NETWORK, usdc, null, payee, feeRecipient, net, fee,
                PaymentIntent.atpMemo(jobId));
    }

    /** A payer holding 1,000 USDC that approved Permit2 for everything, as the stock client's docs ask. */
    private static String payerApprovingPermit2() throws Exception {
        String key = chain.newPayerKey(true);
        TestUSDC.load(usdc.address(), web3j, new RawTransactionManager(web3j, Credentials.create(key), EvmTestChain.CHAIN_ID,
                        new PollingTransactionReceiptProcessor(web3j, 20, 500)),
                new StaticEIP1559GasProvider(EvmTestChain.CHAIN_ID, BigInteger.valueOf(50_000_000_000L),
                        BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(200_000)))
                .approve(UptoPermit2.PERMIT2, MAX_UINT).send();
        return key;
    }

    /** The scheme payload the stock {@code UptoEvmScheme} 2.27 signs for {@code req} ({@code upto/sign-upto.mjs}). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> stockPayload(ExactRequirement req, String payerKey) throws Exception {
        Map<String, Object> requirements = StockX402Scripts.requirementsOf(req);
        requirements.put("scheme", UptoScheme.SCHEME);
        Map<String, Object> paymentPayload = StockX402Scripts.runForJson("upto/sign-upto.mjs", Map.of(
                "X402_REQUIREMENTS", new ObjectMapper().writeValueAsString(requirements), "EVM_PAYER_KEY", payerKey));
        assertThat(paymentPayload.get("x402Version")).isEqualTo(2);
        return (Map<String, Object>) paymentPayload.get("payload");
    }

    private static PaymentCheck finalVerdict(PaymentIntent intent, ExactPayment payment, SignedPayment settle)
            throws InterruptedException {
        PaymentCheck[] last = new PaymentCheck[1];
        try {
            return Poll.until(() -> {
                last[0] = scheme.check(intent, payment, settle.txId(), Commitment.CONFIRMED, settle.validUntil());
                return last[0].isFinal() ? last[0] : null;
            }, Poll.LIMIT);
        } catch (AssertionError stillPending) {
            return last[0];
        }
    }

    private static void assertRefused(ExactRequirement req, Map<String, Object> payload, String reason) {
        ExactRefusedException refused = catchThrowableOfType(ExactRefusedException.class, () -> scheme.verify(req, payload));
        assertThat(refused).as("refused with " + reason).isNotNull();
        assertThat(refused.reason()).isEqualTo(reason);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> payload) throws Exception {
        ObjectMapper json = new ObjectMapper();
        return json.readValue(json.writeValueAsString(payload), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> authorization(Map<String, Object> payload) {
        return (Map<String, Object>) payload.get("permit2Authorization");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> permitted(Map<String, Object> payload) {
        return (Map<String, Object>) authorization(payload).get("permitted");
    }
}
