package dev.tollgate.gateway.billing;

import io.micronaut.http.HttpStatus;
import java.util.Map;

/** One answer of the billing API: its status and JSON body ({@code null}: no body, e.g. 204). */
public record BillingAnswer(HttpStatus status, Map<String, Object> body) {
}
