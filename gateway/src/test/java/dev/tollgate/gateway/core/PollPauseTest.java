package dev.tollgate.gateway.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollPauseTest {

    @Test
    void pausesStartShortAndDoubleUpToTheCap() {
        PollPause pause = new PollPause();
        List<Long> pauses = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            pauses.add(pause.next());
        }
        assertThat(pauses).containsExactly(5L, 10L, 20L, 40L, 80L, 160L, 250L, 250L, 250L);
    }
}
