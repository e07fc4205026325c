package dev.tollgate.chain.evm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.support.Poll;
import dev.tollgate.chain.x402.ExactRequirement;
import dev.tollgate.chain.x402.SettledElsewhere;
import dev.tollgate.contracts.generated.SplitVaultFactory;
import dev.tollgate.contracts.generated.TestUSDC;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * On a real anvil: an authorisation a stranger submitted before our relayer (to the token directly, or through the
 * factory with another job reference) is found by its {@code AuthorizationUsed} log; the transaction is checked to
 * have moved the total into the vault; the relayer's sweep splits what was left in the vault to the fixed
 * recipients. Unused or forged payloads find nothing.
 */
class EvmExactSettledElsewhereTest {
    private static final int FEE_BPS = 250;
    private static final BigInteger TOTAL = BigInteger.valueOf(1_234_567);
    /** floor(1_234_567 * 250 / 10_000) */
    private static final BigInteger FEE = BigInteger.valueOf(30_864);
    private static final BigInteger NET = TOTAL.subtract(FEE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static EvmTestChain chain;
    private static EvmRail rail;
    private static EvmExactScheme scheme;
    private static ChainAsset usdc;
    private static String factory;
    private static Web3j web3j;

    @BeforeAll
    static void start() throws Exception {
        chain = new EvmTestChain();
        factory = chain.deployer.deploySplitVaultFactory(EvmTestChain.OWNER_KEY);
        rail = new EvmRail(chain.config(1, false).withExact(EvmExactConfig.of(factory, FEE_BPS, chain.newPayerKey(false))
                .withAuthorizationLookbackBlocks(500)));
        scheme = (EvmExactScheme) rail.exactScheme().orElseThrow();
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
    void theTopicIsTheTokensAuthorizationUsedEvent() {
        assertThat(AuthorizationUses.AUTHORIZATION_USED_TOPIC)
                .isEqualTo("0x98de503528ee59b575ef0c0a2576a82497bfc029a5685b209e9ec333479b10a5");
    }

    @Test
    void anAuthorisationAStrangerSentToTheTokenIsFoundCheckedAndTheVaultSwept() throws Exception {
        String payerKey = chain.newPayerKey(true);
        PaymentIntent intent = intent();
        ExactRequirement req = scheme.requirement(intent, 120);
        Map<String, Object> payload = sign(payerKey, req, req.amount());
        assertThat(scheme.findSettlementElsewhere(req, payload)).as("unused: nothing to find").isEmpty();

        TransactionReceipt stranger = submitToToken(payload);
        assertThat(rail.balanceOf(req.payTo(), usdc)).isEqualTo(TOTAL);

        SettledElsewhere found = scheme.findSettlementElsewhere(req, payload).orElseThrow();
        assertThat(found.txId()).isEqualToIgnoringCase(stranger.getTransactionHash());
        assertThat(found.payment().payer()).isEqualToIgnoringCase(Credentials.create(payerKey).getAddress());
        assertThat(found.payment().paymentKey()).isEqualTo((usdc.address() + ":" + Credentials.create(payerKey).getAddress()
                + ":" + authorization(payload).get("nonce")).toLowerCase());
        PaymentCheck moved = Poll.until(() -> {
            PaymentCheck c = scheme.checkTransfer(found.payment(), found.txId(), Commitment.CONFIRMED, found.validUntil());
            return c.isFinal() ? c : null;
        }, Poll.LIMIT);
        assertThat(moved.status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(moved.observed().toPayee()).isEqualTo(TOTAL);

        SignedPayment sweep = scheme.prepareSweep(intent, req).orElseThrow();
        scheme.submit(sweep);
        Poll.until(() -> rail.balanceOf(intent.payee(), usdc).equals(NET) ? Boolean.TRUE : null, Poll.LIMIT);
        assertThat(rail.balanceOf(intent.feeRecipient(), usdc)).isEqualTo(FEE);
        assertThat(rail.balanceOf(req.payTo(), usdc)).isZero();
        assertThat(scheme.prepareSweep(intent, req)).as("an empty vault needs no sweep").isEmpty();
    }

    @Test
    void anAuthorisationAStrangerSettledThroughTheFactoryForAnotherJobIsFoundAndNeedsNoSweep() throws Exception {
        String payerKey = chain.newPayerKey(true);
        PaymentIntent intent = intent();
        ExactRequirement req = scheme.requirement(intent, 120);
        Map<String, Object> payload = sign(payerKey, req, req.amount());
        ExactEvmPayload p = ExactEvmPayload.parse(payload);
        byte[] otherJob = new byte[32];
        RANDOM.nextBytes(otherJob);
        TransactionReceipt stranger = SplitVaultFactory.load(factory, web3j, manager(strangerKey()), gas())
                .settle(intent.payee(), intent.feeRecipient(), BigInteger.valueOf(FEE_BPS), otherJob, usdc.address(),
                        p.from(), p.value(), p.validAfter(), p.validBefore(), p.nonce(), p.signature()).send();

        SettledElsewhere found = scheme.findSettlementElsewhere(req, payload).orElseThrow();
        assertThat(found.txId()).isEqualToIgnoringCase(stranger.getTransactionHash());
        PaymentCheck moved = Poll.until(() -> {
            PaymentCheck c = scheme.checkTransfer(found.payment(), found.txId(), Commitment.CONFIRMED, found.validUntil());
            return c.isFinal() ? c : null;
        }, Poll.LIMIT);
        assertThat(moved.status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(rail.balanceOf(intent.payee(), usdc)).isEqualTo(NET);
        assertThat(rail.balanceOf(intent.feeRecipient(), usdc)).isEqualTo(FEE);
        assertThat(scheme.prepareSweep(intent, req)).isEmpty();
    }

    @Test
    void aForgedPayloadNamingAUsedAuthorisationFindsNothing() throws Exception {
        String payerKey = chain.newPayerKey(true);
        PaymentIntent intent = intent();
        ExactRequirement req = scheme.requirement(intent, 120);
        Map<String, Object> payload = sign(payerKey, req, req.amount());
        submitToToken(payload);
        assertThat(scheme.findSettlementElsewhere(req, payload)).isPresent();

        // Same from and nonce, another value: the signature no longer recovers to from.
        Map<String, Object> forged = new LinkedHashMap<>(payload);
        Map<String, Object> auth = new LinkedHashMap<>(authorization(payload));
        auth.put("value", TOTAL.add(BigInteger.ONE).toString());
        forged.put("authorization", auth);
        ExactRequirement bigger = new ExactRequirement(req.network(), req.asset(), req.payTo(),
                TOTAL.add(BigInteger.ONE), 120, req.extra());
        assertThat(scheme.findSettlementElsewhere(bigger, forged)).isEmpty();
        // The real payload against another job's vault (another payee): not what it paid.
        ExactRequirement otherVault = scheme.requirement(intent(), 120);
        assertThat(scheme.findSettlementElsewhere(otherVault, payload)).isEmpty();
    }

    // ---- helpers ----

    private static TransactionReceipt submitToToken(Map<String, Object> payload) throws Exception {
        ExactEvmPayload p = ExactEvmPayload.parse(payload);
        byte[] sig = p.signature();
        return TestUSDC.load(usdc.address(), web3j, manager(strangerKey()), gas()).transferWithAuthorization(p.from(),
                p.to(), p.value(), p.validAfter(), p.validBefore(), p.nonce(),
                BigInteger.valueOf(Byte.toUnsignedInt(sig[64])), Arrays.copyOfRange(sig, 0, 32),
                Arrays.copyOfRange(sig, 32, 64)).send();
    }

    private static Credentials strangerKey() throws Exception {
        return Credentials.create(chain.newPayerKey(false));
    }

    private static PaymentIntent intent() {
        String jobId = UUID.randomUUID().toString();
        return new PaymentIntent(jobId, EvmTestChain.NETWORK, usdc, null, EvmTestChain.newAddress(),
                EvmTestChain.newAddress(), NET, FEE, PaymentIntent.atpMemo(jobId));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> authorization(Map<String, Object> payload) {
        return (Map<String, Object>) payload.get("authorization");
    }

    /** TransferWithAuthorization to payTo in the token's domain ("USD Coin", "2"), random nonce, valid now. */
    private static Map<String, Object> sign(String key, ExactRequirement req, BigInteger value) {
        Credentials signer = Credentials.create(key);
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        long now = System.currentTimeMillis() / 1000;
        BigInteger validBefore = BigInteger.valueOf(now + req.maxTimeoutSeconds());
        byte[] digest = Eip3009.digest(Eip3009.domainSeparator("USD Coin", "2", EvmTestChain.CHAIN_ID, req.asset()),
                Eip3009.TRANSFER, new Eip3009.Authorization(signer.getAddress(), req.payTo(), value, BigInteger.ZERO,
                        validBefore, nonce));
        Sign.SignatureData sig = Sign.signMessage(digest, signer.getEcKeyPair(), false);
        byte[] bytes = new byte[65];
        System.arraycopy(sig.getR(), 0, bytes, 0, 32);
        System.arraycopy(sig.getS(), 0, bytes, 32, 32);
        bytes[64] = sig.getV()[0];
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("from", signer.getAddress());
        auth.put("to", req.payTo());
        auth.put("value", value.toString());
        auth.put("validAfter", "0");
        auth.put("validBefore", validBefore.toString());
        auth.put("nonce", Numeric.toHexString(nonce));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("authorization", auth);
        payload.put("signature", Numeric.toHexString(bytes));
        return payload;
    }

    private static RawTransactionManager manager(Credentials from) {
        return new RawTransactionManager(web3j, from, EvmTestChain.CHAIN_ID,
                new PollingTransactionReceiptProcessor(web3j, 50, 600));
    }

    private static ContractGasProvider gas() {
        return new StaticEIP1559GasProvider(EvmTestChain.CHAIN_ID, BigInteger.valueOf(50_000_000_000L),
                BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(1_000_000));
    }
}
