package dev.tollgate.client;

import java.util.Optional;

/**
 * Where the client records each job's signed payment BEFORE sending it. A settle first looks here: a job that has a
 * payment in flight is settled with exactly that payment (the same bytes or tx id, which the chain dedups), never a
 * freshly signed one, so a lost response or a crash never pays twice. A journal that outlives the process
 * ({@link FilePaymentJournal}) extends that across restarts.
 */
public interface PaymentJournal {

    /** The payment recorded for {@code jobId}, if any. */
    Optional<JournaledPayment> find(String jobId);

    /**
     * Records {@code payment} unless the job already has one, durably before returning, and answers the one that is
     * recorded now: {@code payment} itself, or the earlier one (then {@code payment} must never be sent).
     */
    JournaledPayment recordIfAbsent(JournaledPayment payment);

    /**
     * Forgets the job's payment: only when it can never land (refused before broadcast, or its validity passed
     * unseen), so that a new one may be signed. Never call it for a payment that may still land.
     */
    void forget(String jobId);
}
