package dev.tollgate.lockbox;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * x402 payments, exactly once across instances: a payment is claimed by one guarded INSERT (unique per network and
 * payment key, and per network and payload hash), its tx id recorded before broadcast, and its final answer stored
 * so a repeat of the same payload gets it again without paying twice. Every move is one guarded statement.
 */
@Singleton
public class X402Payments {
    /** x402's payment-identifier: 16 to 128 of {@code [A-Za-z0-9_-]}. */
    public static final Pattern PAYMENT_ID = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    private final X402PaymentRepository repository;
    private final Clock clock;

    X402Payments(X402PaymentRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** True for exactly one caller per (network, key) and per (network, payload hash). */
    public boolean claim(String network, String paymentKey, String payloadHash, UUID jobId, String payer,
                         String requirementJson, String payloadJson) {
        return repository.claim(network, paymentKey, payloadHash, jobId, payer, requirementJson, payloadJson,
                now()) == 1;
    }

    public Optional<X402Payment> find(String network, String paymentKey) {
        return repository.find(network, paymentKey).map(X402PaymentRow::toPayment);
    }

    public Optional<X402Payment> findByPayload(String network, String payloadHash) {
        return repository.findByPayload(network, payloadHash).map(X402PaymentRow::toPayment);
    }

    /** The x402 payment whose settlement is {@code txId} for {@code jobId}, if that job was paid through x402. */
    public Optional<X402Payment> findByJobTx(UUID jobId, String txId) {
        return repository.findByJobTx(jobId, txId).map(X402PaymentRow::toPayment);
    }

    /** Facilitator settlements broadcast and not yet final: work for a reconciler. */
    public List<X402Payment> sentForeign(int limit) {
        return repository.sentForeign(limit).stream().map(X402PaymentRow::toPayment).toList();
    }

    /** CLAIMED -> SENT with the tx id: call BEFORE broadcasting, and broadcast only on true. */
    public boolean markSent(String network, String paymentKey, String txId, long validUntil) {
        return repository.markSent(network, paymentKey, Objects.requireNonNull(txId), validUntil, now()) == 1;
    }

    /**
     * The payment was made by {@code newTxId} (someone else submitted its authorisation first): SENT with it, only
     * while the recorded tx is still {@code oldTxId} (null: none) and it is not settled.
     */
    public boolean replaceTx(String network, String paymentKey, String oldTxId, String newTxId, long validUntil) {
        return repository.replaceTx(network, paymentKey, oldTxId, Objects.requireNonNull(newTxId), validUntil,
                now()) == 1;
    }

    /** SENT (with {@code txId}) -> SETTLED, storing the answer to repeat; true for the one caller that moved it. */
    public boolean markSettled(String network, String paymentKey, String txId, String responseJson) {
        return repository.markSettled(network, paymentKey, txId, responseJson, now()) == 1;
    }

    /**
     * Forgets a payment that moved no money, so its payload may be tried again; only while its recorded tx is
     * still {@code txId} (null: none) and it is not settled.
     */
    public boolean forget(String network, String paymentKey, String txId) {
        return repository.forget(network, paymentKey, txId) == 1;
    }

    /**
     * Forgets claims older than {@code olderThan} that never recorded a tx (their claimer died between claim and
     * broadcast; nothing was sent), so their payloads are not refused as in progress forever.
     */
    public int forgetStaleClaims(java.time.Duration olderThan) {
        return repository.forgetStaleClaims(now().minus(olderThan));
    }

    /**
     * Binds a payment-identifier to a payload hash the first time; returns the hash it is bound to (this one, or
     * the earlier one: then a different payload is a conflict).
     */
    public String bindPaymentId(String paymentId, String payloadHash) {
        if (!PAYMENT_ID.matcher(paymentId).matches()) {
            throw new IllegalArgumentException("payment id is not 16-128 of [A-Za-z0-9_-]");
        }
        repository.bindId(paymentId, payloadHash, now());
        return repository.payloadOfId(paymentId).orElse(payloadHash);
    }

    /** The payload hash a payment-identifier is bound to, if any. */
    public Optional<String> payloadOfId(String paymentId) {
        return PAYMENT_ID.matcher(paymentId).matches() ? repository.payloadOfId(paymentId) : Optional.empty();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
