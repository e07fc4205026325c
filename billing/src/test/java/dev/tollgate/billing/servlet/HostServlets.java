package dev.tollgate.billing.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** A small servlet host API behind the billing filter (test sources only). Counts handler runs. */
final class HostServlets extends HttpServlet {

    static final AtomicInteger RUNS = new AtomicInteger();
    static volatile String lastRequestBody;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        RUNS.incrementAndGet();
        switch (path) {
            case "/v1/quote" -> {
                response.setContentType("application/json");
                response.setHeader("X-Host", "kept");
                response.setContentLength(40);
                response.getOutputStream().write("{\"quote\":42,\"text\":\"SECRET-QUOTE\"}"
                        .getBytes(StandardCharsets.UTF_8));
                response.flushBuffer();
            }
            case "/v1/chat/completions" -> {
                lastRequestBody = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                response.setContentType("application/json;charset=UTF-8");
                PrintWriter writer = response.getWriter();
                writer.write("{\"choices\":[{\"message\":{\"content\":\"SECRET-ANSWER\"}}],"
                        + "\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":500}}");
                writer.flush();
            }
            case "/v1/stream" -> {
                response.setContentType("text/event-stream");
                PrintWriter writer = response.getWriter();
                writer.write("data: {\"choices\":[{\"delta\":{\"content\":\"SECRET-STREAM\"}}]}\n\n");
                writer.flush();
                writer.write("data: {\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2}}\n\ndata: [DONE]\n\n");
                writer.flush();
            }
            case "/v1/broken" -> response.sendError(500, "handler failed");
            case "/v1/big" -> {
                response.setContentType("text/plain");
                response.getOutputStream().write(new byte[5000]);
            }
            default -> {
                response.setContentType("text/plain");
                response.getWriter().write("free");
            }
        }
    }
}
