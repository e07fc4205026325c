package dev.tollgate.billing;

/**
 * The host handler's response, buffered by the adapter.
 *
 * @param status      its HTTP status
 * @param contentType its Content-Type, or null
 * @param body        its whole body (empty when none); ignored when {@code tooLarge}
 * @param tooLarge    the body grew past {@code max-response-bytes} and was not kept
 */
public record HandlerResponse(int status, String contentType, byte[] body, boolean tooLarge) {

    public HandlerResponse {
        body = body == null ? new byte[0] : body;
    }

    public static HandlerResponse of(int status, String contentType, byte[] body) {
        return new HandlerResponse(status, contentType, body, false);
    }

    public static HandlerResponse overLimit(int status, String contentType) {
        return new HandlerResponse(status, contentType, new byte[0], true);
    }

    public boolean successful() {
        return status >= 200 && status < 300;
    }
}
