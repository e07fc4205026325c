package dev.tollgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * The bench's HTTP/1.1 client: one JDK client on virtual threads. It opens a connection per concurrent request and
 * keeps idle ones alive, so the pool grows to the concurrency the load needs.
 */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    record Reply(int status, JsonNode body) {
    }

    Reply postJson(String url, Object body) throws IOException, InterruptedException {
        return postJson(url, body, JSON);
    }

    /** As {@link #postJson(String, Object)}, the answer read by {@code reader} (e.g. decimals kept exact). */
    Reply postJson(String url, Object body, ObjectMapper reader) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        byte[] bytes = response.body();
        JsonNode json = bytes.length == 0 ? reader.nullNode() : reader.readTree(bytes);
        return new Reply(response.statusCode(), json);
    }
}
