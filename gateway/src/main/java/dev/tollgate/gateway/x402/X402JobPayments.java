package dev.tollgate.gateway.x402;

import dev.tollgate.lockbox.Job;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;

/**
 * Pays a locked job with the x402 payment a request carries ({@code PAYMENT-SIGNATURE}, or {@code X-PAYMENT}):
 * matched against our own offer, verified, settled once, and answered as x402 says (200 with the output and
 * {@code PAYMENT-RESPONSE}; 402 with a fresh {@code PAYMENT-REQUIRED} whose {@code error} is the reason; 402 with
 * {@code PAYMENT-RESPONSE success:false} when the settlement failed or is still pending). Used by the trade's paid
 * retry and by {@code GET /v1/agent/jobs/{id}/output}.
 */
public interface X402JobPayments {

    /** Whether {@code request} carries an x402 payment header. */
    static boolean carriesPayment(HttpRequest<?> request) {
        return PaymentHeader.present(request);
    }

    /** Pays {@code job} (the payment's {@code accepted} must be our offer for this job). */
    HttpResponse<?> pay(Job job, HttpRequest<?> request);

    /** The trade's paid retry: the job is the one named in the payment's {@code accepted.extra.tollgateJobId}. */
    HttpResponse<?> payTrade(HttpRequest<?> request);
}
