package dev.tollgate.chain.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real local HTTP server standing in for a hostile or broken RPC node: {@link Mode#TRICKLE} sends 200 and its
 * headers at once, then one byte of body every 100 ms until the client goes away; {@link Mode#HUGE} sends a 64 MiB
 * body as fast as it can.
 */
public final class TricklingServer implements AutoCloseable {
    public enum Mode { TRICKLE, HUGE }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    public TricklingServer(Mode mode) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0); // chunked: the client cannot know how long it is
            try (OutputStream body = exchange.getResponseBody()) {
                body.write("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"".getBytes(StandardCharsets.US_ASCII));
                body.flush();
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'a');
                for (int i = 0; i < 1024; i++) {
                    if (mode == Mode.TRICKLE) {
                        body.write('a');
                        body.flush();
                        Thread.sleep(100);
                    } else {
                        body.write(chunk);
                    }
                }
                body.write("\"}".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException | InterruptedException clientLeft) {
                // what a well-behaved client does once its deadline passes
            }
        });
        server.start();
    }

    /** The server's URL, with a path that looks like a provider API key (it must never appear in a message). */
    public URI url(String secretPath) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v2/" + secretPath);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
