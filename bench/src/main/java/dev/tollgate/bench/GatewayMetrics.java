package dev.tollgate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the gateway itself counted while a row ran, from its Prometheus page ({@code /management/prometheus}): the
 * JSON-RPC calls its rails made (by method) and the settle requests' own time inside the server (Micronaut's
 * {@code http.server.requests} for {@code /v1/agent/settle}). Two scrapes around a row give per-settle figures.
 */
final class GatewayMetrics {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final String SETTLE_URI = "/v1/agent/settle";

    /** One scrape: RPC calls by method (all rails, all outcomes), settle requests' count and seconds in the server. */
    record Snapshot(Map<String, Double> rpcCalls, double settleCount, double settleSeconds) {
    }

    private final URI page;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    GatewayMetrics(GatewayProcess gateway) {
        this.page = URI.create(gateway.url("/management/prometheus"));
    }

    /** A scrape, or null when the page cannot be read (the row still counts; only these facts are missing). */
    Snapshot scrape() {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? parse(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static Snapshot parse(String text) {
        Map<String, Double> rpc = new TreeMap<>();
        double count = 0;
        double seconds = 0;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.find()) {
                continue;
            }
            String name = m.group(1);
            Map<String, String> labels = labels(m.group(3));
            double value;
            try {
                value = Double.parseDouble(m.group(4));
            } catch (NumberFormatException e) {
                continue;
            }
            if (name.equals("tollgate_rpc_calls_total")) {
                rpc.merge(labels.getOrDefault("method", "?"), value, Double::sum);
            } else if (SETTLE_URI.equals(labels.get("uri")) && name.equals("http_server_requests_seconds_count")) {
                count += value;
            } else if (SETTLE_URI.equals(labels.get("uri")) && name.equals("http_server_requests_seconds_sum")) {
                seconds += value;
            }
        }
        return new Snapshot(rpc, count, seconds);
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text != null) {
            Matcher l = LABEL.matcher(text);
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
        }
        return labels;
    }

    /** "N calls per settle: method=n, …" between two scrapes, for {@code settled} settles; null without both. */
    static String rpcPerSettle(Snapshot before, Snapshot after, long settled) {
        if (before == null || after == null || settled == 0) {
            return null;
        }
        Map<String, Double> delta = new TreeMap<>();
        after.rpcCalls().forEach((method, n) -> {
            double d = n - before.rpcCalls().getOrDefault(method, 0.0);
            if (d > 0) {
                delta.put(method, d / settled);
            }
        });
        double total = delta.values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%.1f per settle:", total));
        delta.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sb.append(String.format(Locale.ROOT, " %s=%.1f", e.getKey(), e.getValue())));
        return sb.toString();
    }

    /** Mean milliseconds a settle request spent inside the server between two scrapes, or NaN. */
    static double meanSettleMillis(Snapshot before, Snapshot after) {
        if (before == null || after == null || after.settleCount() <= before.settleCount()) {
            return Double.NaN;
        }
        return (after.settleSeconds() - before.settleSeconds()) * 1000 / (after.settleCount() - before.settleCount());
    }
}
