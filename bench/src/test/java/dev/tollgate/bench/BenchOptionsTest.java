package dev.tollgate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void quickByDefaultWithoutJfr() {
        BenchOptions options = BenchOptions.parse();
        assertThat(options.full()).isFalse();
        assertThat(options.jfr()).isFalse();
        assertThat(options.x402()).isTrue();
    }

    @Test
    void jfrRecordsTheTradeRunInEitherMode() {
        assertThat(BenchOptions.parse("--jfr").jfr()).isTrue();
        BenchOptions full = BenchOptions.parse("--full", "--jfr", "--no-x402");
        assertThat(full.full()).isTrue();
        assertThat(full.jfr()).isTrue();
        assertThat(full.x402()).isFalse();
    }

    @Test
    void unknownOptionIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> BenchOptions.parse("--jmx"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --jmx")
                .hasMessageContaining("--jfr");
    }

    @Test
    void onlyPicksSectionsAndNoX402StillDropsX402() {
        BenchOptions all = BenchOptions.parse();
        assertThat(BenchOptions.SECTIONS).allMatch(all::runs);
        BenchOptions some = BenchOptions.parse("--only", "trade,postgres");
        assertThat(some.runs("trade")).isTrue();
        assertThat(some.runs("postgres")).isTrue();
        assertThat(some.runs("settle")).isFalse();
        assertThat(BenchOptions.parse("--only", "x402", "--no-x402").runs("x402")).isFalse();
    }

    @Test
    void theFilterSectionRunsByDefaultAndAlone() {
        assertThat(BenchOptions.parse().runs("filter")).isTrue();
        BenchOptions alone = BenchOptions.parse("--only", "filter");
        assertThat(alone.runs("filter")).isTrue();
        assertThat(alone.runs("x402")).isFalse();
        assertThat(alone.runs("trade")).isFalse();
        assertThat(BenchOptions.parse("--no-x402").runs("filter")).isTrue();
    }

    @Test
    void onlyRefusesAnUnknownSectionOrAMissingList() {
        assertThatThrownBy(() -> BenchOptions.parse("--only", "trade,setle"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown section setle");
        assertThatThrownBy(() -> BenchOptions.parse("--only"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--only needs");
    }
}
