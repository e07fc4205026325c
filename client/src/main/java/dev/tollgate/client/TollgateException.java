package dev.tollgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;

/**
 * A refusal of the gateway, typed by its stable {@code error.code} (e.g. {@code job_not_found}, {@code payment_failed},
 * {@code invalid_payer_proof}) with its facts ({@code error.*}: network, tx_signature, reason, …), or a client-side
 * failure with one of this client's own codes ({@link #GATEWAY_UNREACHABLE}, {@link #MALFORMED_RESPONSE},
 * {@link #CHAIN_UNREACHABLE}, {@link #STILL_PENDING}, {@link #LOCAL_PAYMENT_FAILED}). The message never holds keys.
 */
public class TollgateException extends RuntimeException {
    /** The gateway could not be reached (or kept dropping responses) within the retry budget; status 0. */
    public static final String GATEWAY_UNREACHABLE = "gateway_unreachable";
    /** An answer was not the JSON this client expects (or exceeded the size limit); status as received. */
    public static final String MALFORMED_RESPONSE = "malformed_response";
    /** A chain node could not be asked (or the outcome of a broadcast is unknown): nothing was decided. */
    public static final String CHAIN_UNREACHABLE = "chain_unreachable";
    /** Still 202 {@code settlement_pending} when the settle deadline passed: settle again later, never pay again. */
    public static final String STILL_PENDING = "still_pending";
    /** Building, signing or broadcasting the payment locally was refused: nothing was sent, it can never land. */
    public static final String LOCAL_PAYMENT_FAILED = "local_payment_failed";
    /** A billed endpoint asks more than the caller's cap (grant or payment): nothing was granted or signed. */
    public static final String OVER_SPENDING_CAP = "over_spending_cap";
    /** A billed host could not be reached or did not answer in time; a paid request is not sent again. */
    public static final String HOST_UNREACHABLE = "host_unreachable";

    private final int status;
    private final String code;
    private final transient JsonNode error;
    private final Duration retryAfter;

    public TollgateException(int status, String code, String message, JsonNode error, Duration retryAfter) {
        super(message);
        this.status = status;
        this.code = code;
        this.error = error;
        this.retryAfter = retryAfter;
    }

    TollgateException(int status, String code, String message) {
        this(status, code, message, null, null);
    }

    TollgateException(String code, String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.code = code;
        this.error = null;
        this.retryAfter = null;
    }

    /** HTTP status of the answer; 0 when there was none. */
    public int status() {
        return status;
    }

    /** The gateway's {@code error.code}, or this client's own code. */
    public String code() {
        return code;
    }

    /** The gateway's {@code error} object (code, message and facts), or {@code null}. */
    public JsonNode error() {
        return error;
    }

    /** A fact of the error ({@code error.<name>}) as text, or empty. */
    public Optional<String> fact(String name) {
        return error == null || !error.hasNonNull(name) ? Optional.empty() : Optional.of(error.get(name).asText());
    }

    /** The gateway's {@code Retry-After}, when it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
