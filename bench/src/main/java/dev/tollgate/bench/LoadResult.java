package dev.tollgate.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One load run: what was asked for, what completed, and the latency distribution in microseconds. For an open-model
 * run the latency counts from each request's intended send time, so a stall shows up in every request it delayed.
 */
public record LoadResult(String name, double targetRate, long sent, long ok, long failed, double seconds,
                         long p50Micros, long p90Micros, long p99Micros, long maxMicros) {

    static LoadResult of(String name, double targetRate, long sent, long ok, long failed, double seconds,
                         Histogram micros) {
        return new LoadResult(name, targetRate, sent, ok, failed, seconds,
                micros.getValueAtPercentile(50), micros.getValueAtPercentile(90),
                micros.getValueAtPercentile(99), micros.getMaxValue());
    }

    /** Successful operations per second of wall time. */
    public double okPerSecond() {
        return seconds <= 0 ? 0 : ok / seconds;
    }

    public double errorRatio() {
        return sent == 0 ? 0 : (double) failed / sent;
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("target_rate", targetRate);
        m.put("sent", sent);
        m.put("ok", ok);
        m.put("failed", failed);
        m.put("seconds", Math.round(seconds * 1000) / 1000.0);
        m.put("ok_per_second", Math.round(okPerSecond() * 10) / 10.0);
        m.put("p50_ms", p50Micros / 1000.0);
        m.put("p90_ms", p90Micros / 1000.0);
        m.put("p99_ms", p99Micros / 1000.0);
        m.put("max_ms", maxMicros / 1000.0);
        return m;
    }
}
