package dev.tollgate.gateway.x402;

import dev.tollgate.chain.VerificationCode;
import dev.tollgate.gateway.api.ErrorBody;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.proof.Callers;
import dev.tollgate.lockbox.Job;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/** x402's answers to a paid request: headers as x402 v2 defines them, bodies in ATP's error shape. */
@Singleton
class X402Answers {
    /** Browsers may read the x402 headers (x402.md §1.2). */
    static final String EXPOSE = "PAYMENT-REQUIRED, PAYMENT-RESPONSE, X-PAYMENT-RESPONSE";
    static final String SETTLEMENT_PENDING = "settlement_pending";

    private final X402Offers offers;
    private final JsonBodies json;
    private final Callers callers;

    X402Answers(X402Offers offers, JsonBodies json, Callers callers) {
        this.offers = offers;
        this.json = json;
        this.callers = callers;
    }

    /** What the client called, also behind a trusted TLS-terminating proxy. */
    String resourceUrl(HttpRequest<?> request) {
        return ResourceUrls.of(request, callers.of(request));
    }

    /** The SettleResponse object (keys in x402's order). */
    static Map<String, Object> settleResponse(boolean success, String errorReason, String transaction, String network,
                                              String payer) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("success", success);
        if (errorReason != null) {
            r.put("errorReason", errorReason);
        }
        r.put("transaction", transaction == null ? "" : transaction);
        r.put("network", network);
        if (payer != null) {
            r.put("payer", payer);
        }
        return r;
    }

    /**
     * Why a settlement that reached a final verdict without paying failed, as x402 names it: a transaction that
     * landed and failed is {@code invalid_exact_evm_transaction_failed} / {@code invalid_exact_svm_transaction_failed}
     * (what stock clients and facilitators know); any other verdict keeps our verification code.
     */
    static String failedSettlementReason(String network, VerificationCode code) {
        if (code == VerificationCode.TX_FAILED) {
            if (network.startsWith("eip155:")) {
                return "invalid_exact_evm_transaction_failed";
            }
            if (network.startsWith("solana:")) {
                return "invalid_exact_svm_transaction_failed";
            }
        }
        return code.wireName();
    }

    /** 402 with a fresh demand whose {@code error} says why this payment was refused (nothing was sent). */
    MutableHttpResponse<String> refused(Job job, HttpRequest<?> request, String reason, String message) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("job_id", job.id().toString());
        facts.put("reason", reason);
        return x402(HttpStatus.PAYMENT_REQUIRED, ErrorBody.of("payment_refused", message, facts))
                .header(X402Headers.PAYMENT_REQUIRED, X402Headers.encode(offers.paymentRequired(job,
                        resourceUrl(request), Map.of(), reason)));
    }

    /** 402 without a job to offer (the payment cannot be read or names no job we hold). */
    MutableHttpResponse<String> unreadable(String reason, String message) {
        return x402(HttpStatus.PAYMENT_REQUIRED, ErrorBody.of("payment_refused", message, Map.of("reason", reason)));
    }

    /** The answer with a PAYMENT-RESPONSE (and X-PAYMENT-RESPONSE for a legacy header). */
    MutableHttpResponse<String> withSettleResponse(HttpStatus status, Object body, String settleResponseJson,
                                                   boolean legacy) {
        String header = X402Headers.encode(PaymentHeader.map(settleResponseJson));
        MutableHttpResponse<String> response = x402(status, body).header(X402Headers.PAYMENT_RESPONSE, header);
        return legacy ? response.header(X402Headers.X_PAYMENT_RESPONSE, header) : response;
    }

    MutableHttpResponse<String> x402(HttpStatus status, Object body) {
        return HttpResponse.<String>status(status)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .header("Access-Control-Expose-Headers", EXPOSE)
                .body(json.write(body));
    }
}
