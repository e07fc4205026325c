package dev.tollgate.billing;

/** What {@link BillingEngine#before} decided for a request. */
public sealed interface BillingDecision {

    /** Not a billed path: run the handler, answer as it does. */
    record Pass() implements BillingDecision {
    }

    /** Answer this and do not run the handler (402 to pay, refusals, gateway trouble). */
    record Respond(BillingResponse response) implements BillingDecision {
    }

    /**
     * Authorised: run the handler, buffer its response and hand it to {@link BillingEngine#after}; if the handler
     * throws, call {@link BillingEngine#abandon}.
     */
    record Proceed(BillingTicket ticket) implements BillingDecision {
    }
}
