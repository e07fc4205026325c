package dev.tollgate.lockbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.lockbox.testing.SharedTestDatabase;
import io.micronaut.context.ApplicationContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The module as an application sees it: default beans, configuration keys, startup checks, the schedule. */
class LockboxWiringTest {

    private static ApplicationContext run(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(SharedTestDatabase.properties());
        properties.putAll(extra);
        return ApplicationContext.run(properties);
    }

    @Test
    void defaultsWithoutAnyLockboxConfiguration() {
        try (ApplicationContext ctx = run(Map.of())) {
            assertThat(ctx.getBean(Clock.class)).isEqualTo(Clock.systemUTC());
            assertThat(ctx.getBean(OutputSealer.class).isEphemeralKey()).isTrue();
            assertThat(ctx.containsBean(LockboxReaper.class)).isTrue();
            LockboxConfig config = ctx.getBean(LockboxConfig.class);
            assertThat(config.reaperIntervalSeconds()).isEqualTo(10);
            assertThat(config.reaperBatchSize()).isEqualTo(500);
            assertThat(config.staleClaimSeconds()).isEqualTo(120);
            assertThat(config.requireSealingKey()).isFalse();
        }
    }

    @Test
    void configurationKeysBind() {
        String key = Base64.getEncoder().encodeToString(LockboxDbTestSupport.TEST_KEY);
        try (ApplicationContext ctx = run(Map.of(
                "tollgate.lockbox.sealing-key", key,
                "tollgate.lockbox.require-sealing-key", "true",
                "tollgate.lockbox.reaper-interval-seconds", "3",
                "tollgate.lockbox.reaper-batch-size", "50",
                "tollgate.lockbox.stale-claim-seconds", "45",
                "tollgate.lockbox.reaper.enabled", "false"))) {
            LockboxConfig config = ctx.getBean(LockboxConfig.class);
            assertThat(config.reaperIntervalSeconds()).isEqualTo(3);
            assertThat(config.reaperBatchSize()).isEqualTo(50);
            assertThat(config.staleClaimSeconds()).isEqualTo(45);
            assertThat(ctx.getBean(OutputSealer.class).isEphemeralKey()).isFalse();
            assertThat(ctx.containsBean(LockboxReaper.class)).isFalse();
        }
    }

    @Test
    void productionWithoutKeyFailsStartup() {
        assertThatThrownBy(() -> run(Map.of("tollgate.lockbox.require-sealing-key", "true")).close())
                .rootCause().hasMessageContaining("tollgate.lockbox.sealing-key is not set");
    }

    @Test
    void wrongSizeKeyFailsStartup() {
        assertThatThrownBy(() -> run(Map.of("tollgate.lockbox.sealing-key",
                Base64.getEncoder().encodeToString(new byte[31]))).close())
                .rootCause().hasMessageContaining("must decode to 32 bytes");
    }

    @Test
    void theScheduledReaperExpiresJobs() throws InterruptedException {
        try (ApplicationContext ctx = run(Map.of("tollgate.lockbox.reaper-interval-seconds", "1"))) {
            Lockbox lockbox = ctx.getBean(Lockbox.class);
            Job job = lockbox.lock(LockboxDbTestSupport.newJob(Duration.ofMillis(200)), new byte[] {1});
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (lockbox.find(job.id()).orElseThrow().state() != JobState.EXPIRED && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(lockbox.find(job.id()).orElseThrow().state()).isEqualTo(JobState.EXPIRED);
        }
    }
}
