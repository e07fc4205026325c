package dev.tollgate.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the gateway's CPU went in a JFR recording ({@code ./tollgate bench --jfr} writes one of the trade run):
 * execution samples attributed to subsystems. "Self" gives each sample to the subsystem of the innermost frame that
 * belongs to one (so the shares add up to 100%); "inclusive" counts a sample once for every subsystem anywhere on
 * its stack. Also the hottest Tollgate methods (inclusive) and the hottest leaf packages, and GC pauses.
 *
 * <p>{@code java -cp bench/target/tollgate-bench.jar:bench/target/lib/* dev.tollgate.bench.JfrSummary <file.jfr>}
 */
public final class JfrSummary {
    /** Subsystems by class-name prefix; the first match wins, so specific prefixes come before general ones. */
    private static final List<Map.Entry<String, List<String>>> SUBSYSTEMS = List.of(
            Map.entry("PostgreSQL driver (pgjdbc)", List.of("org.postgresql.")),
            Map.entry("Hikari pool", List.of("com.zaxxer.hikari.")),
            Map.entry("Micronaut Data + transactions", List.of("io.micronaut.data.", "io.micronaut.transaction.")),
            Map.entry("Jackson / Micronaut Serde", List.of("com.fasterxml.jackson.", "io.micronaut.serde.",
                    "io.micronaut.json.", "io.micronaut.jackson.")),
            Map.entry("JDK HttpClient (upstream call)", List.of("jdk.internal.net.http.", "java.net.http.")),
            Map.entry("sealing (AES-GCM, SecureRandom)", List.of("com.sun.crypto.provider.", "javax.crypto.",
                    "dev.tollgate.lockbox.OutputSealer", "sun.security.provider.")),
            Map.entry("Netty", List.of("io.netty.")),
            Map.entry("Micronaut HTTP server + router", List.of("io.micronaut.http.", "io.micronaut.web.")),
            Map.entry("Micronaut core/inject/AOP/validation", List.of("io.micronaut.")),
            Map.entry("logging", List.of("ch.qos.logback.", "org.slf4j.")),
            Map.entry("metrics (Micrometer)", List.of("io.micrometer.")),
            // devstack's demo agent serves on the JDK's built-in HTTP server
            Map.entry("demo agent (devstack)", List.of("dev.tollgate.devstack.", "sun.net.httpserver.",
                    "com.sun.net.httpserver.")),
            Map.entry("Tollgate gateway/lockbox/pricing", List.of("dev.tollgate.")),
            Map.entry("JDK NIO/sockets", List.of("sun.nio.", "java.nio.", "sun.net.", "java.net.")),
            Map.entry("virtual threads / j.u.c", List.of("java.util.concurrent.", "jdk.internal.vm.",
                    "java.lang.VirtualThread")));
    private static final String OTHER = "other JDK (java.*, jdk.*, sun.*)";

    private JfrSummary() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: JfrSummary <recording.jfr>");
            System.exit(2);
        }
        System.out.print(summarise(Path.of(args[0])));
    }

    static String summarise(Path file) throws IOException {
        Map<String, Long> self = new LinkedHashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> tollgateMethods = new HashMap<>();
        Map<String, Long> leafPackages = new HashMap<>();
        long samples = 0;
        long gcCount = 0;
        Duration gcPause = Duration.ZERO;
        Duration longestPause = Duration.ZERO;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                String type = event.getEventType().getName();
                if ("jdk.GCPhasePause".equals(type)) {
                    gcCount++;
                    gcPause = gcPause.plus(event.getDuration());
                    if (event.getDuration().compareTo(longestPause) > 0) {
                        longestPause = event.getDuration();
                    }
                }
                if (!"jdk.ExecutionSample".equals(type)) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = stack.getFrames();
                String innermost = null;
                Set<String> seen = new HashSet<>();
                Set<String> methods = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    if (frame.getMethod() == null || frame.getMethod().getType() == null) {
                        continue;
                    }
                    String cls = frame.getMethod().getType().getName();
                    String subsystem = subsystemOf(cls);
                    if (innermost == null && subsystem != null) {
                        innermost = subsystem;
                    }
                    if (subsystem != null) {
                        seen.add(subsystem);
                    }
                    if (cls.startsWith("dev.tollgate.") && !cls.contains("$$")) {
                        methods.add(simple(cls) + "." + frame.getMethod().getName());
                    }
                }
                self.merge(innermost == null ? OTHER : innermost, 1L, Long::sum);
                seen.forEach(s -> inclusive.merge(s, 1L, Long::sum));
                methods.forEach(m -> tollgateMethods.merge(m, 1L, Long::sum));
                RecordedFrame top = frames.get(0);
                if (top.getMethod() != null && top.getMethod().getType() != null) {
                    leafPackages.merge(packageOf(top.getMethod().getType().getName()), 1L, Long::sum);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s: %d execution samples; GC pauses %d, total %d ms, longest %d ms%n",
                file.getFileName(), samples, gcCount, gcPause.toMillis(), longestPause.toMillis()));
        out.append(String.format(Locale.ROOT, "%n%-44s %7s %9s%n", "subsystem", "self %", "incl. %"));
        long total = Math.max(1, samples);
        self.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e ->
                out.append(String.format(Locale.ROOT, "%-44s %7.1f %9.1f%n", e.getKey(), 100.0 * e.getValue() / total,
                        100.0 * inclusive.getOrDefault(e.getKey(), OTHER.equals(e.getKey()) ? e.getValue() : 0L) / total)));
        inclusive.keySet().stream().filter(k -> !self.containsKey(k)).forEach(k ->
                out.append(String.format(Locale.ROOT, "%-44s %7.1f %9.1f%n", k, 0.0, 100.0 * inclusive.get(k) / total)));
        out.append(String.format(Locale.ROOT, "%nhottest Tollgate methods (inclusive %%)%n"));
        top(tollgateMethods, 25).forEach(e -> out.append(String.format(Locale.ROOT, "  %5.1f  %s%n",
                100.0 * e.getValue() / total, e.getKey())));
        out.append(String.format(Locale.ROOT, "%nhottest leaf packages (self %%)%n"));
        top(leafPackages, 20).forEach(e -> out.append(String.format(Locale.ROOT, "  %5.1f  %s%n",
                100.0 * e.getValue() / total, e.getKey())));
        return out.toString();
    }

    static String subsystemOf(String className) {
        for (Map.Entry<String, List<String>> s : SUBSYSTEMS) {
            for (String prefix : s.getValue()) {
                if (className.startsWith(prefix)) {
                    return s.getKey();
                }
            }
        }
        return null;
    }

    private static List<Map.Entry<String, Long>> top(Map<String, Long> counts, int n) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n).toList();
    }

    private static String simple(String cls) {
        return cls.substring(cls.lastIndexOf('.') + 1);
    }

    private static String packageOf(String cls) {
        int dot = cls.lastIndexOf('.');
        return dot < 0 ? cls : cls.substring(0, dot);
    }
}
