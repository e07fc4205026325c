package dev.tollgate.pricing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 (ephemeral port) that answers every GET with what the test set: the answer for
 * the exact request target when one was given with {@link #respondTo}, else the one from {@link #respond}.
 */
final class LocalHttpServer implements AutoCloseable {

    record Request(URI uri, Headers headers) {
    }

    private record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answersByTarget = new ConcurrentHashMap<>();
    private volatile int status = 200;
    private volatile String body = "{}";
    private volatile Duration delayBeforeHeaders = Duration.ZERO;
    private volatile Duration stallMidBody = Duration.ZERO;

    LocalHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void respond(int status, String body) {
        this.status = status;
        this.body = body;
    }

    /** Answers GETs of exactly {@code target} (path and query as sent, e.g. {@code /a/b?x=1}) with this. */
    void respondTo(String target, int status, String body) {
        answersByTarget.put(target, new Answer(status, body));
    }

    void delayHeaders(Duration delay) {
        this.delayBeforeHeaders = delay;
    }

    void stallMidBody(Duration stall) {
        this.stallMidBody = stall;
    }

    List<Request> requests() {
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add(new Request(exchange.getRequestURI(), exchange.getRequestHeaders()));
            sleep(delayBeforeHeaders);
            Answer answer = answersByTarget.getOrDefault(exchange.getRequestURI().toString(), new Answer(status, body));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            boolean stall = !stallMidBody.isZero() && bytes.length > 1;
            exchange.sendResponseHeaders(answer.status(), stall ? 0 : bytes.length == 0 ? -1 : bytes.length);
            OutputStream out = exchange.getResponseBody();
            if (stall) {
                out.write(bytes, 0, 1);
                out.flush();
                sleep(stallMidBody);
                out.write(bytes, 1, bytes.length - 1);
            } else {
                out.write(bytes);
            }
        } catch (IOException clientGone) {
            // the client gave up (timeout tests); nothing to answer
        }
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
