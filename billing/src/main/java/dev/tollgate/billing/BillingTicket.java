package dev.tollgate.billing;

import java.math.BigDecimal;

/**
 * One authorised request between {@link BillingEngine#before} and {@link BillingEngine#after}. Holds a
 * {@code private_key} credential only until it is settled or released, then drops it.
 */
public final class BillingTicket {

    final EndpointRule rule;
    final BillingTerms terms;
    final Authorization authorization;
    final BigDecimal estimateUsd;
    private Credential credential;
    private boolean finished;

    BillingTicket(EndpointRule rule, BillingTerms terms, Authorization authorization, BigDecimal estimateUsd,
                  Credential credential) {
        this.rule = rule;
        this.terms = terms;
        this.authorization = authorization;
        this.estimateUsd = estimateUsd;
        this.credential = credential instanceof Credential.PrivateKey ? credential : null;
    }

    public Authorization authorization() {
        return authorization;
    }

    public EndpointRule rule() {
        return rule;
    }

    /** The credential to send with settle (private_key kind only), then forgotten. */
    synchronized Credential takeCredential() {
        Credential taken = credential;
        credential = null;
        return taken;
    }

    /** True the first time only: after/abandon act once per ticket. */
    synchronized boolean finish() {
        if (finished) {
            return false;
        }
        finished = true;
        return true;
    }

    @Override
    public String toString() {
        return "BillingTicket[authorization=" + authorization.id() + ", path=" + rule.path() + "]";
    }
}
