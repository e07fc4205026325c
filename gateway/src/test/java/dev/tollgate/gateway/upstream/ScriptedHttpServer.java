package dev.tollgate.gateway.upstream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/** A real HTTP server on 127.0.0.1 that answers every request with the next scripted reply and records the request. */
final class ScriptedHttpServer implements AutoCloseable {
    record Reply(int status, String body, long delayMillis) {
    }

    record Seen(String path, String body, com.sun.net.httpserver.Headers headers) {
    }

    private final HttpServer server;
    private final AtomicReference<Reply> next = new AtomicReference<>(new Reply(200, "{}", 0));
    private final AtomicReference<Seen> last = new AtomicReference<>();

    ScriptedHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            last.set(new Seen(exchange.getRequestURI().getPath(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), exchange.getRequestHeaders()));
            Reply reply = next.get();
            if (reply.delayMillis() > 0) {
                Thread.sleep(reply.delayMillis());
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientHungUp) {
            // the timeout test closes the connection first
        }
    }

    void reply(int status, String body) {
        next.set(new Reply(status, body, 0));
    }

    void hang(long millis) {
        next.set(new Reply(200, "{}", millis));
    }

    Seen lastRequest() {
        return last.get();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
