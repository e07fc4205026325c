package dev.tollgate.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.gateway.upstream.UpstreamTransport;
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
import java.util.Map;
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
 * deadline, default version), the same pinned to HTTP/1.1, Micronaut's Netty client (blocking), the gateway's
 * {@code UpstreamTransport} as deployed since the switch to Netty (raw client, capped read, one deadline; it also
 * writes the request and parses the answer as JSON, ~3 µs of the call), and a bare keep-alive HTTP/1.1 exchange on
 * a socket per caller (the floor: no client library at all).
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
    private UpstreamTransport transport;
    private final ObjectNode requestTree = new ObjectMapper().createObjectNode();

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
        ObjectMapper json = new ObjectMapper();
        requestTree.setAll((ObjectNode) json.readTree(REQUEST));
        transport = new UpstreamTransport(json, Duration.ofSeconds(30), 10 * 1024 * 1024);
        if (jdkAsync(jdkDefault).length != ANSWER.length || micronautBlocking().length != ANSWER.length
                || !gatewayTransport().equals(json.readTree(ANSWER))) {
            throw new IllegalStateException("the agent's answer did not arrive whole");
        }
    }

    @TearDown
    public void tearDown() {
        transport.close();
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

    /** The gateway's UpstreamTransport (Micronaut's raw Netty client, pooled), as a trade calls it. */
    @Benchmark
    public JsonNode gatewayTransport() {
        return transport.post(uri, requestTree, Map.of("x-api-key", "bench"));
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

    /**
     * CPU per call, interleaved: JMH runs one benchmark after another, so on a shared machine whose load moves by the
     * minute its ops/s compare badly. This runs the three client paths in turns (4 callers, {@code calls} each) for
     * {@code rounds} rounds and divides the JVM's own CPU time (client, the in-process agent, GC) by the calls: the
     * other processes' load does not count in it. Prints the median and the best round per client.
     * {@code java -cp "bench/target/tollgate-bench.jar:bench/target/lib/*" dev.tollgate.bench.jmh.UpstreamCallBench [rounds] [calls]}
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        UpstreamCallBench bench = new UpstreamCallBench();
        bench.setUp();
        java.util.Map<String, java.util.concurrent.Callable<Object>> clients = new java.util.LinkedHashMap<>();
        clients.put("jdkHttpClientAsDeployed", bench::jdkHttpClientAsDeployed);
        clients.put("gatewayTransport", bench::gatewayTransport);
        clients.put("micronautNettyClient", bench::micronautNettyClient);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        java.util.Map<String, java.util.List<double[]>> seen = new java.util.LinkedHashMap<>();
        for (int r = -2; r < rounds; r++) { // two warm-up rounds
            for (var client : clients.entrySet()) {
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                Thread[] callers = new Thread[4];
                for (int t = 0; t < callers.length; t++) {
                    callers[t] = Thread.ofPlatform().start(() -> {
                        for (int i = 0; i < calls; i++) {
                            try {
                                client.getValue().call();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    });
                }
                for (Thread t : callers) {
                    t.join();
                }
                double n = 4.0 * calls;
                double cpuMicros = (os.getProcessCpuTime() - cpu0) / 1_000.0 / n;
                double perSecond = n / ((System.nanoTime() - t0) / 1e9);
                if (r >= 0) {
                    seen.computeIfAbsent(client.getKey(), k -> new java.util.ArrayList<>()).add(new double[]{cpuMicros, perSecond});
                }
            }
        }
        bench.tearDown();
        System.out.printf("%-26s %14s %14s %12s %12s%n", "client (" + rounds + " rounds)", "cpu µs/call p50", "cpu µs best", "calls/s p50", "calls/s best");
        for (var e : seen.entrySet()) {
            double[] cpu = e.getValue().stream().mapToDouble(v -> v[0]).sorted().toArray();
            double[] rate = e.getValue().stream().mapToDouble(v -> v[1]).sorted().toArray();
            System.out.printf("%-26s %14.1f %14.1f %12.0f %12.0f%n", e.getKey(), cpu[cpu.length / 2], cpu[0],
                    rate[rate.length / 2], rate[rate.length - 1]);
        }
    }
}
