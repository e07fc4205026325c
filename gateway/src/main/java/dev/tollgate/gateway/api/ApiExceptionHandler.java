package dev.tollgate.gateway.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

@Produces
@Singleton
@Requires(classes = {ApiException.class, ExceptionHandler.class})
public class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<?>> {
    private final JsonBodies json;

    ApiExceptionHandler(JsonBodies json) {
        this.json = json;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ApiException e) {
        return HttpResponse.status(e.status()).contentType(MediaType.APPLICATION_JSON_TYPE).body(json.write(ErrorBody.of(e)));
    }
}
