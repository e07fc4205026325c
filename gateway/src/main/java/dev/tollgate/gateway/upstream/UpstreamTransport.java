package dev.tollgate.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/** POSTs JSON to an upstream agent with a deadline and a cap on the answer's size. */
final class UpstreamTransport {
    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration timeout;
    private final int maxResponseBytes;

    UpstreamTransport(ObjectMapper json, Duration timeout, int maxResponseBytes) {
        this.json = json;
        this.timeout = timeout;
        this.maxResponseBytes = maxResponseBytes;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    JsonNode post(URI url, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
        headers.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                request.header(name, value);
            }
        });
        HttpResponse<InputStream> response;
        try {
            request.POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw UpstreamException.unreachable();
        } catch (HttpTimeoutException e) {
            throw UpstreamException.timeout();
        } catch (IOException e) {
            throw UpstreamException.unreachable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UpstreamException.timeout();
        }
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(maxResponseBytes + 1);
            if (response.statusCode() != 200) {
                throw UpstreamException.status(response.statusCode());
            }
            if (bytes.length > maxResponseBytes) {
                throw UpstreamException.malformed("with more than " + maxResponseBytes + " bytes");
            }
            JsonNode node = json.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw UpstreamException.malformed("with something other than a JSON object");
            }
            return node;
        } catch (HttpTimeoutException e) {
            throw UpstreamException.timeout();
        } catch (IOException e) {
            throw UpstreamException.malformed("with malformed JSON");
        }
    }
}
