package dev.tollgate.gateway.x402;

import dev.tollgate.lockbox.Job;
import java.util.Map;

/**
 * What a 402 for a job asks of x402 clients: the v2 {@code PaymentRequired} object (before header encoding), with
 * one {@code exact} entry per way this job can be paid and the given extensions (e.g. {@code sign-in-with-x}).
 */
public interface X402Offers {

    /**
     * @param resourceUrl the absolute URL the client called (x402's {@code resource.url})
     * @param extensions  extension key → declaration, in order; may be empty
     * @param error       x402's {@code error} string, or {@code null} for a first demand
     */
    Map<String, Object> paymentRequired(Job job, String resourceUrl, Map<String, Object> extensions, String error);
}
