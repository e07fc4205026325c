package dev.tollgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A billed endpoint's answer, read the way issue 10's billing filter writes it:
 * <ul>
 *   <li>paid, JSON object body: the handler's body plus {@code atp_usage} and {@code atp_settlement}
 *       ({@code {status: "paid", transaction_signature, job_id, network, asset, pricing, payment}});</li>
 *   <li>paid, {@code text/event-stream}: the handler's events, then one {@code event: atp_settlement} whose data
 *       is {@code {atp_usage, atp_settlement}};</li>
 *   <li>paid, other bodies: unchanged, with header {@code X-ATP-Settlement: base64(json)};</li>
 *   <li>x402 credentials also get {@code PAYMENT-RESPONSE: base64(SettleResponse)};</li>
 *   <li>202 {@code {status: "pending", job_id, output_url, atp_usage}}: paid but not final, the output waits at
 *       {@code output_url} ({@link BilledHttp#collect});</li>
 *   <li>402: a {@link BillingChallenge} (what to pay, or why the credential or payment was refused).</li>
 * </ul>
 */
public record BilledResponse(int status, HttpHeaders headers, byte[] body) {
    public static final String X_ATP_SETTLEMENT = "X-ATP-Settlement";
    public static final String PAYMENT_RESPONSE = "PAYMENT-RESPONSE";
    public static final String TRAILER_EVENT = "atp_settlement";

    /** One server-sent event: its {@code event} name (null for the default) and its data lines joined by \n. */
    public record SseEvent(String event, String data) {
    }

    /** A 202's paid-but-not-final answer: the output is collected later from {@code outputUrl}. */
    public record Pending(String jobId, URI outputUrl, JsonNode usage) {
    }

    public String contentType() {
        return headers.firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body as JSON when it is JSON, else empty. */
    public Optional<JsonNode> json() {
        if (body.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(GatewayHttp.JSON.readTree(body));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    public boolean isEventStream() {
        return contentType().startsWith("text/event-stream");
    }

    /** The events of a {@code text/event-stream} body (the settlement trailer included), in order. */
    public List<SseEvent> events() {
        List<SseEvent> events = new ArrayList<>();
        if (!isEventStream()) {
            return events;
        }
        String event = null;
        StringBuilder data = null;
        for (String line : text().replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(new SseEvent(event, data.toString()));
                }
                event = null;
                data = null;
            } else if (line.startsWith(":")) {
                continue; // a comment
            } else {
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                if (field.equals("event")) {
                    event = value;
                } else if (field.equals("data")) {
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
        }
        if (data != null) {
            events.add(new SseEvent(event, data.toString()));
        }
        return events;
    }

    /** The handler's own events: {@link #events()} without the settlement trailer. */
    public List<SseEvent> handlerEvents() {
        return events().stream().filter(e -> !TRAILER_EVENT.equals(e.event())).toList();
    }

    /** {@code atp_settlement}: from the JSON body, the SSE trailer, or {@code X-ATP-Settlement}. */
    public Optional<JsonNode> settlement() {
        return billingField("atp_settlement");
    }

    /** {@code atp_usage}: from the JSON body (a 202's too) or the SSE trailer. */
    public Optional<JsonNode> usage() {
        return billingField("atp_usage");
    }

    /** The decoded {@code PAYMENT-RESPONSE} (x402 SettleResponse), when an x402 credential paid. */
    public Optional<JsonNode> paymentResponse() {
        return headers.firstValue(PAYMENT_RESPONSE).flatMap(BillingChallenge::decodeHeader);
    }

    /** Paid and released: a 2xx other than 202 whose settlement says {@code paid} (or x402's {@code success}). */
    public boolean paid() {
        if (status < 200 || status > 299 || status == 202) {
            return false;
        }
        return settlement().map(s -> "paid".equals(s.path("status").asText())).orElse(false)
                || paymentResponse().map(p -> p.path("success").asBoolean(false)).orElse(false);
    }

    /** A 202 {@code {status: "pending", job_id, output_url}}. */
    public Optional<Pending> pending() {
        if (status != 202) {
            return Optional.empty();
        }
        return json().filter(j -> "pending".equals(j.path("status").asText()) && j.hasNonNull("job_id")
                && j.hasNonNull("output_url")).flatMap(j -> {
                    try {
                        return Optional.of(new Pending(j.get("job_id").asText(), URI.create(j.get("output_url").asText()),
                                j.path("atp_usage")));
                    } catch (IllegalArgumentException e) {
                        return Optional.empty();
                    }
                });
    }

    /** A 402's challenge (what to pay, or why it was refused). */
    public Optional<BillingChallenge> challenge() {
        if (status != 402) {
            return Optional.empty();
        }
        return Optional.of(BillingChallenge.of(headers.firstValue("PAYMENT-REQUIRED"),
                json().orElse(null)));
    }

    private Optional<JsonNode> billingField(String name) {
        if (isEventStream()) {
            List<SseEvent> events = events();
            for (int i = events.size() - 1; i >= 0; i--) {
                if (TRAILER_EVENT.equals(events.get(i).event())) {
                    try {
                        JsonNode data = GatewayHttp.JSON.readTree(events.get(i).data());
                        JsonNode field = data == null ? null : data.get(name);
                        return field != null && field.isObject() ? Optional.of(field) : Optional.empty();
                    } catch (java.io.IOException e) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.empty();
        }
        Optional<JsonNode> fromBody = json().map(j -> j.get(name)).filter(JsonNode::isObject);
        if (fromBody.isPresent() || !"atp_settlement".equals(name)) {
            return fromBody;
        }
        return headers.firstValue(X_ATP_SETTLEMENT).flatMap(BillingChallenge::decodeHeader);
    }
}
