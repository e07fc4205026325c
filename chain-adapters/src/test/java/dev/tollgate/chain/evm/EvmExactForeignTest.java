package dev.tollgate.chain.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.VerificationCode;
import dev.tollgate.chain.support.Poll;
import dev.tollgate.chain.x402.ExactPayment;
import dev.tollgate.chain.x402.ExactRefusedException;
import dev.tollgate.chain.x402.ExactRequirement;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The facilitator side of x402 {@code exact} on a real anvil: requirements made by another resource server (a plain
 * {@code payTo}, no job, no split). What the rail will not settle is refused with x402's reasons before anything is
 * signed; a stock {@code @x402/evm} payload is relayed to the token's own {@code transferWithAuthorization} and pays
 * {@code payTo} exactly once; the look at the receipt accepts only the token's {@code Transfer} of exactly the amount.
 */
class EvmExactForeignTest {
    private static final BigInteger AMOUNT = BigInteger.valueOf(250_001);

    private static EvmTestChain chain;
    private static EvmRail rail;
    private static EvmExactScheme scheme;
    private static ChainAsset usdc;
    private static String relayerAddress;

    @BeforeAll
    static void start() throws Exception {
        chain = new EvmTestChain();
        String factory = chain.deployer.deploySplitVaultFactory(EvmTestChain.OWNER_KEY);
        String relayerKey = chain.newPayerKey(false);
        relayerAddress = Credentials.create(relayerKey).getAddress();
        rail = new EvmRail(chain.config(1, false).withExact(EvmExactConfig.of(factory, 250, relayerKey)));
        scheme = (EvmExactScheme) rail.exactScheme().orElseThrow();
        usdc = rail.assets().get("USDC");
    }

    @AfterAll
    static void stop() {
        rail.close();
        chain.close();
    }

    @Test
    void refusesForeignRequirementsItCannotSettleWithX402Reasons() {
        ExactRequirement good = foreign(EvmTestChain.newAddress(), AMOUNT);
        assertThat(scheme.refuseForeign(good)).isEmpty();
        // the asset as lower-case hex and payTo in EIP-55 form are the same requirement
        assertThat(scheme.refuseForeign(with(good, good.network(), good.asset().toLowerCase(),
                EvmAddresses.checksummed(good.payTo()), AMOUNT, good.extra()))).isEmpty();

        assertRefusal(with(good, "eip155:1", good.asset(), good.payTo(), AMOUNT, good.extra()), "invalid_network");
        assertRefusal(with(good, good.network(), EvmTestChain.newAddress(), good.payTo(), AMOUNT, good.extra()),
                "invalid_payment_requirements");
        assertRefusal(with(good, good.network(), good.asset(), "0x1234", AMOUNT, good.extra()),
                "invalid_payment_requirements");
        assertRefusal(with(good, good.network(), good.asset(), "0x" + "0".repeat(40), AMOUNT, good.extra()),
                "invalid_payment_requirements");
        // anvil's account #1 with the last letter's case flipped: mixed case with a broken EIP-55 checksum
        assertRefusal(with(good, good.network(), good.asset(), "0x70997970C51812dc3A010C7d01b50e0d17dc79c8", AMOUNT,
                good.extra()), "invalid_payment_requirements");
        assertRefusal(with(good, good.network(), good.asset(), good.payTo(), BigInteger.ZERO, good.extra()),
                "invalid_payment_requirements");
        assertRefusal(with(good, good.network(), good.asset(), good.payTo(), AMOUNT, Map.of()),
                "invalid_exact_evm_missing_eip712_domain");
        assertRefusal(with(good, good.network(), good.asset(), good.payTo(), AMOUNT, Map.of("name", "USDC", "version", "2")),
                "invalid_exact_evm_token_name_mismatch");
        assertRefusal(with(good, good.network(), good.asset(), good.payTo(), AMOUNT,
                Map.of("name", "USD Coin", "version", "1")), "invalid_exact_evm_token_version_mismatch");
        assertRefusal(with(good, good.network(), good.asset(), good.payTo(), AMOUNT,
                Map.of("name", "USD Coin", "version", "2", "assetTransferMethod", "permit2")), "unsupported_scheme");
    }

    @Test
    void aStockClientsPaymentToAForeignPayToIsRelayedToTheTokenAndPaysExactlyOnce() throws Exception {
        String payerKey = chain.newPayerKey(true);
        String payer = Credentials.create(payerKey).getAddress();
        String payTo = EvmTestChain.newAddress();
        ExactRequirement requirement = foreign(payTo, AMOUNT);
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = (Map<String, Object>) ExactEvmPayloads.stockClientPayload(requirement, payerKey).get("payload");

        ExactPayment payment = scheme.verify(requirement, payload);
        BigInteger payerBefore = rail.balanceOf(payer, usdc);
        SignedPayment settle = scheme.prepareTransfer(payment);
        RawTransaction relayed = TransactionDecoder.decode(Numeric.toHexString(settle.rawTx()));
        assertThat(relayed.getTo()).as("the token itself, no splitter or vault").isEqualToIgnoringCase(usdc.address());
        assertThat(Numeric.cleanHexPrefix(relayed.getData())).startsWith("e3ee160e"); // transferWithAuthorization(..., v, r, s)
        assertThat(settle.payer()).isEqualTo(scheme.relayerAddress());
        assertThat(scheme.submit(settle)).isEqualTo(CustodialSigner.Submission.ACCEPTED);

        PaymentCheck verdict = finalCheck(payment, settle);
        assertThat(verdict.status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(verdict.observed().toPayee()).isEqualTo(AMOUNT);
        assertThat(verdict.observed().payer()).isEqualToIgnoringCase(payer);
        assertThat(rail.balanceOf(payTo, usdc)).isEqualTo(AMOUNT);
        assertThat(payerBefore.subtract(rail.balanceOf(payer, usdc))).isEqualTo(AMOUNT);
        assertThat(rail.balanceOf(relayerAddress, usdc)).as("the relayer keeps nothing").isZero();

        // the same bytes again are a no-op; the authorisation itself can never be prepared again
        assertThat(scheme.submit(settle)).isEqualTo(CustodialSigner.Submission.ALREADY_KNOWN);
        ExactRefusedException again = catchThrowableOfType(ExactRefusedException.class, () -> scheme.prepareTransfer(payment));
        assertThat(again.reason()).isEqualTo("invalid_exact_evm_nonce_already_used");
        assertThat(rail.balanceOf(payTo, usdc)).isEqualTo(AMOUNT);
    }

    @Test
    void prepareTransferRefusesWhatDoesNotPayTheForeignRequirementAndSignsNothing() throws Exception {
        String payerKey = chain.newPayerKey(true);
        String payTo = EvmTestChain.newAddress();
        ExactRequirement requirement = foreign(payTo, AMOUNT);
        long now = System.currentTimeMillis() / 1000;
        BigInteger relayerNonce = relayerPendingNonce();

        assertPrepareRefused(requirement, sign(payerKey, payTo, AMOUNT.subtract(BigInteger.ONE), now + 60),
                "invalid_exact_evm_payload_authorization_value_mismatch");
        assertPrepareRefused(requirement, sign(payerKey, EvmTestChain.newAddress(), AMOUNT, now + 60),
                "invalid_exact_evm_recipient_mismatch");
        assertPrepareRefused(requirement, sign(payerKey, payTo, AMOUNT, now + 2),
                "invalid_exact_evm_payload_authorization_valid_before");
        assertPrepareRefused(requirement, sign(chain.newPayerKey(false), payTo, AMOUNT, now + 60),
                "invalid_exact_evm_insufficient_balance");
        // a requirement the rail refuses is refused again here, even for a well-signed payload
        ExactRequirement otherDomain = with(requirement, requirement.network(), requirement.asset(), payTo, AMOUNT,
                Map.of("name", "USDC", "version", "2"));
        assertPrepareRefused(otherDomain, sign(payerKey, payTo, AMOUNT, now + 60), "invalid_exact_evm_token_name_mismatch");

        assertThat(relayerPendingNonce()).as("nothing was signed or sent").isEqualTo(relayerNonce);
        assertThat(rail.balanceOf(payTo, usdc)).isZero();
    }

    @Test
    void theLookAtAReceiptAcceptsOnlyTheTokensTransferOfExactlyThisPayment() throws Exception {
        String payTo = EvmTestChain.newAddress();
        String payerKey = chain.newPayerKey(true);
        ExactRequirement requirement = foreign(payTo, AMOUNT);
        ExactPayment paid = scheme.verify(requirement, sign(payerKey, payTo, AMOUNT,
                System.currentTimeMillis() / 1000 + 120));
        SignedPayment settle = scheme.prepareTransfer(paid);
        scheme.submit(settle);
        assertThat(finalCheck(paid, settle).status()).isEqualTo(PaymentCheck.Status.VERIFIED);

        // the same transaction judged as another payer's payment, another recipient's, another amount's
        ExactPayment otherPayer = new ExactPayment(requirement, Credentials.create(chain.newPayerKey(false)).getAddress(),
                "k", paid.payload());
        assertThat(check(otherPayer, settle)).satisfies(c -> {
            assertThat(c.status()).isEqualTo(PaymentCheck.Status.REJECTED);
            assertThat(c.code()).isEqualTo(VerificationCode.WRONG_RECIPIENT);
        });
        ExactPayment otherPayTo = new ExactPayment(foreign(EvmTestChain.newAddress(), AMOUNT), paid.payer(), "k",
                paid.payload());
        assertThat(check(otherPayTo, settle).status()).isEqualTo(PaymentCheck.Status.REJECTED);
        ExactPayment more = new ExactPayment(foreign(payTo, AMOUNT.add(BigInteger.ONE)), paid.payer(), "k", paid.payload());
        assertThat(check(more, settle)).satisfies(c -> {
            assertThat(c.status()).isEqualTo(PaymentCheck.Status.REJECTED);
            assertThat(c.code()).isEqualTo(VerificationCode.AMOUNT_MISMATCH);
        });
        // a hash no node knows, whose authorisation window has long passed: it can no longer land
        assertThat(scheme.checkTransfer(paid, EvmTestChain.randomTxHash(), Commitment.CONFIRMED, 1).status())
                .isEqualTo(PaymentCheck.Status.DROPPED);
        assertThat(scheme.checkTransfer(paid, "0x12", Commitment.CONFIRMED, -1).code())
                .isEqualTo(VerificationCode.INVALID_TX_ID);
    }

    @Test
    void aRequirementReadWhileTheNodeIsUnreachableIsAnOutageNotARefusal() throws Exception {
        try (EvmRail unreachable = new EvmRail(chain.config(EvmTestChain.closedPort(), 1, false)
                .withExact(EvmExactConfig.of(EvmTestChain.newAddress(), 250, chain.newPayerKey(false))))) {
            EvmExactScheme cold = (EvmExactScheme) unreachable.exactScheme().orElseThrow();
            // the token's EIP-712 domain is read from the chain the first time: no answer is no verdict
            assertThatThrownBy(() -> cold.refuseForeign(foreign(EvmTestChain.newAddress(), AMOUNT)))
                    .isInstanceOf(dev.tollgate.chain.RailUnavailableException.class);
        }
    }

    // ---- helpers ----

    private static ExactRequirement foreign(String payTo, BigInteger amount) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("name", "USD Coin");
        extra.put("version", "2");
        return new ExactRequirement(scheme.caip2(), EvmAddresses.checksummed(usdc.address()), payTo, amount, 120, extra);
    }

    private static ExactRequirement with(ExactRequirement r, String network, String asset, String payTo, BigInteger amount,
                                         Map<String, Object> extra) {
        return new ExactRequirement(network, asset, payTo, amount, r.maxTimeoutSeconds(), extra);
    }

    private static void assertRefusal(ExactRequirement requirement, String reason) {
        assertThat(scheme.refuseForeign(requirement)).as(reason).isEqualTo(Optional.of(reason));
    }

    private static void assertPrepareRefused(ExactRequirement requirement, Map<String, Object> payload, String reason) {
        ExactRefusedException refused = catchThrowableOfType(ExactRefusedException.class,
                () -> scheme.prepareTransfer(new ExactPayment(requirement, "0x" + "1".repeat(40), "k", payload)));
        assertThat(refused).as("refused with " + reason).isNotNull();
        assertThat(refused.reason()).isEqualTo(reason);
    }

    private static BigInteger relayerPendingNonce() throws Exception {
        Web3j web3j = Web3j.build(new HttpService(chain.anvil.rpcUrl().toString()));
        try {
            return web3j.ethGetTransactionCount(relayerAddress, DefaultBlockParameterName.PENDING).send()
                    .getTransactionCount();
        } finally {
            web3j.shutdown();
        }
    }

    private static PaymentCheck check(ExactPayment payment, SignedPayment settle) {
        return scheme.checkTransfer(payment, settle.txId(), Commitment.CONFIRMED, settle.validUntil());
    }

    private static PaymentCheck finalCheck(ExactPayment payment, SignedPayment settle) throws InterruptedException {
        return Poll.until(() -> {
            PaymentCheck c = check(payment, settle);
            return c.isFinal() ? c : null;
        }, Poll.LIMIT);
    }

    /** A payload as a wallet signs it, valid from 0 to {@code validBefore}. */
    private static Map<String, Object> sign(String key, String to, BigInteger value, long validBefore) {
        return ExactEvmPayloads.signed(key, null, to, value, 0, validBefore, usdc.address());
    }
}
