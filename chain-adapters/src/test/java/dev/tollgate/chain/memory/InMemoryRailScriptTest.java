package dev.tollgate.chain.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.VerificationCode;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The in-memory rail's scripted misbehaviour: each script gives exactly the verdict a real node would. */
class InMemoryRailScriptTest {
    private static final Instant BLOCK_TIME = Instant.parse("2031-01-02T03:04:05Z");
    private static final ChainAsset COIN = ChainAsset.nativeCoin("MEM", 9);
    private final InMemoryRail rail = new InMemoryRail(NetworkId.of("memory:test"), List.of(COIN),
            Clock.fixed(BLOCK_TIME, ZoneOffset.UTC));
    private final String payer = InMemoryRail.newAccount().getPublicKeyBase58();

    InMemoryRailScriptTest() {
        rail.fund(payer, COIN, BigInteger.valueOf(1_000_000_000));
    }

    private PaymentIntent intent() {
        String job = UUID.randomUUID().toString();
        return new PaymentIntent(job, rail.network(), COIN, payer, InMemoryRail.newAccount().getPublicKeyBase58(),
                InMemoryRail.newAccount().getPublicKeyBase58(), BigInteger.valueOf(1_000), BigInteger.valueOf(50),
                PaymentIntent.atpMemo(job));
    }

    private String pay(PaymentIntent intent) throws PaymentRejectedException {
        return rail.pay(payer, COIN, Map.of(intent.payee(), intent.netUnits(), intent.feeRecipient(), intent.feeUnits()),
                List.of(intent.memo()));
    }

    private PaymentCheck check(PaymentIntent intent, String txId) {
        return rail.checkPayment(intent, txId, Commitment.CONFIRMED, -1);
    }

    @Test
    void aLandedPaymentCarriesTheClocksBlockTime() throws Exception {
        PaymentIntent intent = intent();
        PaymentCheck check = check(intent, pay(intent));
        assertThat(check.status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(check.observed().blockTime()).isEqualTo(BLOCK_TIME);
        assertThat(check.observed().payer()).isEqualTo(payer);
    }

    @Test
    void aNodeThatIsDownIsAnOutageForEveryCall() throws Exception {
        PaymentIntent intent = intent();
        String txId = pay(intent);
        rail.nodeDown(true);
        assertThatThrownBy(() -> check(intent, txId)).isInstanceOf(RailUnavailableException.class);
        assertThatThrownBy(() -> rail.balanceOf(payer, COIN)).isInstanceOf(RailUnavailableException.class);
        rail.nodeDown(false);
        assertThat(check(intent, txId).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
    }

    @Test
    void aPaymentPendingForNLooksIsVerifiedOnTheNextOne() throws Exception {
        PaymentIntent intent = intent();
        rail.scriptNext(new InMemoryRail.Behaviour.PendingFor(2));
        String txId = pay(intent);
        assertThat(check(intent, txId).code()).isEqualTo(VerificationCode.NOT_FINAL);
        assertThat(check(intent, txId).code()).isEqualTo(VerificationCode.NOT_FINAL);
        assertThat(check(intent, txId).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
    }

    @Test
    void aDroppedPaymentMovesNothing() throws Exception {
        PaymentIntent intent = intent();
        rail.scriptNext(new InMemoryRail.Behaviour.Dropped());
        String txId = pay(intent);
        assertThat(check(intent, txId).status()).isEqualTo(PaymentCheck.Status.DROPPED);
        assertThat(rail.balanceOf(intent.payee(), COIN)).isZero();
        assertThat(rail.balanceOf(payer, COIN)).isEqualTo(BigInteger.valueOf(1_000_000_000));
    }

    @Test
    void aPaymentThatFailsOnChainChargesOnlyTheNetworkFee() throws Exception {
        PaymentIntent intent = intent();
        rail.scriptNext(new InMemoryRail.Behaviour.FailsOnChain());
        String txId = pay(intent);
        PaymentCheck check = check(intent, txId);
        assertThat(check.status()).isEqualTo(PaymentCheck.Status.REJECTED);
        assertThat(check.code()).isEqualTo(VerificationCode.TX_FAILED);
        assertThat(rail.balanceOf(intent.payee(), COIN)).isZero();
        assertThat(rail.balanceOf(payer, COIN)).isEqualTo(BigInteger.valueOf(1_000_000_000).subtract(InMemoryRail.NETWORK_FEE));
    }

    @Test
    void anIdTheNodeCallsInvalidIsRejectedAsSuch() throws Exception {
        PaymentIntent intent = intent();
        rail.scriptNext(new InMemoryRail.Behaviour.InvalidTxId());
        assertThat(check(intent, pay(intent)).code()).isEqualTo(VerificationCode.INVALID_TX_ID);
        assertThat(check(intent, "0x" + "ab".repeat(32)).code()).isEqualTo(VerificationCode.INVALID_TX_ID);
    }

    @Test
    void aRefusedSubmitMovesNothing() {
        PaymentIntent intent = intent();
        rail.scriptNext(new InMemoryRail.Behaviour.Refused(PaymentRejectedException.Reason.SIMULATION_FAILED));
        assertThatThrownBy(() -> pay(intent)).isInstanceOfSatisfying(PaymentRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(PaymentRejectedException.Reason.SIMULATION_FAILED));
        assertThat(rail.balanceOf(intent.payee(), COIN)).isZero();
    }

    @Test
    void oneTransactionMayPayTwoJobs() throws Exception {
        PaymentIntent a = intent();
        PaymentIntent b = new PaymentIntent("b", a.network(), COIN, payer, a.payee(), a.feeRecipient(), a.netUnits(),
                a.feeUnits(), PaymentIntent.atpMemo("b"));
        String txId = rail.pay(payer, COIN, Map.of(a.payee(), a.netUnits(), a.feeRecipient(), a.feeUnits()),
                List.of(a.memo(), b.memo()));
        assertThat(check(a, txId).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(check(b, txId).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
    }

    @Test
    void anUnderpaymentIsAnAmountMismatchWithWhatWasPaid() throws Exception {
        PaymentIntent intent = intent();
        String txId = rail.pay(payer, COIN, Map.of(intent.payee(), intent.netUnits().subtract(BigInteger.ONE),
                intent.feeRecipient(), intent.feeUnits()), List.of(intent.memo()));
        PaymentCheck check = check(intent, txId);
        assertThat(check.code()).isEqualTo(VerificationCode.AMOUNT_MISMATCH);
        assertThat(check.observed().toPayee()).isEqualTo(intent.netUnits().subtract(BigInteger.ONE));
    }
}
