package dev.tollgate.gateway.upstream;

import dev.tollgate.gateway.api.ApiException;
import io.micronaut.http.HttpStatus;

/** The upstream agent failed; ATP's statuses: 502 for errors and unreachable, 504 for timeouts. */
public final class UpstreamException extends ApiException {
    public UpstreamException(HttpStatus status, String code, String message) {
        super(status, code, message);
    }

    static UpstreamException status(int upstreamStatus) {
        return new UpstreamException(HttpStatus.BAD_GATEWAY, "upstream_error", "Upstream Agent Error: " + upstreamStatus);
    }

    static UpstreamException timeout() {
        return new UpstreamException(HttpStatus.GATEWAY_TIMEOUT, "upstream_timeout", "Agent execution timed out");
    }

    static UpstreamException unreachable() {
        return new UpstreamException(HttpStatus.BAD_GATEWAY, "upstream_unreachable", "Failed to connect to agent service");
    }

    static UpstreamException malformed(String why) {
        return new UpstreamException(HttpStatus.BAD_GATEWAY, "upstream_malformed", "Upstream agent answered " + why);
    }
}
