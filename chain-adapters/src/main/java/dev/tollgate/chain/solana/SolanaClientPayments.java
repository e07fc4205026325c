package dev.tollgate.chain.solana;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.ClientPayment;
import dev.tollgate.chain.ClientPaymentRefusedException;
import dev.tollgate.chain.ClientPaymentRefusedException.Reason;
import dev.tollgate.chain.ClientPayments;
import dev.tollgate.chain.CustodialSigner.Submission;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.solana.tx.MalformedTransactionException;
import dev.tollgate.chain.solana.tx.SolanaTransaction;
import dev.tollgate.chain.solana.tx.SolanaTransactionDecoder;
import dev.tollgate.chain.solana.tx.SolanaTransactionEncoder;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.p2p.solanaj.utils.Base58;

/**
 * Solana's {@link ClientPayments}: a transaction the payer signed (legacy or v0) is decoded, inspected by
 * {@link SolanaClientPaymentInspector}, its blockhash checked, and, when the gateway sponsors its fee, the fee
 * reserved from the budget and the sponsor's signature put in slot 0. Nothing is sent before {@link #submit}.
 */
final class SolanaClientPayments implements ClientPayments {
    /**
     * A blockhash is valid for 150 blocks after its own; it was valid when we asked, so its block is at most the
     * tip we read afterwards, and the transaction cannot land past that tip + 150. One more for rounding.
     */
    private static final long MAX_BLOCKHASH_AGE_BLOCKS = 151;

    private final NetworkId network;
    private final SolanaRpc rpc;
    private final ComputeBudgetCaps caps;
    private final SolanaSponsor sponsor;
    /** Budget reserved per sponsored tx id, until it is sent (spent) or discarded/refused (given back). */
    private final Map<String, Reservation> reservations = new ConcurrentHashMap<>();

    private record Reservation(String payer, BigInteger lamports) {
    }

    /** @param sponsor the fee payer the gateway lends, or {@code null} when sponsorship is off */
    SolanaClientPayments(NetworkId network, SolanaRpc rpc, ComputeBudgetCaps caps, SolanaSponsor sponsor) {
        this.network = network;
        this.rpc = rpc;
        this.caps = caps;
        this.sponsor = sponsor;
    }

    @Override
    public SignedPayment inspect(PaymentIntent intent, ClientPayment payment) throws ClientPaymentRefusedException {
        if (!intent.network().equals(network)) {
            throw new IllegalArgumentException("intent for " + intent.network() + " sent to the " + network + " rail");
        }
        if (!(payment instanceof ClientPayment.SignedTransaction signed)) {
            throw new ClientPaymentRefusedException(Reason.UNSUPPORTED,
                    "Solana takes a signed transaction; gasless authorisations exist only on EVM rails");
        }
        SolanaTransaction tx;
        try {
            tx = SolanaTransactionDecoder.decode(signed.wire());
        } catch (MalformedTransactionException e) {
            throw new ClientPaymentRefusedException(Reason.MALFORMED, e.getMessage());
        }
        SolanaClientPaymentInspector.Inspection inspection = SolanaClientPaymentInspector.inspect(intent, tx,
                sponsor == null ? null : sponsor.address(), caps);
        requireLiveBlockhash(tx);
        long validUntil = rpc.read("getBlockHeight", Map.of("commitment", "processed")).asLong() + MAX_BLOCKHASH_AGE_BLOCKS;
        byte[] wire = signed.wire().clone();
        if (inspection.sponsored()) {
            coSign(tx, wire);
        }
        int first = SolanaTransactionEncoder.signatureOffset(tx.signatures().size(), 0);
        String txId = Base58.encode(Arrays.copyOfRange(wire, first, first + 64)); // the fee payer's signature
        if (inspection.sponsored()) {
            reserve(txId, inspection);
        }
        return new SignedPayment(txId, wire, inspection.payer(), validUntil);
    }

    private void requireLiveBlockhash(SolanaTransaction tx) throws ClientPaymentRefusedException {
        JsonNode valid = rpc.read("isBlockhashValid", Base58.encode(tx.recentBlockhash()),
                Map.of("commitment", "confirmed")).path("value");
        if (!valid.asBoolean(false)) {
            throw new ClientPaymentRefusedException(Reason.BLOCKHASH_EXPIRED,
                    "the transaction's recent blockhash is no longer valid; sign it again with a fresh one");
        }
    }

    private void coSign(SolanaTransaction tx, byte[] wire) {
        byte[] signature = sponsor.sign(tx.message());
        System.arraycopy(signature, 0, wire, SolanaTransactionEncoder.signatureOffset(tx.signatures().size(), 0), 64);
    }

    private void reserve(String txId, SolanaClientPaymentInspector.Inspection inspection)
            throws ClientPaymentRefusedException {
        if (reservations.containsKey(txId)) {
            return; // the same transaction inspected again: its fee is reserved once
        }
        if (!sponsor.budget().tryReserve(network.value(), inspection.payer(), inspection.feeLamports())) {
            throw new ClientPaymentRefusedException(Reason.SPONSOR_BUDGET_EXCEEDED, "sponsoring this payment's fee ("
                    + inspection.feeLamports() + " lamports) would pass the gateway's budget for " + inspection.payer());
        }
        if (reservations.putIfAbsent(txId, new Reservation(inspection.payer(), inspection.feeLamports())) != null) {
            sponsor.budget().release(network.value(), inspection.payer(), inspection.feeLamports());
        }
    }

    @Override
    public Submission submit(SignedPayment payment) throws PaymentRejectedException {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("encoding", "base64");
        options.put("skipPreflight", false);
        options.put("preflightCommitment", "confirmed");
        try {
            rpc.send("sendTransaction", Base64.getEncoder().encodeToString(payment.rawTx()), options);
            reservations.remove(payment.txId()); // sent: the fee is spent
            return Submission.ACCEPTED;
        } catch (SolanaRpc.RpcError e) {
            String err = e.data == null ? "" : e.data.path("err").toString();
            if ((e.getMessage() + " " + err).contains("AlreadyProcessed")) {
                reservations.remove(payment.txId());
                return Submission.ALREADY_KNOWN;
            }
            discard(payment); // refused by the node's preflight: never landed, nothing charged
            boolean insufficient = err.contains("InsufficientFunds") || err.contains("{\"Custom\":1}");
            throw new PaymentRejectedException(
                    insufficient ? PaymentRejectedException.Reason.INSUFFICIENT_FUNDS
                            : PaymentRejectedException.Reason.SIMULATION_FAILED,
                    "the Solana node refused the payment (error " + e.code + ")"
                            + (err.isEmpty() || "\"\"".equals(err) || "null".equals(err) ? "" : ": " + err));
        } catch (RailUnavailableException e) {
            reservations.remove(payment.txId()); // it may have been sent: keep the budget spent
            throw e;
        }
    }

    @Override
    public void discard(SignedPayment payment) {
        Reservation reservation = reservations.remove(payment.txId());
        if (reservation != null) {
            sponsor.budget().release(network.value(), reservation.payer(), reservation.lamports());
        }
    }
}
