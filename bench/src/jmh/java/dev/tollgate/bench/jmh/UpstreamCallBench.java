package dev.tollgate.bench.jmh;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The trade's upstream call, isolated: a JSON POST on loopback to an agent that answers a fixed ~1 KiB body at once
 * (a JDK {@code HttpServer}, like devstack's demo agent), by four callers at a time so the two cores are the limit and
 * ops/s tracks the CPU each call costs (client and server; the server is the same for every client). Clients: the
 * JDK {@code HttpClient} as the gateway's {@code UpstreamTransport} uses it ({@code sendAsync} + {@code get} with a
 * deadline, default version), the same pinned to HTTP/1.1, Micronaut's Netty client (blocking), and a bare
 * keep-alive HTTP/1.1 exchange on a socket per caller (the floor: no client library at all).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Threads(4)
public class UpstreamCallBench {
    private static final byte[] REQUEST = "{\"agent_config\":{\"agent_name\":\"bench\"},\"task\":\"benchmark\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] ANSWER = UsageParsingBench.Bodies.of("anthropic").getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private ExecutorService serverThreads;
    private URI uri;
    private HttpClient jdkDefault;
    private HttpClient jdkHttp11;
    private io.micronaut.http.client.HttpClient micronaut;

    @Setup
    public void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        serverThreads = Executors.newFixedThreadPool(4);
        server.setExecutor(serverThreads);
        server.createContext("/v1/agent/completions", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ANSWER.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ANSWER);
            }
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/agent/completions");
        jdkDefault = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        jdkHttp11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        micronaut = io.micronaut.http.client.HttpClient.create(new URL("http://127.0.0.1:" + server.getAddress().getPort()));
        if (jdkAsync(jdkDefault).length != ANSWER.length || micronautBlocking().length != ANSWER.length) {
            throw new IllegalStateException("the agent's answer did not arrive whole");
        }
    }

    @TearDown
    public void tearDown() {
        micronaut.close();
        jdkDefault.close();
        jdkHttp11.close();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    /** One kept-alive socket per calling thread. */
    @State(Scope.Thread)
    public static class Connection {
        Socket socket;
        InputStream in;
        OutputStream out;

        @Setup(Level.Trial)
        public void open(UpstreamCallBench bench) throws IOException {
            socket = new Socket("127.0.0.1", bench.uri.getPort());
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            socket.close();
        }
    }

    private byte[] jdkAsync(HttpClient client) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(REQUEST)).build();
        try {
            return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).get(30, TimeUnit.SECONDS).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** As UpstreamTransport: the JDK client, default version (HTTP/2 preferred), sendAsync + get with a deadline. */
    @Benchmark
    public byte[] jdkHttpClientAsDeployed() {
        return jdkAsync(jdkDefault);
    }

    /** The same client pinned to HTTP/1.1. */
    @Benchmark
    public byte[] jdkHttpClientHttp11() {
        return jdkAsync(jdkHttp11);
    }

    /** Micronaut's Netty client (pooled keep-alive), blocking exchange. */
    @Benchmark
    public byte[] micronautNettyClient() {
        return micronautBlocking();
    }

    private byte[] micronautBlocking() {
        return micronaut.toBlocking().retrieve(io.micronaut.http.HttpRequest.POST(uri.getPath(), REQUEST)
                .contentType("application/json").accept("application/json"), byte[].class);
    }

    /** The floor: a hand-written HTTP/1.1 exchange on a kept-alive socket (no client library). */
    @Benchmark
    public byte[] bareSocketHttp11(Connection c) throws IOException {
        String head = "POST " + uri.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Accept: application/json\r\nContent-Length: " + REQUEST.length + "\r\n\r\n";
        c.out.write(head.getBytes(StandardCharsets.US_ASCII));
        c.out.write(REQUEST);
        c.out.flush();
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = c.in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            headers.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = headers.toString(StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
        int at = text.indexOf("content-length:");
        int length = Integer.parseInt(text.substring(at + 15, text.indexOf('\r', at)).strip());
        return c.in.readNBytes(length);
    }
}
