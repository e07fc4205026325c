package dev.tollgate.gateway.x402;

import dev.tollgate.lockbox.Job;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;

/**
 * Pays a job at its output URL ({@code GET /v1/agent/jobs/{id}/output}) with an x402 payment: the request carries
 * {@code PAYMENT-SIGNATURE} (v2) or {@code X-PAYMENT} (v1). The output controller delegates such requests here and
 * renders the whole answer (200 with the output and {@code PAYMENT-RESPONSE}, or x402's refusals); without an
 * implementation it answers 402.
 */
public interface X402JobPayments {

    /** @param job the job the URL names (found, not yet known to be payable) */
    HttpResponse<?> pay(Job job, HttpRequest<?> request);
}
