package dev.tollgate.bench;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * How long each scenario runs: {@code --quick} (the default, a couple of minutes in all) or {@code --full}; and which
 * sections run ({@code --only trade,settle}: all of {@link #SECTIONS} by default).
 */
record BenchOptions(boolean full, Duration tradeStep, Duration warmup, int settleWorkers, int settlesPerToken,
                    int x402Single, int x402Many, Duration postgresEach, int chainSequential, int solanaBurst,
                    int anvilBurstPerAccount, boolean x402, boolean jfr, Set<String> only) {

    /** The sections in the order they run; {@code --only} picks some of them. */
    static final Set<String> SECTIONS = Set.of("trade", "settle", "settle-paths", "x402", "filter", "chains", "postgres");

    private static final String USAGE = "usage: ./tollgate bench [--quick|--full] [--no-x402] [--jfr] [--only "
            + "section,...] | --jmh [JMH options]";

    /** Whether {@code section} runs in this invocation. */
    boolean runs(String section) {
        return (only.isEmpty() || only.contains(section)) && (x402 || !"x402".equals(section));
    }

    static BenchOptions parse(String... args) {
        boolean full = false;
        boolean x402 = true;
        boolean jfr = false;
        Set<String> only = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> full = false;
                case "--full" -> full = true;
                case "--no-x402" -> x402 = false;
                case "--jfr" -> jfr = true;
                case "--only" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--only needs a list of sections " + SECTIONS + " (" + USAGE + ")");
                    }
                    for (String section : args[++i].split(",")) {
                        if (!SECTIONS.contains(section.strip())) {
                            throw new IllegalArgumentException("unknown section " + section + ", known: " + SECTIONS);
                        }
                        only.add(section.strip());
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + a + " (" + USAGE + ")");
            }
        }
        return full
                ? new BenchOptions(true, Duration.ofSeconds(10), Duration.ofSeconds(20), 8, 64, 60, 160,
                        Duration.ofSeconds(10), 30, 1_000, 250, x402, jfr, Set.copyOf(only))
                : new BenchOptions(false, Duration.ofSeconds(3), Duration.ofSeconds(6), 4, 16, 15, 40,
                        Duration.ofSeconds(3), 10, 200, 50, x402, jfr, Set.copyOf(only));
    }
}
