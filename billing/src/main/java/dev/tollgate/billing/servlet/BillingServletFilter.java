package dev.tollgate.billing.servlet;

import dev.tollgate.billing.BillingConfig;
import dev.tollgate.billing.BillingDecision;
import dev.tollgate.billing.BillingEngine;
import dev.tollgate.billing.BillingRequest;
import dev.tollgate.billing.BillingResponse;
import dev.tollgate.billing.HandlerResponse;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The billing filter for servlet hosts (Spring Boot, Tomcat, Jetty…). Install it one of three ways:
 * <ul>
 *   <li>{@code new BillingServletFilter(BillingConfig)} (or {@code (BillingEngine)}) registered programmatically,
 *       e.g. {@code FilterRegistrationBean} in Spring Boot or {@code ServletContext.addFilter};</li>
 *   <li>{@link #fromProperties(Map)} with the {@code tollgate.billing.*} keys;</li>
 *   <li>declared in web.xml with the same keys as init parameters (read in {@link #init}).</li>
 * </ul>
 * Map it to {@code /*}: it matches the billed paths itself, on the normalised path within the context. Requests
 * to other paths go straight through. Billed responses are buffered (never committed) until paid.
 */
public class BillingServletFilter implements Filter {

    private volatile BillingEngine engine;

    /** For web.xml: configured from init parameters in {@link #init}. */
    public BillingServletFilter() {
    }

    public BillingServletFilter(BillingConfig config) {
        this(BillingEngine.of(config));
    }

    public BillingServletFilter(BillingEngine engine) {
        this.engine = engine;
    }

    public static BillingServletFilter fromProperties(Map<String, String> keys) {
        return new BillingServletFilter(BillingConfig.fromMap(keys));
    }

    public static BillingServletFilter fromProperties(Properties properties) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            keys.put(name, properties.getProperty(name));
        }
        return fromProperties(keys);
    }

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        if (engine != null) {
            return;
        }
        Map<String, String> keys = new LinkedHashMap<>();
        Enumeration<String> names = filterConfig.getInitParameterNames();
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            keys.put(name, filterConfig.getInitParameter(name));
        }
        try {
            engine = BillingEngine.of(BillingConfig.fromMap(keys));
        } catch (IllegalArgumentException e) {
            throw new ServletException("tollgate billing filter: " + e.getMessage());
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        BillingEngine billing = engine;
        if (billing == null) {
            throw new ServletException("tollgate billing filter is not configured");
        }
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        String path = pathInContext(request);
        if (!billing.mayBill(request.getMethod(), path)) {
            chain.doFilter(request, response);
            return;
        }
        int cap = billing.config().maxResponseBytes();
        CachedBodyRequest cached = new CachedBodyRequest(request, cap);
        BillingDecision decision = billing.before(new BillingRequest(request.getMethod(), path, baseUrl(request),
                request::getHeader, cached::body));
        switch (decision) {
            case BillingDecision.Pass pass -> chain.doFilter(cached, response);
            case BillingDecision.Respond respond -> write(response, respond.response());
            case BillingDecision.Proceed proceed -> {
                BufferingResponse buffer = new BufferingResponse(response, cap);
                HandlerResponse handled;
                try {
                    chain.doFilter(cached, buffer);
                    if (cached.isAsyncStarted()) {
                        // the output would be written after this returns, past the billing
                        throw new ServletException("a billed endpoint must not use async servlet processing");
                    }
                    handled = buffer.handlerResponse();
                } catch (IOException | ServletException | RuntimeException e) {
                    billing.abandon(proceed.ticket());
                    throw e;
                }
                write(response, billing.after(proceed.ticket(), handled));
            }
        }
    }

    /** The raw (still encoded) request URI minus the context path: what the filter's patterns are written for. */
    private static String pathInContext(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        if (context != null && !context.isEmpty() && uri.startsWith(context)) {
            uri = uri.substring(context.length());
        }
        return uri.isEmpty() ? "/" : uri;
    }

    private static String baseUrl(HttpServletRequest request) {
        String scheme = request.getScheme();
        int port = request.getServerPort();
        boolean defaultPort = (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        String host = request.getServerName();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return scheme + "://" + host + (defaultPort || port <= 0 ? "" : ":" + port) + request.getContextPath();
    }

    private static void write(HttpServletResponse response, BillingResponse billing) throws IOException {
        if (!billing.keepHandlerHeaders()) {
            response.reset();
        }
        response.setStatus(billing.status());
        for (Map.Entry<String, String> header : billing.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase("Content-Type")) {
                response.setContentType(header.getValue());
            } else {
                response.setHeader(header.getKey(), header.getValue());
            }
        }
        response.setContentLength(billing.body().length);
        response.getOutputStream().write(billing.body());
        response.flushBuffer();
    }

    @Override
    public void destroy() {
    }
}
