package dev.tollgate.examples.servlet;

import dev.tollgate.examples.api.ChatCompletions;
import dev.tollgate.examples.api.DemoApi;
import dev.tollgate.examples.api.DemoResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The host's own handlers: they know nothing of billing (the filter in front of them does). */
public class DemoServlet extends HttpServlet {
    private final transient DemoApi api = new DemoApi();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        if (DemoApi.QUOTE_PATH.equals(path)) {
            write(response, api.quote());
        } else if (DemoApi.HEALTH_PATH.equals(path)) {
            write(response, api.health());
        } else if (path.startsWith(DemoApi.FAIL_PREFIX) && path.indexOf('/', DemoApi.FAIL_PREFIX.length()) < 0) {
            write(response, api.failure(path.substring(DemoApi.FAIL_PREFIX.length())));
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!DemoApi.CHAT_PATH.equals(request.getRequestURI())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(ChatCompletions.MAX_REQUEST_BYTES + 1);
        write(response, api.chat(body));
    }

    private static void write(HttpServletResponse response, DemoResponse r) throws IOException {
        byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
        response.setStatus(r.status());
        response.setContentType(r.contentType());
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
