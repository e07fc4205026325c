package dev.tollgate.gateway.api;

import dev.tollgate.chain.RailUnavailableException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A chain node that cannot be reached is an outage (503), not a bug (500); the caller may retry. */
@Produces
@Singleton
public class RailUnavailableHandler implements ExceptionHandler<RailUnavailableException, HttpResponse<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(RailUnavailableHandler.class);
    private final JsonBodies json;

    RailUnavailableHandler(JsonBodies json) {
        this.json = json;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, RailUnavailableException e) {
        LOG.warn("chain node unavailable during {} {}: {}", request.getMethod(), request.getPath(), e.getMessage());
        return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(json.write(ErrorBody.of("rail_unavailable",
                        "A chain node could not be reached; nothing was changed by this request. Try again.", Map.of())));
    }
}
