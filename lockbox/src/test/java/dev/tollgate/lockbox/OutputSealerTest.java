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

    /**
     * A fixed blob, sealed by the original implementation (plain {@code Cipher.getInstance("AES/GCM/NoPadding")})
     * with the test key, this nonce and this job id: blobs already stored must keep opening.
     */
    @Test
    void opensBlobsSealedByTheOriginalImplementation() throws Exception {
        UUID job = UUID.fromString("0b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8");
        byte[] nonce = new byte[12];
        Arrays.fill(nonce, (byte) 9);
        javax.crypto.Cipher reference = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        reference.init(javax.crypto.Cipher.ENCRYPT_MODE,
                new javax.crypto.spec.SecretKeySpec(LockboxDbTestSupport.TEST_KEY, "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, nonce));
        reference.updateAAD(java.nio.ByteBuffer.allocate(16).putLong(job.getMostSignificantBits())
                .putLong(job.getLeastSignificantBits()).array());
        byte[] body = reference.doFinal(plaintext);
        byte[] original = java.nio.ByteBuffer.allocate(13 + body.length).put((byte) 1).put(nonce).put(body).array();

        assertThat(sealer.open(job, original)).isEqualTo(plaintext);
        byte[] ours = sealer.seal(job, plaintext);
        assertThat(ours).hasSameSizeAs(original);
        assertThat(ours).isNotEqualTo(original); // a fresh nonce, not this one
    }

    @Test
    void sealsAndOpensFromManyThreadsAtOnce() throws Exception {
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var results = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
            for (int i = 0; i < 64; i++) {
                UUID job = UUID.randomUUID();
                byte[] text = ("output " + i).getBytes(StandardCharsets.UTF_8);
                results.add(pool.submit(() -> Arrays.equals(sealer.open(job, sealer.seal(job, text)), text)));
            }
            for (var r : results) {
                assertThat(r.get()).isTrue();
            }
        }
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
