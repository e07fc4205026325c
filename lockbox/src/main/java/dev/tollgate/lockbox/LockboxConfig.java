package dev.tollgate.lockbox;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.Arrays;
import java.util.Base64;

/**
 * {@code tollgate.lockbox.*}. Ranges are checked at startup so a typo fails loudly instead of disabling expiry.
 *
 * @param sealingKey            base64 of 32 bytes (AES-256). Absent: an ephemeral key is generated (dev only).
 * @param requireSealingKey     production switch: refuse to start without {@code sealingKey}
 * @param reaperIntervalSeconds delay between reaper runs
 * @param reaperBatchSize       jobs expired per statement
 * @param staleClaimSeconds     a SETTLING job with no tx recorded for this long goes back to LOCKED
 * @param latePaymentGraceSeconds how long an expired job's output is kept for a payment that landed before its TTL
 *                              but is settled after it
 */
@ConfigurationProperties("tollgate.lockbox")
public record LockboxConfig(
        @Nullable String sealingKey,
        @Bindable(defaultValue = "false") boolean requireSealingKey,
        @Bindable(defaultValue = "10") int reaperIntervalSeconds,
        @Bindable(defaultValue = "500") int reaperBatchSize,
        @Bindable(defaultValue = "120") int staleClaimSeconds,
        @Bindable(defaultValue = "3600") int latePaymentGraceSeconds) {

    public LockboxConfig {
        requireKeyShape(sealingKey);
        requireRange("reaper-interval-seconds", reaperIntervalSeconds, 1, 3_600);
        requireRange("reaper-batch-size", reaperBatchSize, 1, 100_000);
        requireRange("stale-claim-seconds", staleClaimSeconds, 1, 86_400);
        requireRange("late-payment-grace-seconds", latePaymentGraceSeconds, 0, 7 * 86_400);
    }

    /** Defaults, no key: for tests and tools. */
    public static LockboxConfig defaults() {
        return new LockboxConfig(null, false, 10, 500, 120, 3600);
    }

    /** Checked here too (OutputSealer decodes it) so a bad key stops start-up as soon as settings are bound. */
    private static void requireKeyShape(String sealingKey) {
        if (sealingKey == null || sealingKey.isBlank()) {
            return;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(sealingKey.strip());
        } catch (IllegalArgumentException e) {
            // the decoder's message may quote key characters: not chained, not shown
            throw new ConfigurationException("tollgate.lockbox.sealing-key is not valid base64 "
                    + "(make one with: openssl rand -base64 32)");
        }
        int length = raw.length;
        Arrays.fill(raw, (byte) 0);
        if (length != 32) {
            throw new ConfigurationException("tollgate.lockbox.sealing-key must decode to 32 bytes (AES-256), got "
                    + length + " (make one with: openssl rand -base64 32)");
        }
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("tollgate.lockbox." + name + " must be within " + min + ".." + max
                    + ", got " + value);
        }
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "LockboxConfig[sealingKey=" + (sealingKey == null ? "<none>" : "<redacted>")
                + ", requireSealingKey=" + requireSealingKey + ", reaperIntervalSeconds=" + reaperIntervalSeconds
                + ", reaperBatchSize=" + reaperBatchSize + ", staleClaimSeconds=" + staleClaimSeconds
                + ", latePaymentGraceSeconds=" + latePaymentGraceSeconds + "]";
    }
}
