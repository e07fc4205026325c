package dev.tollgate.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a bench run found: load results by section, single facts (memory, start-up, sizes) and derived ratios. */
final class Report {
    private final Map<String, List<LoadResult>> sections = new LinkedHashMap<>();
    private final Map<String, Object> facts = new LinkedHashMap<>();
    private final Map<String, Object> ratios = new LinkedHashMap<>();

    void add(String section, LoadResult result) {
        sections.computeIfAbsent(section, s -> new ArrayList<>()).add(result);
    }

    void fact(String name, Object value) {
        facts.put(name, value);
    }

    /** Records a ratio; one whose inputs were not measured in this run (NaN, infinite) is left out. */
    void ratio(String name, double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        ratios.put(name, Math.round(value * 1000) / 1000.0);
    }

    void print(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "%-62s %8s %7s %9s %9s %9s%n", "scenario", "ok/s", "failed", "p50 ms", "p99 ms",
                "max ms");
        for (var section : sections.entrySet()) {
            out.println("-- " + section.getKey());
            for (LoadResult r : section.getValue()) {
                out.printf(Locale.ROOT, "%-62s %8.1f %7d %9.1f %9.1f %9.1f%n", shorten(r.name()), r.okPerSecond(),
                        r.failed(), r.p50Micros() / 1000.0, r.p99Micros() / 1000.0, r.maxMicros() / 1000.0);
            }
        }
        out.println("-- facts");
        facts.forEach((k, v) -> out.printf(Locale.ROOT, "%-62s %s%n", k, v));
        out.println("-- ratios");
        ratios.forEach((k, v) -> out.printf(Locale.ROOT, "%-62s %s%n", k, v));
    }

    private static String shorten(String name) {
        return name.length() <= 62 ? name : name.substring(0, 61) + "…";
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> s = new LinkedHashMap<>();
        sections.forEach((k, v) -> s.put(k, v.stream().map(LoadResult::toJson).toList()));
        json.put("sections", s);
        json.put("facts", facts);
        json.put("ratios", ratios);
        return json;
    }

    Path write(Path dir, String stamp) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(stamp + ".json");
        Files.writeString(file, Http.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson()));
        return file;
    }
}
