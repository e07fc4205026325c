package dev.tollgate.gateway.operator;

import dev.tollgate.gateway.api.ApiException;
import dev.tollgate.gateway.api.RequestFields;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.UUID;

/**
 * What every {@code /v1/operator/*} listing checks first: the bearer token (the API is off without one, and the
 * token is compared in constant time), then its keyset paging ({@code after} a previous page's last id,
 * {@code limit} rows).
 */
@Singleton
public final class OperatorAccess {
    public static final int DEFAULT_PAGE = 100;
    public static final int MAX_PAGE = 500;

    private final OperatorConfig config;

    OperatorAccess(OperatorConfig config) {
        this.config = config;
    }

    /** One page's request: rows after {@code after} ({@code null}: from the oldest), at most {@code size}. */
    public record Page(@Nullable UUID after, int size) {

        /** Whether {@code returned} rows fill the page: only then may there be a next one (its cursor: the last id). */
        public boolean full(int returned) {
            return returned >= size;
        }
    }

    /** Checks the caller's {@code Authorization} header and reads its paging parameters. */
    public Page authorize(@Nullable String authorization, @Nullable String after, @Nullable Integer limit) {
        requireToken(authorization);
        int size = limit == null ? DEFAULT_PAGE : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw RequestFields.invalid("limit", "limit must be within 1.." + MAX_PAGE);
        }
        UUID afterId = null;
        if (after != null) {
            try {
                afterId = UUID.fromString(after);
            } catch (IllegalArgumentException e) {
                throw RequestFields.invalid("after", "after must be the next_after of a previous page");
            }
        }
        return new Page(afterId, size);
    }

    private void requireToken(@Nullable String authorization) {
        if (!config.enabled()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "operator_api_disabled",
                    "The operator API is off: set TOLLGATE_OPERATOR_TOKEN to turn it on.");
        }
        String expected = "Bearer " + config.token();
        if (authorization == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                authorization.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized",
                    "The operator API needs Authorization: Bearer <TOLLGATE_OPERATOR_TOKEN>.");
        }
    }
}
