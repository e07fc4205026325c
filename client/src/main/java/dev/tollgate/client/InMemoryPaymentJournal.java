package dev.tollgate.client;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The default journal: safe against lost responses and concurrent settles within one process. */
public final class InMemoryPaymentJournal implements PaymentJournal {
    private final Map<String, JournaledPayment> byJob = new ConcurrentHashMap<>();

    @Override
    public Optional<JournaledPayment> find(String jobId) {
        return Optional.ofNullable(byJob.get(jobId));
    }

    @Override
    public JournaledPayment recordIfAbsent(JournaledPayment payment) {
        JournaledPayment earlier = byJob.putIfAbsent(payment.jobId(), payment);
        return earlier == null ? payment : earlier;
    }

    @Override
    public void forget(String jobId) {
        byJob.remove(jobId);
    }
}
