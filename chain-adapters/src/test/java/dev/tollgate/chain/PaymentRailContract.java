package dev.tollgate.chain;

import dev.tollgate.chain.support.Poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PaymentRail} must do that needs no real chain: only the rail's interface and the hooks below
 * (funded payers, fresh addresses, moving the chain past a payment's validity). The in-memory test rail passes all
 * of it without I/O ({@code InMemoryRailContractTest}); every real rail runs it too, through
 * {@link PaymentRailConformance}, against its local chain. The tests here are identical for every rail.
 */
public abstract class PaymentRailContract {

    /** The rail under test, connected to a running local chain. */
    protected abstract PaymentRail rail();

    /** The rail's custodial signing capability (every rail here offers ATP's key mode). */
    protected CustodialSigner signer() {
        return rail().custodialSigner().orElseThrow(() -> new AssertionError(rail().network() + " offers no key signing"));
    }

    /** A rail for the same network whose node cannot be reached. */
    protected abstract PaymentRail unreachableRail();

    /** A fresh payer funded with the native coin and with {@link #tokenAsset()}, in a form parseSecret accepts. */
    protected abstract String newFundedPayerSecret();

    /** A fresh payer funded only with enough native coin for fees, and none of {@link #tokenAsset()}. */
    protected abstract String newPayerWithoutTokens();

    /**
     * A fresh address that holds none of {@link #tokenAsset()}. It may hold some native coin where the chain needs
     * it to receive small amounts (Solana's rent-exempt minimum); tests compare balance changes.
     */
    protected abstract String newAddress();

    protected abstract ChainAsset nativeAsset();

    protected abstract ChainAsset tokenAsset();

    /** Moves the chain on until {@code payment} can no longer land (blockhash expiry, deadline passed). */
    protected abstract void outliveValidity(SignedPayment payment) throws Exception;

    /** A small amount that is valid for every fresh recipient (e.g. above Solana's rent-exempt minimum). */
    protected BigInteger smallNet(ChainAsset asset) {
        return asset.isNative() ? BigInteger.valueOf(2_000_000) : BigInteger.valueOf(1_500_000);
    }

    protected PaymentIntent intent(ChainAsset asset, String payer, BigInteger net, BigInteger fee) {
        String jobId = UUID.randomUUID().toString();
        return new PaymentIntent(jobId, rail().network(), asset, payer, newAddress(), newAddress(), net, fee,
                PaymentIntent.atpMemo(jobId));
    }

    private PaymentCheck payAndWait(PaymentIntent intent, PayerSecret secret) throws Exception {
        SignedPayment signed = signer().signPayment(intent, secret);
        signer().submit(signed, false);
        return waitFinal(intent, signed.txId(), signed.validUntil());
    }

    protected PaymentCheck waitFinal(PaymentIntent intent, String txId, long validUntil) throws InterruptedException {
        return Poll.finalVerdict(rail(), intent, txId, Commitment.CONFIRMED, validUntil);
    }

    private void happyPath(ChainAsset asset) throws Exception {
        try (PayerSecret secret = signer().parseSecret(newFundedPayerSecret())) {
            String payer = signer().addressOf(secret);
            PaymentIntent intent = intent(asset, payer, smallNet(asset), BigInteger.valueOf(105_263));
            BigInteger payerBefore = rail().balanceOf(payer, asset);
            BigInteger payeeBefore = rail().balanceOf(intent.payee(), asset);
            BigInteger feeBefore = rail().balanceOf(intent.feeRecipient(), asset);

            PaymentCheck check = payAndWait(intent, secret);

            assertThat(check.status()).isEqualTo(PaymentCheck.Status.VERIFIED);
            assertThat(check.code()).isEqualTo(VerificationCode.OK);
            assertObserved(check, intent, payer, intent.netUnits(), intent.feeUnits());
            assertThat(rail().balanceOf(intent.payee(), asset).subtract(payeeBefore)).isEqualTo(intent.netUnits());
            assertThat(rail().balanceOf(intent.feeRecipient(), asset).subtract(feeBefore)).isEqualTo(intent.feeUnits());
            BigInteger spent = payerBefore.subtract(rail().balanceOf(payer, asset));
            if (asset.isNative()) {
                assertThat(spent).isGreaterThan(intent.totalUnits()); // plus network fees
            } else {
                assertThat(spent).isEqualTo(intent.totalUnits());
            }
        }
    }

    /** Chains' clocks only move forward, and tests only ever push them ahead of the wall clock. */
    private static final Instant SUITE_START = Instant.now().minusSeconds(60);

    /** {@code check} carries a block time and exactly these amounts of the intent's asset, from {@code payer}. */
    protected static void assertObserved(PaymentCheck check, PaymentIntent intent, String payer, BigInteger toPayee,
                                         BigInteger toFeeRecipient) {
        ObservedPayment observed = check.observed();
        assertThat(observed).as("what the transaction paid").isNotNull();
        assertThat(observed.blockTime()).isNotNull().isAfter(SUITE_START);
        assertThat(observed.payer()).isEqualTo(payer);
        assertThat(observed.assetAddress()).isEqualTo(intent.asset().address());
        assertThat(observed.toPayee()).isEqualTo(toPayee);
        assertThat(observed.toFeeRecipient()).isEqualTo(toFeeRecipient);
    }

    @Test
    void paysNativeCoinSplitInOneTransaction() throws Exception {
        happyPath(nativeAsset());
    }

    @Test
    void paysTokenSplitInOneTransaction() throws Exception {
        happyPath(tokenAsset());
    }

    @Test
    void paymentsWithoutFeeAreAllowed() throws Exception {
        try (PayerSecret secret = signer().parseSecret(newFundedPayerSecret())) {
            PaymentIntent intent = intent(tokenAsset(), signer().addressOf(secret), smallNet(tokenAsset()), BigInteger.ZERO);
            assertThat(payAndWait(intent, secret).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
            assertThat(rail().balanceOf(intent.payee(), tokenAsset())).isEqualTo(intent.netUnits());
        }
    }

    /** Pays {@code paid} and then checks the transaction against {@code expected}. */
    private PaymentCheck checkAgainst(PaymentIntent paid, PaymentIntent expected, PayerSecret secret) throws Exception {
        SignedPayment signed = signer().signPayment(paid, secret);
        signer().submit(signed, false);
        assertThat(waitFinal(paid, signed.txId(), signed.validUntil()).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        return rail().checkPayment(expected, signed.txId(), Commitment.CONFIRMED, signed.validUntil());
    }

    @Test
    void wrongAmountIsRejected() throws Exception {
        try (PayerSecret secret = signer().parseSecret(newFundedPayerSecret())) {
            PaymentIntent paid = intent(tokenAsset(), signer().addressOf(secret), smallNet(tokenAsset()), BigInteger.TEN);
            PaymentIntent expected = new PaymentIntent(paid.jobId(), paid.network(), paid.asset(), paid.payer(),
                    paid.payee(), paid.feeRecipient(), paid.netUnits().add(BigInteger.ONE), paid.feeUnits(), paid.memo());
            PaymentCheck check = checkAgainst(paid, expected, secret);
            assertThat(check.status()).isEqualTo(PaymentCheck.Status.REJECTED);
            assertThat(check.code()).isEqualTo(VerificationCode.AMOUNT_MISMATCH);
            assertObserved(check, expected, paid.payer(), paid.netUnits(), paid.feeUnits());
        }
    }

    @Test
    void underpaidFeeIsRejected() throws Exception {
        try (PayerSecret secret = signer().parseSecret(newFundedPayerSecret())) {
            PaymentIntent paid = intent(nativeAsset(), signer().addressOf(secret), smallNet(nativeAsset()), BigInteger.TEN);
            PaymentIntent expected = new PaymentIntent(paid.jobId(), paid.network(), paid.asset(), paid.payer(),
                    paid.payee(), paid.feeRecipient(), paid.netUnits(), paid.feeUnits().add(BigInteger.ONE), paid.memo());
            PaymentCheck check = checkAgainst(paid, expected, secret);
            assertThat(check.status()).isEqualTo(PaymentCheck.Status.REJECTED);
            assertThat(check.code()).isEqualTo(VerificationCode.AMOUNT_MISMATCH);
            assertObserved(check, expected, paid.payer(), paid.netUnits(), paid.feeUnits());
        }
    }

    @Test
    void overpaymentIsVerifiedWithTheExcessObserved() throws Exception {
        for (ChainAsset asset : java.util.List.of(nativeAsset(), tokenAsset())) {
            try (PayerSecret secret = signer().parseSecret(newFundedPayerSecret())) {
                PaymentIntent paid = intent(asset, signer().addressOf(secret), smallNet(asset), BigInteger.valueOf(1_000));
                PaymentIntent expected = new PaymentIntent(paid.jobId(), paid.network(), paid.asset(), paid.payer(),
                        paid.payee(), paid.feeRecipient(), paid.netUnits().subtract(BigInteger.valueOf(7)),
                        paid.feeUnits().subtract(BigInteger.valueOf(3)), paid.memo());
                PaymentCheck check = checkAgainst(paid, expected, secret);
                assertThat(check.status()).as(asset.symbol()).isEqualTo(PaymentCheck.Status.VERIFIED);
                assertObserved(check, expected, paid.payer(), paid.netUnits(), paid.feeUnits());
                assertThat(check.observed().total().subtract(expected.totalUnits())).isEqualTo(BigInteger.TEN);
            }
        }
    }

    @Test
    void wrongRecipientIsRejected() throws Exception {
        try (PayerSecret secret = signer().parseSecret(newFundedPayerSecret())) {
            PaymentIntent paid = intent(tokenAsset(), signer().addressOf(secret), smallNet(tokenAsset()), BigInteger.TEN);
            PaymentIntent expected = new PaymentIntent(paid.jobId(), paid.network(), paid.asset(), paid.payer(),
                    newAddress(), paid.feeRecipient(), paid.netUnits(), paid.feeUnits(), paid.memo());
            PaymentCheck check = checkAgainst(paid, expected, secret);
            assertThat(check.status()).isEqualTo(PaymentCheck.Status.REJECTED);
            assertThat(check.code()).isEqualTo(VerificationCode.WRONG_RECIPIENT);
            assertObserved(check, expected, paid.payer(), BigInteger.ZERO, paid.feeUnits());
        }
    }

    @Test
    void wrongAssetIsRejected() throws Exception {
        try (PayerSecret secret = signer().parseSecret(newFundedPayerSecret())) {
            PaymentIntent paid = intent(nativeAsset(), signer().addressOf(secret), smallNet(nativeAsset()), BigInteger.TEN);
            PaymentIntent expected = new PaymentIntent(paid.jobId(), paid.network(), tokenAsset(), paid.payer(),
                    paid.payee(), paid.feeRecipient(), paid.netUnits(), paid.feeUnits(), paid.memo());
            PaymentCheck check = checkAgainst(paid, expected, secret);
            assertThat(check.status()).isEqualTo(PaymentCheck.Status.REJECTED);
            assertThat(check.code()).isEqualTo(VerificationCode.WRONG_ASSET);
            assertObserved(check, expected, paid.payer(), BigInteger.ZERO, BigInteger.ZERO);
        }
    }

    @Test
    void paymentForAnotherJobIsRejected() throws Exception {
        try (PayerSecret secret = signer().parseSecret(newFundedPayerSecret())) {
            PaymentIntent paid = intent(tokenAsset(), signer().addressOf(secret), smallNet(tokenAsset()), BigInteger.TEN);
            String otherJob = UUID.randomUUID().toString();
            PaymentIntent expected = new PaymentIntent(otherJob, paid.network(), paid.asset(), paid.payer(),
                    paid.payee(), paid.feeRecipient(), paid.netUnits(), paid.feeUnits(), PaymentIntent.atpMemo(otherJob));
            PaymentCheck check = checkAgainst(paid, expected, secret);
            assertThat(check.status()).isEqualTo(PaymentCheck.Status.REJECTED);
            assertThat(check.code()).isEqualTo(VerificationCode.MEMO_MISSING);
            assertThat(check.observed()).as("what the transaction paid").isNotNull();
            assertThat(check.observed().blockTime()).isAfter(SUITE_START);
            assertThat(check.observed().payer()).isEqualTo(paid.payer());
        }
    }

    @Test
    void paymentFromAnotherPayerIsRejectedWhenThePayerIsFixed() throws Exception {
        try (PayerSecret secret = signer().parseSecret(newFundedPayerSecret())) {
            PaymentIntent paid = intent(tokenAsset(), signer().addressOf(secret), smallNet(tokenAsset()), BigInteger.TEN);
            PaymentIntent expected = new PaymentIntent(paid.jobId(), paid.network(), paid.asset(), newAddress(),
                    paid.payee(), paid.feeRecipient(), paid.netUnits(), paid.feeUnits(), paid.memo());
            PaymentCheck check = checkAgainst(paid, expected, secret);
            assertThat(check.status()).isEqualTo(PaymentCheck.Status.REJECTED);
            assertThat(check.code()).isEqualTo(VerificationCode.WRONG_PAYER);
            assertObserved(check, expected, paid.payer(), paid.netUnits(), paid.feeUnits());
        }
    }

    @Test
    void resubmittingTheSameTransactionPaysOnce() throws Exception {
        try (PayerSecret secret = signer().parseSecret(newFundedPayerSecret())) {
            PaymentIntent intent = intent(tokenAsset(), signer().addressOf(secret), smallNet(tokenAsset()), BigInteger.TEN);
            SignedPayment signed = signer().signPayment(intent, secret);
            assertThat(signer().submit(signed, false)).isEqualTo(CustodialSigner.Submission.ACCEPTED);
            assertThat(waitFinal(intent, signed.txId(), signed.validUntil()).status())
                    .isEqualTo(PaymentCheck.Status.VERIFIED);
            // a repeat is a normal outcome, not an error, and moves nothing
            assertThat(signer().submit(signed, false)).isEqualTo(CustodialSigner.Submission.ALREADY_KNOWN);
            assertThat(rail().balanceOf(intent.payee(), tokenAsset())).isEqualTo(intent.netUnits());
            assertThat(rail().balanceOf(intent.feeRecipient(), tokenAsset())).isEqualTo(intent.feeUnits());
        }
    }

    @Test
    void insufficientFundsIsRejectedBeforeAnythingLands() throws Exception {
        try (PayerSecret secret = signer().parseSecret(newPayerWithoutTokens())) {
            PaymentIntent intent = intent(tokenAsset(), signer().addressOf(secret), smallNet(tokenAsset()), BigInteger.TEN);
            assertThatThrownBy(() -> {
                SignedPayment signed = signer().signPayment(intent, secret);
                signer().submit(signed, false);
            }).isInstanceOf(PaymentRejectedException.class);
            assertThat(rail().balanceOf(intent.payee(), tokenAsset())).isZero();
        }
    }

    @Test
    void unknownTransactionIsPendingUntilItsValidityPasses() throws Exception {
        try (PayerSecret secret = signer().parseSecret(newFundedPayerSecret())) {
            PaymentIntent intent = intent(tokenAsset(), signer().addressOf(secret), smallNet(tokenAsset()), BigInteger.TEN);
            SignedPayment signed = signer().signPayment(intent, secret); // signed, never sent
            PaymentCheck before = rail().checkPayment(intent, signed.txId(), Commitment.CONFIRMED, signed.validUntil());
            assertThat(before.status()).isEqualTo(PaymentCheck.Status.PENDING);
            assertThat(before.code()).isEqualTo(VerificationCode.TX_NOT_FOUND);

            outliveValidity(signed);

            PaymentCheck after = rail().checkPayment(intent, signed.txId(), Commitment.CONFIRMED, signed.validUntil());
            assertThat(after.status()).isEqualTo(PaymentCheck.Status.DROPPED);
            assertThatThrownBy(() -> signer().submit(signed, false)).isInstanceOf(PaymentRejectedException.class);
            assertThat(rail().balanceOf(intent.payee(), tokenAsset())).isZero();
        }
    }

    @Test
    void malformedKeyIsRejectedWithoutEchoingIt() {
        String garbage = "not-a-key-" + UUID.randomUUID();
        assertThatThrownBy(() -> signer().parseSecret(garbage))
                .isInstanceOf(PaymentRejectedException.class)
                .satisfies(e -> {
                    assertThat(((PaymentRejectedException) e).reason()).isEqualTo(PaymentRejectedException.Reason.INVALID_KEY);
                    assertThat(e.getMessage()).doesNotContain(garbage);
                });
    }

    @Test
    void addressValidation() {
        assertThat(rail().isValidAddress(newAddress())).isTrue();
        assertThat(rail().isValidAddress("definitely not an address")).isFalse();
        assertThat(rail().isValidAddress("")).isFalse();
    }

    @Test
    void unreachableNodeIsAnOutageNotAVerdict() {
        PaymentIntent intent = new PaymentIntent("job", rail().network(), tokenAsset(), null, newAddress(), newAddress(),
                BigInteger.ONE, BigInteger.ZERO, "ATP:job");
        assertThatThrownBy(() -> unreachableRail().checkPayment(intent, sampleTxId(), Commitment.CONFIRMED, -1))
                .isInstanceOf(RailUnavailableException.class);
    }

    /** A syntactically valid transaction id on this rail that was never sent. */
    protected abstract String sampleTxId();

    /** A transaction id in the form of another rail family (must be refused by this rail's form check). */
    protected abstract String foreignTxId();

    /** {@code message} signed the way this rail's wallets sign messages, with a key in {@code parseSecret}'s form. */
    protected abstract String signMessage(String secret, String message) throws Exception;

    @Test
    void txIdFormIsCheckedWithoutIo() throws Exception {
        assertThat(rail().isValidTxId(sampleTxId())).isTrue();
        assertThat(unreachableRail().isValidTxId(sampleTxId())).as("a form check needs no node").isTrue();
        assertThat(rail().isValidTxId(foreignTxId())).isFalse();
        assertThat(rail().isValidTxId(null)).isFalse();
        assertThat(rail().isValidTxId("")).isFalse();
        String sample = sampleTxId();
        assertThat(rail().isValidTxId(sample + sample)).isFalse();
        assertThat(rail().isValidTxId(sample.substring(0, sample.length() / 2))).isFalse();
        assertThat(rail().isValidTxId(" " + sampleTxId())).isFalse();
        assertThat(rail().isValidTxId("9".repeat(1_000_000))).isFalse();
        try (PayerSecret secret = signer().parseSecret(newFundedPayerSecret())) {
            SignedPayment signed = signer().signPayment(intent(nativeAsset(), signer().addressOf(secret), smallNet(nativeAsset()),
                    BigInteger.ONE), secret);
            assertThat(rail().isValidTxId(signed.txId())).isTrue();
        }
    }

    @Test
    void walletSignatureProvesTheAddressAndNothingElse() throws Exception {
        String secretText = newFundedPayerSecret();
        String other = newFundedPayerSecret();
        String address;
        String otherAddress;
        try (PayerSecret secret = signer().parseSecret(secretText); PayerSecret o = signer().parseSecret(other)) {
            address = signer().addressOf(secret);
            otherAddress = signer().addressOf(o);
        }
        String message = "tollgate.test wants you to sign in\nRequest ID: " + UUID.randomUUID();
        String signature = signMessage(secretText, message);

        assertThat(rail().verifyWalletSignature(address, message, signature)).isTrue();
        assertThat(rail().verifyWalletSignature(otherAddress, message, signature)).as("another address").isFalse();
        assertThat(rail().verifyWalletSignature(address, message + " ", signature)).as("another message").isFalse();
        assertThat(rail().verifyWalletSignature(address, message, signMessage(other, message))).as("another signer").isFalse();
        assertThat(rail().verifyWalletSignature(address, message, "garbage")).isFalse();
        assertThat(rail().verifyWalletSignature(address, message, null)).isFalse();
        assertThat(rail().verifyWalletSignature("not an address", message, signature)).isFalse();
        assertThat(rail().verifyWalletSignature(address, message, "1".repeat(1_000_000))).isFalse();
    }
}
