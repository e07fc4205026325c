package dev.tollgate.examples.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * How a launcher (./tollgate dev) starts an example host in its own JVM: with {@value #CONFIG_STDIN} the host reads
 * its settings as a properties text from standard input (so the gateway's billing token is never on a command line
 * nor in a file), and once it serves it prints one line {@value #LISTENING} + its base URL.
 */
public final class HostLaunch {
    public static final String CONFIG_STDIN = "--config-stdin";
    public static final String LISTENING = "example host listening on ";
    private static final int MAX_CONFIG_BYTES = 64 * 1024;

    private HostLaunch() {
    }

    /** The settings piped in when asked for, else none. */
    public static Map<String, String> settings(String[] args, InputStream stdin) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (!Arrays.asList(args).contains(CONFIG_STDIN)) {
            return settings;
        }
        try {
            byte[] bytes = stdin.readNBytes(MAX_CONFIG_BYTES + 1);
            if (bytes.length > MAX_CONFIG_BYTES) {
                throw new IllegalArgumentException("settings on standard input over " + MAX_CONFIG_BYTES + " bytes");
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(new java.io.ByteArrayInputStream(bytes), StandardCharsets.UTF_8));
            p.stringPropertyNames().forEach(k -> settings.put(k, p.getProperty(k)));
            return settings;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The arguments a framework should see: {@value #CONFIG_STDIN} is the launcher's. */
    public static String[] frameworkArgs(String[] args) {
        return Arrays.stream(args).filter(a -> !CONFIG_STDIN.equals(a)).toArray(String[]::new);
    }

    public static void announce(String baseUrl) {
        System.out.println(LISTENING + baseUrl);
        System.out.flush();
    }
}
