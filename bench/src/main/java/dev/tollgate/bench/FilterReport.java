package dev.tollgate.bench;

/** The filter section's rows, overheads (facts, against issue 11's 1 ms p50 aim) and ratios in the report. */
final class FilterReport {
    static final String NO_SETTLEMENT = "filter, no settlement (open model, all rows interleaved in one run)";
    static final String WITH_SETTLEMENT = "filter, with settlement (closed model, Java client, Micronaut host)";

    private FilterReport() {
    }

    static void add(Report report, FilterScenario.Outcome outcome) {
        outcome.noSettlement().forEach(r -> report.add(NO_SETTLEMENT, r));
        outcome.paid().forEach(r -> report.add(WITH_SETTLEMENT, r));
        for (FilterOverhead o : outcome.overheads()) {
            report.fact("filter overhead p50 ms, " + o.host() + ", unbilled path (filter − no filter)",
                    shown(o.unbilledMs()));
            report.fact("filter overhead p50 ms, " + o.host() + ", 402 no credential (filter − no filter)",
                    shown(o.billed402Ms()));
            report.fact("filter overhead within the 1 ms p50 aim, " + o.host() + ", 402 / unbilled",
                    FilterOverhead.withinAim(o.billed402Ms()) + " / " + FilterOverhead.withinAim(o.unbilledMs()));
            report.ratio("filter overhead p50 / 1 ms aim, " + o.host() + ", 402", o.billed402Ms() / FilterOverhead.AIM_MS);
            report.ratio("filter overhead p50 / 1 ms aim, " + o.host() + ", unbilled",
                    o.unbilledMs() / FilterOverhead.AIM_MS);
        }
        for (LoadResult paid : outcome.paid()) {
            LoadResult plain = paid.name().contains("quote") ? outcome.plainQuote() : outcome.plainChat();
            if (paid.name().endsWith(", 1 concurrent")) {
                report.fact("paid request p50 − same path without the filter, ms: " + stripConcurrency(paid.name()),
                        shown(FilterOverhead.p50DeltaMs(paid, plain)));
            }
        }
        outcome.facts().forEach(report::fact);
        outcome.failures().forEach((name, kinds) -> report.fact(name + " failures", kinds));
    }

    private static String stripConcurrency(String name) {
        return name.substring(0, name.lastIndexOf(", "));
    }

    private static Object shown(double ms) {
        return Double.isNaN(ms) ? "n/a" : Math.round(ms * 100) / 100.0;
    }
}
