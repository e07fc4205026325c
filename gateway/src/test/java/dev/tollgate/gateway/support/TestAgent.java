package dev.tollgate.gateway.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real upstream agent over HTTP on 127.0.0.1 whose next answers a test can script: Swarms-shaped success with
 * fixed usage (1,000 input and 500 output tokens), an error status, a hang, garbage, or a success whose headers
 * come at once and whose body trickles in one byte every 100 ms.
 */
public final class TestAgent implements AutoCloseable {
    public static final String PATH = "/v1/agent/completions";
    public static final String DEFAULT_OUTPUT = "the agent's paid work";
    private static final String SUCCESS = """
            {"success": true, "outputs": "%s",
             "usage": {"input_tokens": 1000, "output_tokens": 500, "total_tokens": 1500}}
            """.formatted(DEFAULT_OUTPUT);

    /** ZERO_USAGE: success with no tokens used; HANG_UP: closes the connection without an answer. */
    public enum Mode { OK, ERROR_500, HANG, GARBAGE, TRICKLE, ZERO_USAGE, HANG_UP }

    private final HttpServer server;
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.OK);
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicReference<String> lastRequest = new AtomicReference<>();

    public TestAgent() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext(PATH, exchange -> {
            try (exchange) {
                calls.incrementAndGet();
                lastRequest.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                switch (mode.get()) {
                    case OK -> respond(exchange, 200, SUCCESS);
                    case TRICKLE -> trickle(exchange, SUCCESS);
                    case ERROR_500 -> respond(exchange, 500, "{\"detail\":\"boom\"}");
                    case GARBAGE -> respond(exchange, 200, "<html>not json</html>");
                    case ZERO_USAGE -> respond(exchange, 200, SUCCESS.replace("1000", "0").replace("500", "0")
                            .replace("1500", "0"));
                    case HANG_UP -> { } // the exchange is closed unanswered: the connection drops
                    case HANG -> {
                        try {
                            Thread.sleep(10_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            } catch (IOException ignored) {
                // the gateway hung up (timeout test)
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void trickle(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (byte b : body.getBytes(StandardCharsets.UTF_8)) {
                out.write(b);
                out.flush();
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    public void mode(Mode next) {
        mode.set(next);
    }

    public int calls() {
        return calls.get();
    }

    public String lastRequest() {
        return lastRequest.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
