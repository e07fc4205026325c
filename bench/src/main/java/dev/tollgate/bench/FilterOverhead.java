package dev.tollgate.bench;

/**
 * What the billing filter adds to one host's requests without settlement, from one interleaved run: the p50 of a
 * path through the filter minus the p50 of the same path on the same app without the filter.
 * <ul>
 *   <li>{@code unbilledMs}: {@code GET /health}, not billed: the filter's path match (and its framework layer);</li>
 *   <li>{@code billed402Ms}: {@code GET /v1/quote} with no credential, answered 402 by the filter (its offers round
 *       trip to the gateway) against the same path answered 200 by the handler with no filter in front.</li>
 * </ul>
 * A difference whose inputs are not sound (nothing answered, or over 5% failed) is NaN: not reported. 5%, not the
 * trade ramp's 1%: the cases are interleaved, so a stall of a swamped box drops requests of every case alike and
 * leaves the difference readable; the failed counts stay in the rows.
 */
record FilterOverhead(String host, double unbilledMs, double billed402Ms) {
    /** Issue 11's aim: at most this much p50 without settlement. */
    static final double AIM_MS = 1.0;
    static final double MAX_FAILED = 0.05;

    static FilterOverhead of(String host, LoadResult noFilterHealth, LoadResult filterHealth,
                             LoadResult noFilterQuote, LoadResult filterQuote402) {
        return new FilterOverhead(host, p50DeltaMs(filterHealth, noFilterHealth),
                p50DeltaMs(filterQuote402, noFilterQuote));
    }

    /** p50(with) − p50(without) in ms; NaN when either run answered nothing or over 5% failed. */
    static double p50DeltaMs(LoadResult with, LoadResult without) {
        if (!sound(with) || !sound(without)) {
            return Double.NaN;
        }
        return (with.p50Micros() - without.p50Micros()) / 1000.0;
    }

    private static boolean sound(LoadResult r) {
        return r.ok() > 0 && r.errorRatio() <= MAX_FAILED;
    }

    /** "yes" / "no" against {@link #AIM_MS}, or "n/a" when not measured. */
    static String withinAim(double overheadMs) {
        return Double.isNaN(overheadMs) ? "n/a" : overheadMs <= AIM_MS ? "yes" : "no";
    }
}
