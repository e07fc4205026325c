package dev.tollgate.jsonrpc;

/**
 * One HTTP exchange failed: nothing usable came back. The message names the method and the kind of failure, never
 * the URL (provider URLs often carry an API key) nor the node's own text.
 */
public final class JsonRpcHttpException extends RuntimeException {
    /** What went wrong, for metrics and retry decisions. */
    public enum Kind { TIMEOUT, CONNECTION, HTTP_STATUS, TOO_LARGE, INTERRUPTED }

    private final Kind kind;
    private final int status;

    public JsonRpcHttpException(Kind kind, int status, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status for {@link Kind#HTTP_STATUS}, else 0. */
    public int status() {
        return status;
    }
}
