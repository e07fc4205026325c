package dev.tollgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file journal keeps the first payment of a job across instances, and nothing but the payment. */
class FilePaymentJournalTest {
    @TempDir
    Path dir;

    private static JournaledPayment payment(String wire) {
        return new JournaledPayment(GoldenChallenges.JOB_ID, "eip155:80002", JournaledPayment.Kind.AUTHORIZATION,
                null, null, GoldenChallenges.POLYGON_AGENT, 1234, "0x" + wire, Instant.parse("2030-01-01T00:00:00Z"));
    }

    @Test
    void theFirstPaymentOfAJobWinsAndSurvivesANewInstance() throws Exception {
        FilePaymentJournal journal = new FilePaymentJournal(dir);
        JournaledPayment first = payment("aa");

        assertThat(journal.recordIfAbsent(first)).isEqualTo(first);
        assertThat(journal.recordIfAbsent(payment("bb"))).isEqualTo(first);
        assertThat(new FilePaymentJournal(dir).find(GoldenChallenges.JOB_ID)).contains(first);
        assertThat(Files.list(dir)).hasSize(1);

        journal.forget(GoldenChallenges.JOB_ID);
        assertThat(new FilePaymentJournal(dir).find(GoldenChallenges.JOB_ID)).isEmpty();
    }

    @Test
    void aJobIdThatIsNotOneNeverBecomesAPath() {
        FilePaymentJournal journal = new FilePaymentJournal(dir);
        assertThatThrownBy(() -> journal.find("../outside")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> journal.forget("a/b")).isInstanceOf(IllegalArgumentException.class);
    }
}
