package dev.tollgate.billing;

/**
 * The Tollgate gateway's billing API ({@code /v1/billing/*}) as the filter uses it. {@link HttpBillingGateway}
 * speaks it over HTTP; tests may stub it. Methods answer the contract's outcomes as values and throw
 * {@link BillingGatewayException} only when the gateway cannot be reached or answers outside the contract.
 */
public interface BillingGateway {

    /** {@code POST /v1/billing/offers}: what a client may pay with, for the 402. */
    Offers offers(BillingTerms terms);

    /** {@code POST /v1/billing/authorize}: verify the credential and reserve before the handler runs. */
    AuthorizeResult authorize(AuthorizeRequest request);

    /** {@code POST /v1/billing/settle}: create the job with the output and settle it, exactly once. */
    SettleResult settle(SettleRequest request);

    /** {@code POST /v1/billing/release}: free the reservation, no charge (idempotent). */
    void release(String authorizationId);
}
