package dev.tollgate.gateway.atp;

import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.core.Refusal;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** A refusal raised while reading a request (a bad field, a malformed proof) answers in ATP's error shape. */
@Produces
@Singleton
public class AtpRefusalHandler implements ExceptionHandler<Refusal, HttpResponse<?>> {
    private final JsonBodies json;

    AtpRefusalHandler(JsonBodies json) {
        this.json = json;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, Refusal refusal) {
        return AtpErrors.response(refusal, json);
    }
}
