package dev.tollgate.examples.servlet;

import dev.tollgate.billing.servlet.BillingServletFilter;
import dev.tollgate.examples.api.HostLaunch;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * The servlet example host: a plain main with an embedded Tomcat, the demo servlet, and the library's billing
 * Filter in front of it, configured from servlet-host.properties overlaid with the environment's
 * {@code TOLLGATE_BILLING_GATEWAY_URL} / {@code TOLLGATE_BILLING_GATEWAY_TOKEN} and, under ./tollgate dev, the
 * settings on standard input ({@link HostLaunch}). A Spring Boot app registers the same Filter as a bean.
 */
public final class ServletHost {
    /**
     * {@code false}: the same app without the billing filter (the benchmark's baseline, ./tollgate bench's filter
     * section); no gateway settings are needed then. Not a library key: the filter itself has no off switch.
     */
    public static final String BILLING_FILTER = "example.billing-filter";

    private ServletHost() {
    }

    public static void main(String[] args) throws LifecycleException, IOException {
        Map<String, String> settings = settings(args);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tollgate-servlet-host").toString());
        String host = settings.getOrDefault("server.host", "127.0.0.1");
        tomcat.setHostname(host);
        tomcat.setPort(Integer.parseInt(settings.getOrDefault("server.port", "8082"))); // before the connector exists
        tomcat.getConnector().setProperty("address", host);

        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "demo", new DemoServlet());
        context.addServletMappingDecoded("/", "demo");
        if (!"false".equalsIgnoreCase(settings.get(BILLING_FILTER))) {
            install(context, "billing", BillingServletFilter.fromProperties(settings));
        }

        tomcat.start();
        HostLaunch.announce("http://" + host + ":" + tomcat.getConnector().getLocalPort());
        tomcat.getServer().await();
    }

    /** servlet-host.properties, then the environment's gateway settings, then what the launcher piped in. */
    static Map<String, String> settings(String[] args) {
        Map<String, String> settings = new LinkedHashMap<>();
        try (InputStream in = ServletHost.class.getResourceAsStream("/servlet-host.properties")) {
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            p.stringPropertyNames().forEach(k -> settings.put(k, p.getProperty(k)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env(settings, "TOLLGATE_BILLING_GATEWAY_URL", "tollgate.billing.gateway-url");
        env(settings, "TOLLGATE_BILLING_GATEWAY_TOKEN", "tollgate.billing.gateway-token");
        settings.putAll(HostLaunch.settings(args, System.in));
        return settings;
    }

    private static void env(Map<String, String> settings, String name, String key) {
        String value = System.getenv(name);
        if (value != null && !value.isBlank()) {
            settings.put(key, value);
        }
    }

    private static void install(Context context, String name, Filter filter) {
        FilterDef def = new FilterDef();
        def.setFilterName(name);
        def.setFilter(filter);
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName(name);
        map.addURLPattern("/*");
        context.addFilterMap(map);
    }
}
