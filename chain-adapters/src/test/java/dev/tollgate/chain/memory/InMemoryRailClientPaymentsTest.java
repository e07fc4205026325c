package dev.tollgate.chain.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.ClientPayment;
import dev.tollgate.chain.ClientPaymentRefusedException;
import dev.tollgate.chain.ClientPaymentRefusedException.Reason;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.SignedPayment;
import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.p2p.solanaj.core.Account;

/** The in-memory rail's client-payment capability behaves as the real rails must: checked before anything is sent. */
class InMemoryRailClientPaymentsTest {
    private static final ChainAsset COIN = ChainAsset.nativeCoin("MEM", 9);
    private final InMemoryRail rail = new InMemoryRail(NetworkId.of("memory:test"), List.of(COIN), Clock.systemUTC());
    private final Account payer = InMemoryRail.newAccount();

    InMemoryRailClientPaymentsTest() {
        rail.fund(payer.getPublicKeyBase58(), COIN, BigInteger.valueOf(1_000_000_000));
    }

    private PaymentIntent intent() {
        String job = UUID.randomUUID().toString();
        return new PaymentIntent(job, rail.network(), COIN, payer.getPublicKeyBase58(),
                InMemoryRail.newAccount().getPublicKeyBase58(), InMemoryRail.newAccount().getPublicKeyBase58(),
                BigInteger.valueOf(1_000), BigInteger.valueOf(50), PaymentIntent.atpMemo(job));
    }

    private static ClientPayment.SignedTransaction signed(Account by, PaymentIntent intent, long net) {
        return new ClientPayment.SignedTransaction(InMemoryRail.signClientPayment(by, COIN,
                Map.of(intent.payee(), BigInteger.valueOf(net), intent.feeRecipient(), intent.feeUnits()), intent.memo()));
    }

    @Test
    void anExactPaymentIsInspectedSubmittedOnceAndVerified() throws Exception {
        PaymentIntent intent = intent();
        ClientPayment.SignedTransaction tx = signed(payer, intent, 1_000);
        SignedPayment inspected = rail.inspect(intent, tx);
        assertThat(inspected.txId()).isEqualTo(InMemoryRail.txIdOf(tx.wire()));
        assertThat(rail.clientSubmissions()).as("inspection sends nothing").isEmpty();
        assertThat(rail.submit(inspected)).isEqualTo(CustodialSigner.Submission.ACCEPTED);
        assertThat(rail.submit(rail.inspect(intent, tx))).isEqualTo(CustodialSigner.Submission.ALREADY_KNOWN);
        PaymentCheck check = rail.checkPayment(intent, inspected.txId(), Commitment.CONFIRMED, -1);
        assertThat(check.status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(rail.balanceOf(intent.payee(), COIN)).isEqualTo(BigInteger.valueOf(1_000));
    }

    @Test
    void bytesSomeoneElseBroadcastAreAlreadyKnown() throws Exception {
        PaymentIntent intent = intent();
        ClientPayment.SignedTransaction tx = signed(payer, intent, 1_000);
        rail.broadcastClientPayment(tx.wire());
        assertThat(rail.submit(rail.inspect(intent, tx))).isEqualTo(CustodialSigner.Submission.ALREADY_KNOWN);
        assertThat(rail.balanceOf(intent.payee(), COIN)).isEqualTo(BigInteger.valueOf(1_000));
    }

    @Test
    void everyDeviationIsRefusedWithItsReason() {
        PaymentIntent intent = intent();
        assertRefused(intent, signed(payer, intent, 999), Reason.AMOUNT_MISMATCH);
        assertRefused(intent, signed(InMemoryRail.newAccount(), intent, 1_000), Reason.WRONG_PAYER);
        byte[] tampered = signed(payer, intent, 1_000).wire();
        tampered[tampered.length - 1] ^= 1;
        assertRefused(intent, new ClientPayment.SignedTransaction(tampered), Reason.SIGNATURE_INVALID);
        assertRefused(intent, new ClientPayment.SignedTransaction(new byte[10]), Reason.MALFORMED);
        assertRefused(intent, new ClientPayment.GaslessAuthorization("0x" + "ab".repeat(20), 1, "0x"), Reason.UNSUPPORTED);
        PaymentIntent other = intent();
        assertRefused(other, signed(payer, intent, 1_000), Reason.MEMO_MISSING);
        rail.refuseNextInspection(Reason.FEE_PAYER_NOT_ALLOWED);
        assertRefused(intent, signed(payer, intent, 1_000), Reason.FEE_PAYER_NOT_ALLOWED);
        assertThat(rail.clientSubmissions()).isEmpty();
    }

    private void assertRefused(PaymentIntent intent, ClientPayment payment, Reason reason) {
        assertThatThrownBy(() -> rail.inspect(intent, payment)).isInstanceOf(ClientPaymentRefusedException.class)
                .satisfies(e -> assertThat(((ClientPaymentRefusedException) e).reason()).isEqualTo(reason));
    }
}
