package dev.tollgate.bench;

import java.time.Duration;

/** How long each scenario runs: {@code --quick} (the default, a couple of minutes in all) or {@code --full}. */
record BenchOptions(boolean full, Duration tradeStep, Duration warmup, int settleWorkers, int settlesPerToken,
                    int x402Single, int x402Many, Duration postgresEach, int chainSequential, int solanaBurst,
                    int anvilBurstPerAccount, boolean x402, boolean jfr) {

    static BenchOptions parse(String... args) {
        boolean full = false;
        boolean x402 = true;
        boolean jfr = false;
        for (String a : args) {
            switch (a) {
                case "--quick" -> full = false;
                case "--full" -> full = true;
                case "--no-x402" -> x402 = false;
                case "--jfr" -> jfr = true;
                default -> throw new IllegalArgumentException("unknown option " + a
                        + " (usage: ./tollgate bench [--quick|--full] [--no-x402] [--jfr] | --jmh [JMH options])");
            }
        }
        return full
                ? new BenchOptions(true, Duration.ofSeconds(10), Duration.ofSeconds(20), 8, 64, 60, 160,
                        Duration.ofSeconds(10), 30, 1_000, 250, x402, jfr)
                : new BenchOptions(false, Duration.ofSeconds(3), Duration.ofSeconds(6), 4, 16, 15, 40,
                        Duration.ofSeconds(3), 10, 200, 50, x402, jfr);
    }
}
