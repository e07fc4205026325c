package dev.tollgate.gateway.atp;

import dev.tollgate.gateway.api.ErrorBody;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.core.Code;
import dev.tollgate.gateway.core.Refusal;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import java.util.EnumMap;
import java.util.Map;

/**
 * How ATP answers each core code: the HTTP status ATP's gateway uses (or the closest for codes ATP lacks) and,
 * where ATP has one, ATP's exact message, so ATP clients that print {@code detail} see what they always saw. The
 * body is the one error shape: {@code {"error": {"code", "message", ...facts}, "detail": message}}.
 */
public final class AtpErrors {
    private static final Map<Code, HttpStatus> STATUS = new EnumMap<>(Code.class);
    private static final Map<Code, String> ATP_MESSAGE = new EnumMap<>(Code.class);

    static {
        status(HttpStatus.BAD_REQUEST, Code.INVALID_PRIVATE_KEY, Code.PAYER_MISMATCH, Code.INSUFFICIENT_FUNDS,
                Code.PAYMENT_REJECTED, Code.PAYMENT_FAILED);
        status(HttpStatus.FORBIDDEN, Code.PRIVATE_KEY_SETTLEMENT_DISABLED, Code.INVALID_PAYER_PROOF,
                Code.PAYER_PROOF_REQUIRED);
        status(HttpStatus.NOT_FOUND, Code.JOB_NOT_FOUND, Code.TX_NOT_FOUND);
        status(HttpStatus.CONFLICT, Code.ALREADY_SETTLED, Code.SETTLEMENT_IN_PROGRESS, Code.NETWORK_UNAVAILABLE,
                Code.TX_ALREADY_USED, Code.PAYMENT_DROPPED, Code.PAYMENT_LATE);
        status(HttpStatus.UNPROCESSABLE_ENTITY, Code.INVALID_REQUEST, Code.ZERO_COST);
        status(HttpStatus.INTERNAL_SERVER_ERROR, Code.TREASURY_NOT_CONFIGURED, Code.FEE_TREASURY_NOT_CONFIGURED);
        status(HttpStatus.BAD_GATEWAY, Code.UPSTREAM_ERROR, Code.UPSTREAM_UNREACHABLE, Code.UPSTREAM_MALFORMED);
        status(HttpStatus.GATEWAY_TIMEOUT, Code.UPSTREAM_TIMEOUT);
        status(HttpStatus.SERVICE_UNAVAILABLE, Code.PRICE_UNAVAILABLE, Code.RAIL_UNAVAILABLE, Code.INTERRUPTED);
        status(HttpStatus.UNAUTHORIZED, Code.SIGN_IN_REQUIRED);
        // a client-signed payment refused before broadcast: its content is wrong (or stale): re-sign and settle again
        status(HttpStatus.UNPROCESSABLE_ENTITY, Code.INVALID_SIGNED_TRANSACTION, Code.CLIENT_PAYMENT_UNSUPPORTED,
                Code.WRONG_NETWORK, Code.AMOUNT_MISMATCH, Code.WRONG_RECIPIENT, Code.WRONG_ASSET, Code.MEMO_MISSING,
                Code.UNEXPECTED_INSTRUCTION, Code.FEE_PAYER_NOT_ALLOWED, Code.BLOCKHASH_EXPIRED, Code.WRONG_PAYER,
                Code.SIGNATURE_INVALID, Code.AUTHORIZATION_EXPIRED);
        // the gateway will not pay this payer's fee or gas now: the payer must pay its own (Payment Required)
        status(HttpStatus.PAYMENT_REQUIRED, Code.SPONSOR_BUDGET_EXCEEDED);
        for (Code code : Code.values()) {
            if (!STATUS.containsKey(code)) {
                throw new ExceptionInInitializerError("no ATP status for " + code);
            }
        }
        ATP_MESSAGE.put(Code.JOB_NOT_FOUND, "Trade session expired or invalid. Jobs expire after the TTL period.");
        ATP_MESSAGE.put(Code.PAYER_MISMATCH, "Payer mismatch: private key does not correspond to the job sender wallet.");
        ATP_MESSAGE.put(Code.ALREADY_SETTLED, "Trade was already settled or expired");
        ATP_MESSAGE.put(Code.SETTLEMENT_IN_PROGRESS,
                "Trade was already settled or expired: a settlement of this job is in progress.");
        ATP_MESSAGE.put(Code.TREASURY_NOT_CONFIGURED, "Treasury not configured");
        ATP_MESSAGE.put(Code.FEE_TREASURY_NOT_CONFIGURED, "Fee treasury not configured");
    }

    private AtpErrors() {
    }

    private static void status(HttpStatus status, Code... codes) {
        for (Code code : codes) {
            STATUS.put(code, status);
        }
    }

    static HttpStatus status(Code code) {
        return STATUS.get(code);
    }

    static String message(Refusal refusal) {
        return ATP_MESSAGE.getOrDefault(refusal.code(), refusal.getMessage());
    }

    static Map<String, Object> body(Refusal refusal) {
        return ErrorBody.of(refusal.code().wireName(), message(refusal), refusal.facts());
    }

    public static HttpResponse<String> response(Refusal refusal, JsonBodies json) {
        return HttpResponse.<String>status(status(refusal.code()))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .body(json.write(body(refusal)));
    }
}
