package dev.tollgate.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A small real agent for dev mode, speaking the Swarms completions shape: it "answers" the task and reports
 * token usage the way real agents do (about four characters a token), so the whole billing path runs.
 */
public final class DemoAgent implements AutoCloseable {
    public static final String PATH = "/v1/agent/completions";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    private DemoAgent(HttpServer server) {
        this.server = server;
    }

    public static DemoAgent start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext(PATH, DemoAgent::handle);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return new DemoAgent(server);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the demo agent", e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "{\"detail\":\"Method Not Allowed\"}");
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody().readNBytes(1 << 20));
            String task = request.path("task").asText("");
            String name = request.path("agent_config").path("agent_name").asText("agent");
            String prompt = request.path("agent_config").path("system_prompt").asText("");
            String output = "[" + name + "] Here is my work on: \"" + task + "\". Summary: the task has "
                    + task.split("\\s+").length + " words; a real agent would answer it in full.";
            long in = tokens(prompt) + tokens(task);
            long out = tokens(output);
            ObjectNode body = JSON.createObjectNode();
            body.put("success", true);
            body.put("name", name);
            body.put("outputs", output);
            ObjectNode usage = body.putObject("usage");
            usage.put("input_tokens", in);
            usage.put("output_tokens", out);
            usage.put("total_tokens", in + out);
            respond(exchange, 200, JSON.writeValueAsString(body));
        } catch (IOException | RuntimeException e) {
            respond(exchange, 400, "{\"detail\":\"bad request\"}");
        }
    }

    private static long tokens(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
