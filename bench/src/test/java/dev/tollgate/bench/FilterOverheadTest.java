package dev.tollgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FilterOverheadTest {

    private static LoadResult p50(String name, long p50Micros, long ok, long failed) {
        return new LoadResult(name, 40, ok + failed, ok, failed, 10, p50Micros, p50Micros, p50Micros * 3, p50Micros * 5);
    }

    @Test
    void overheadsAreP50DifferencesAgainstTheSamePathWithoutTheFilter() {
        FilterOverhead o = FilterOverhead.of("micronaut",
                p50("no filter health", 600, 400, 0), p50("filter health", 650, 400, 0),
                p50("no filter quote", 700, 400, 0), p50("filter 402", 2_450, 400, 0));

        assertThat(o.host()).isEqualTo("micronaut");
        assertThat(o.unbilledMs()).isEqualTo(0.05);
        assertThat(o.billed402Ms()).isEqualTo(1.75);
        assertThat(FilterOverhead.withinAim(o.unbilledMs())).isEqualTo("yes");
        assertThat(FilterOverhead.withinAim(o.billed402Ms())).isEqualTo("no");
    }

    @Test
    void aFasterFilteredPathGivesANegativeOverheadNotZero() {
        // noise can make the filtered path the faster one: the figure must show it, not hide it
        assertThat(FilterOverhead.p50DeltaMs(p50("with", 500, 400, 0), p50("without", 800, 400, 0))).isEqualTo(-0.3);
    }

    @Test
    void anUnsoundRunGivesNoFigure() {
        LoadResult good = p50("good", 700, 400, 0);
        assertThat(FilterOverhead.p50DeltaMs(p50("wrong answers", 100, 370, 30), good)).isNaN();
        assertThat(FilterOverhead.p50DeltaMs(good, p50("nothing answered", 0, 0, 400))).isNaN();
        assertThat(FilterOverhead.p50DeltaMs(p50("five in a hundred", 900, 380, 20), good)).isEqualTo(0.2);
        assertThat(FilterOverhead.withinAim(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void theReportCarriesTheRowsTheOverheadsAndTheSettlementShare() {
        LoadResult plainQuote = p50("micronaut, no filter: GET /v1/quote → 200", 700, 400, 0);
        LoadResult plainChat = p50("micronaut, no filter: POST /v1/chat/completions → 200", 900, 400, 0);
        LoadResult paidQuote = p50("x402 exact, fixed-price quote, EVM USDC, 1 concurrent", 40_700, 8, 0);
        LoadResult paidChat = p50("allowance, usage-priced chat, EVM USDC, 1 concurrent", 30_900, 8, 0);
        LoadResult failingChat = p50("allowance, usage-priced chat, EVM USDC, 4 concurrent", 30_900, 20, 4);
        FilterScenario.Outcome outcome = new FilterScenario.Outcome(
                java.util.List.of(plainQuote, plainChat),
                java.util.List.of(new FilterOverhead("servlet", 0.04, 1.5), new FilterOverhead("micronaut", Double.NaN, 0.8)),
                java.util.List.of(paidQuote, paidChat, failingChat),
                java.util.Map.of("allowance, usage-priced chat, EVM USDC, 4 concurrent", "{402 allowance_insufficient=4}"),
                plainQuote, plainChat, java.util.Map.of("CPU ms per request during the run, gateway", 0.41));
        Report report = new Report();

        FilterReport.add(report, outcome);

        var json = report.toJson();
        @SuppressWarnings("unchecked")
        var facts = (java.util.Map<String, Object>) json.get("facts");
        @SuppressWarnings("unchecked")
        var ratios = (java.util.Map<String, Object>) json.get("ratios");
        @SuppressWarnings("unchecked")
        var sections = (java.util.Map<String, java.util.List<?>>) json.get("sections");
        assertThat(sections.get(FilterReport.NO_SETTLEMENT)).hasSize(2);
        assertThat(sections.get(FilterReport.WITH_SETTLEMENT)).hasSize(3);
        assertThat(facts).containsEntry("filter overhead p50 ms, servlet, 402 no credential (filter − no filter)", 1.5)
                .containsEntry("filter overhead p50 ms, micronaut, unbilled path (filter − no filter)", "n/a")
                .containsEntry("filter overhead within the 1 ms p50 aim, servlet, 402 / unbilled", "no / yes")
                .containsEntry("paid request p50 − same path without the filter, ms: x402 exact, fixed-price quote,"
                        + " EVM USDC", 40.0)
                .containsEntry("paid request p50 − same path without the filter, ms: allowance, usage-priced chat,"
                        + " EVM USDC", 30.0)
                .containsEntry("allowance, usage-priced chat, EVM USDC, 4 concurrent failures",
                        "{402 allowance_insufficient=4}")
                .containsEntry("CPU ms per request during the run, gateway", 0.41);
        assertThat(ratios).containsEntry("filter overhead p50 / 1 ms aim, micronaut, 402", 0.8)
                .doesNotContainKey("filter overhead p50 / 1 ms aim, micronaut, unbilled");
    }
}
