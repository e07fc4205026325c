package dev.tollgate.lockbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.exceptions.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** AES-GCM sealing without a database: format, authentication, key handling. */
class OutputSealerTest {
    private static final String KEY = Base64.getEncoder().encodeToString(LockboxDbTestSupport.TEST_KEY);
    private final OutputSealer sealer = new OutputSealer(config(KEY, false));
    private final UUID jobId = UUID.randomUUID();
    private final byte[] plaintext = "paid output".getBytes(StandardCharsets.UTF_8);

    private static LockboxConfig config(String key, boolean required) {
        return new LockboxConfig(key, required, 10, 500, 120, 3600);
    }

    @Test
    void sealsAndOpens() {
        byte[] blob = sealer.seal(jobId, plaintext);
        assertThat(blob).hasSize(1 + 12 + plaintext.length + 16);
        assertThat(blob[0]).isEqualTo((byte) 1);
        assertThat(sealer.open(jobId, blob)).isEqualTo(plaintext);
        assertThat(sealer.isEphemeralKey()).isFalse();
    }

    @Test
    void aSecondInstanceWithTheSameKeyOpens() {
        assertThat(new OutputSealer(config(KEY, true)).open(jobId, sealer.seal(jobId, plaintext))).isEqualTo(plaintext);
    }

    @Test
    void noncesAreFreshPerSeal() {
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            byte[] blob = sealer.seal(jobId, plaintext);
            nonces.add(Base64.getEncoder().encodeToString(Arrays.copyOfRange(blob, 1, 13)));
        }
        assertThat(nonces).hasSize(200);
    }

    @Test
    void everyFlippedByteFailsToOpen() {
        byte[] blob = sealer.seal(jobId, plaintext);
        for (int i = 0; i < blob.length; i++) {
            byte[] tampered = blob.clone();
            tampered[i] ^= 0x40;
            assertThatThrownBy(() -> sealer.open(jobId, tampered)).as("byte %d", i)
                    .isInstanceOf(SealingException.class);
        }
    }

    @Test
    void truncatedOrMissingBlobFails() {
        byte[] blob = sealer.seal(jobId, plaintext);
        assertThatThrownBy(() -> sealer.open(jobId, Arrays.copyOf(blob, blob.length - 1)))
                .isInstanceOf(SealingException.class);
        assertThatThrownBy(() -> sealer.open(jobId, new byte[5])).isInstanceOf(SealingException.class);
        assertThatThrownBy(() -> sealer.open(jobId, null)).isInstanceOf(SealingException.class);
    }

    @Test
    void blobIsBoundToItsJob() {
        byte[] blob = sealer.seal(jobId, plaintext);
        assertThatThrownBy(() -> sealer.open(UUID.randomUUID(), blob)).isInstanceOf(SealingException.class);
    }

    @Test
    void anotherKeyCannotOpen() {
        byte[] other = new byte[32];
        Arrays.fill(other, (byte) 9);
        OutputSealer stranger = new OutputSealer(config(Base64.getEncoder().encodeToString(other), false));
        assertThatThrownBy(() -> stranger.open(jobId, sealer.seal(jobId, plaintext)))
                .isInstanceOf(SealingException.class);
    }

    @Test
    void badKeysAreRejectedWithoutEchoingThem() {
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> new OutputSealer(config(short16, false)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("32 bytes").hasMessageNotContaining(short16);
        String garbage = "not*base64!secretish";
        assertThatThrownBy(() -> new OutputSealer(config(garbage, false)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("base64").hasMessageNotContaining(garbage).hasNoCause();
    }

    @Test
    void missingKeyIsEphemeralUnlessRequired() {
        OutputSealer ephemeral = new OutputSealer(config(null, false));
        assertThat(ephemeral.isEphemeralKey()).isTrue();
        assertThat(ephemeral.open(jobId, ephemeral.seal(jobId, plaintext))).isEqualTo(plaintext);
        assertThatThrownBy(() -> sealer.open(jobId, ephemeral.seal(jobId, plaintext)))
                .isInstanceOf(SealingException.class);

        assertThatThrownBy(() -> new OutputSealer(config(" ", true)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("tollgate.lockbox.sealing-key")
                .hasMessageContaining("require-sealing-key");
    }

    @Test
    void configRedactsKeyAndChecksRanges() {
        assertThat(config(KEY, true).toString()).doesNotContain(KEY).contains("<redacted>");
        assertThatThrownBy(() -> new LockboxConfig(null, false, 0, 500, 120, 3600))
                .hasMessageContaining("reaper-interval-seconds");
        assertThatThrownBy(() -> new LockboxConfig(null, false, 10, 0, 120, 3600))
                .hasMessageContaining("reaper-batch-size");
        assertThatThrownBy(() -> new LockboxConfig(null, false, 10, 500, 0, 3600))
                .hasMessageContaining("stale-claim-seconds");
        assertThatThrownBy(() -> new LockboxConfig(null, false, 10, 500, 120, -1))
                .hasMessageContaining("late-payment-grace-seconds");
    }
}
