package dev.tollgate.devstack;

import dev.tollgate.localnet.RepoPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The example host apps {@code ./tollgate dev} runs against its gateway: the Micronaut one (the library's
 * {@code @ServerFilter}) and the servlet one (the library's servlet Filter in an embedded Tomcat), each billed on both
 * local rails (Solana USDC, EVM USDC) to the dev treasuries. Each runs in its own JVM (see
 * {@link ExampleHostProcess}); their logs are {@code .tollgate/<host>.log}. {@code TOLLGATE_DEV_EXAMPLE_HOSTS=false}
 * leaves them out (the benchmarks measure the gateway alone).
 */
record DevExampleHosts(String micronautUrl, String servletUrl) {
    /** None started: dev.json says nothing about them. */
    static final DevExampleHosts NONE = new DevExampleHosts(null, null);

    static final String MICRONAUT_MAIN = "dev.tollgate.examples.micronaut.MicronautHost";
    static final String SERVLET_MAIN = "dev.tollgate.examples.servlet.ServletHost";
    static final String USAGE_PATH = "/v1/chat/completions";
    static final String FIXED_PATH = "/v1/quote";
    static final String FAILURE_PATH = "/v1/fail/{status}";
    static final String UNBILLED_PATH = "/health";
    private static final Duration START_DEADLINE = Duration.ofMinutes(2);

    /** Starts both hosts; each is added to {@code resources} (closed when dev stops) as soon as it runs. */
    static DevExampleHosts start(Map<String, String> billing, List<AutoCloseable> resources) {
        Path examples = RepoPaths.root().resolve("examples");
        Map<String, String> micronaut = new LinkedHashMap<>(billing);
        micronaut.put("micronaut.server.host", "127.0.0.1");
        micronaut.put("micronaut.server.port", "-1"); // a free port; the host prints its URL
        ExampleHostProcess m = ExampleHostProcess.start("micronaut example host", examples.resolve("micronaut-host"),
                MICRONAUT_MAIN, micronaut, Path.of(".tollgate", "example-micronaut-host.log"), START_DEADLINE);
        resources.add(m);
        Map<String, String> servlet = new LinkedHashMap<>(billing);
        servlet.put("server.host", "127.0.0.1");
        servlet.put("server.port", "0");
        ExampleHostProcess s = ExampleHostProcess.start("servlet example host", examples.resolve("servlet-host"),
                SERVLET_MAIN, servlet, Path.of(".tollgate", "example-servlet-host.log"), START_DEADLINE);
        resources.add(s);
        return new DevExampleHosts(m.url(), s.url());
    }

    /** What dev prints about them (before the walkthrough), when they run. */
    Optional<String> banner() {
        if (micronautUrl == null) {
            return Optional.empty();
        }
        return Optional.of("""

                 Example host apps billed per request through this gateway (logs: .tollgate/example-*.log):
                 Micronaut %1$s   servlet %2$s
                 GET %3$s costs 0.01 USD (x402 exact: node interop/billing/x402-pay-host.mjs %1$s%3$s solana|evm);
                 POST %4$s is priced by the usage in its answer; %5$s answers an error and is never charged.""".formatted(
                micronautUrl, servletUrl, FIXED_PATH, USAGE_PATH, FAILURE_PATH));
    }

    /** What dev.json says about them. */
    void describe(Map<String, Object> info) {
        if (micronautUrl == null) {
            return;
        }
        info.put("example_host_url", micronautUrl);
        info.put("example_servlet_host_url", servletUrl);
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put("fixed", FIXED_PATH);
        paths.put("usage", USAGE_PATH);
        paths.put("failure", FAILURE_PATH);
        paths.put("unbilled", UNBILLED_PATH);
        info.put("example_paths", paths);
    }
}
