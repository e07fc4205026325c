package dev.tollgate.gateway.billing;

import dev.tollgate.gateway.core.Refusal;
import dev.tollgate.gateway.proof.RequestSignIns;
import dev.tollgate.gateway.proof.SignedIn;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sign-In-With-X for billed requests: the client's {@code SIGN-IN-WITH-X} header, passed on by the filter
 * ({@code {"type": "siwx", "header"}}), verified against {@code terms.resource.url} (domain = its host[:port],
 * URI = the URL), on a chain of the terms, its nonce used once per wallet. A refused header is a 402 with the
 * proof's reason ({@code wrong_domain}, {@code bad_signature}, {@code nonce_reused}, ...). Credentials that prove the
 * payer this way (allowance) call {@link #verify}.
 */
@Singleton
public class BillingSignIns {
    private final RequestSignIns signIns;

    BillingSignIns(RequestSignIns signIns) {
        this.signIns = signIns;
    }

    /** The verified signer; its network is one of the terms' rails. */
    public SignedIn verify(BillingTerms terms, PresentedCredential credential) {
        if (credential.header() == null || credential.header().isBlank()) {
            throw BillingRefusal.invalidCredential("credential.header", "credential.header is required");
        }
        SignedIn signedIn;
        try {
            signedIn = signIns.verifyFor(credential.header(), terms.resource().url());
        } catch (Refusal e) {
            String reason = e.facts().get("reason") instanceof String r ? r : e.code().wireName();
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("reason", reason);
            throw new BillingRefusal(io.micronaut.http.HttpStatus.PAYMENT_REQUIRED, "invalid_sign_in", reason,
                    e.getMessage(), facts);
        }
        if (terms.rail(signedIn.network(), null).isEmpty()) {
            throw new BillingRefusal(io.micronaut.http.HttpStatus.PAYMENT_REQUIRED, "invalid_sign_in", "wrong_chain",
                    "The sign-in is for a chain these terms do not take.", Map.of("reason", "wrong_chain"));
        }
        return signedIn;
    }
}
