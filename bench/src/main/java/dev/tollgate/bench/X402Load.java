package dev.tollgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** Reads the one JSON line of {@code interop/bench/x402-load.mjs} into a row. */
final class X402Load {
    private X402Load() {
    }

    static LoadResult parse(String name, int clients, int count, String line) throws IOException {
        JsonNode r = Http.JSON.readTree(line);
        if (r.path("failed").asLong() > 0) {
            System.err.println("bench: " + name + ": answers " + r.path("statuses"));
        }
        // the script reports percentiles, not samples (p90 is not computed there: p50 stands in)
        long p50 = Math.round(r.path("p50_ms").asDouble() * 1000);
        return new LoadResult(name, clients, count, r.path("paid").asLong(), r.path("failed").asLong(),
                r.path("seconds").asDouble(), p50, p50, Math.round(r.path("p99_ms").asDouble() * 1000),
                Math.round(r.path("max_ms").asDouble() * 1000));
    }
}
