package dev.tollgate.gateway.upstream;

import dev.tollgate.gateway.core.Code;
import dev.tollgate.gateway.core.Refusal;
import java.util.Map;

/** The upstream agent failed: a refusal with one of the upstream codes (front-ends choose the status). */
public final class UpstreamException extends Refusal {
    private UpstreamException(Code code, String message, Map<String, Object> facts) {
        super(code, message, facts);
    }

    static UpstreamException status(int upstreamStatus) {
        return new UpstreamException(Code.UPSTREAM_ERROR, "Upstream Agent Error: " + upstreamStatus,
                Map.of("upstream_status", upstreamStatus));
    }

    static UpstreamException timeout() {
        return new UpstreamException(Code.UPSTREAM_TIMEOUT, "Agent execution timed out", Map.of());
    }

    static UpstreamException unreachable() {
        return new UpstreamException(Code.UPSTREAM_UNREACHABLE, "Failed to connect to agent service", Map.of());
    }

    static UpstreamException malformed(String why) {
        return new UpstreamException(Code.UPSTREAM_MALFORMED, "Upstream agent answered " + why, Map.of());
    }
}
