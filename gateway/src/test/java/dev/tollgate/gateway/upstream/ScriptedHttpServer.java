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
    /** A reply; a chunked one sends its headers at once and its body one byte every {@code trickleMillis}. */
    record Reply(int status, String body, long delayMillis, boolean chunked, long trickleMillis) {
    }

    record Seen(String path, String body, com.sun.net.httpserver.Headers headers) {
    }

    private final HttpServer server;
    private final AtomicReference<Reply> next = new AtomicReference<>(new Reply(200, "{}", 0, false, 0));
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
            if (reply.chunked()) {
                exchange.sendResponseHeaders(reply.status(), 0); // chunked: headers now, the body byte by byte
                try (OutputStream out = exchange.getResponseBody()) {
                    for (byte b : bytes) {
                        out.write(b);
                        if (reply.trickleMillis() > 0) {
                            out.flush();
                            Thread.sleep(reply.trickleMillis());
                        }
                    }
                }
                return;
            }
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
        next.set(new Reply(status, body, 0, false, 0));
    }

    void hang(long millis) {
        next.set(new Reply(200, "{}", millis, false, 0));
    }

    /** Sends a 200 and its headers at once, then {@code body} one byte every {@code millisPerByte}. */
    void trickle(String body, long millisPerByte) {
        next.set(new Reply(200, body, 0, true, millisPerByte));
    }

    /** Sends a 200 without a Content-Length (chunked), the body as fast as it goes. */
    void chunked(String body) {
        next.set(new Reply(200, body, 0, true, 0));
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
