package dev.tollgate.chain.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real local HTTP JSON-RPC server whose behaviour a test switches at run time, counting requests per method:
 * {@link Mode#LIVE} answers {@code result = "<name>:<method>"}; {@link Mode#DOWN} answers HTTP 503; {@link Mode#HANG}
 * holds every request until closed; {@link Mode#RPC_ERROR} answers a JSON-RPC error object; {@link Mode#FORWARD}
 * relays to a real node.
 */
public final class ScriptedRpcNode implements AutoCloseable {
    public enum Mode { LIVE, DOWN, HANG, RPC_ERROR, FORWARD }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final HttpClient client = HttpClient.newHttpClient();
    private volatile Mode mode;
    private volatile URI forwardTo;
    private final java.util.Set<String> failing = ConcurrentHashMap.newKeySet();

    public ScriptedRpcNode(String name, Mode mode) {
        this.name = name;
        this.mode = mode;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A node relaying every request to {@code target}. */
    public static ScriptedRpcNode forwarding(String name, URI target) {
        ScriptedRpcNode node = new ScriptedRpcNode(name, Mode.FORWARD);
        node.forwardTo = target;
        return node;
    }

    /** Answers HTTP 503 to {@code method} whatever the mode (e.g. a node that relays reads but drops sends). */
    public void failOn(String method) {
        failing.add(method);
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** With a path that looks like a provider API key (it must never appear in a message). */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v2/sekrit-" + name);
    }

    public int hits(String method) {
        AtomicInteger n = hits.get(method);
        return n == null ? 0 : n.get();
    }

    public int totalHits() {
        return hits.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        JsonNode request = JSON.readTree(body);
        String method = request.path("method").asText("?");
        hits.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
        try {
            switch (failing.contains(method) ? Mode.DOWN : mode) {
                case DOWN -> respond(exchange, 503, "{\"error\":\"unavailable\"}".getBytes(StandardCharsets.UTF_8));
                case HANG -> {
                    closed.await(60, TimeUnit.SECONDS);
                    exchange.close();
                }
                case RPC_ERROR -> respond(exchange, 200, JSON.writeValueAsBytes(Map.of("jsonrpc", "2.0",
                        "id", request.path("id"), "error", Map.of("code", -32602, "message", "invalid params"))));
                case LIVE -> respond(exchange, 200, JSON.writeValueAsBytes(Map.of("jsonrpc", "2.0",
                        "id", request.path("id"), "result", name + ":" + method)));
                case FORWARD -> respond(exchange, 200, client.send(HttpRequest.newBuilder(forwardTo)
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofByteArray()).body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        } catch (IOException clientLeft) {
            exchange.close();
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
