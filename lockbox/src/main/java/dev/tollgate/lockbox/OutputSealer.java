package dev.tollgate.lockbox;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals job outputs with AES-256-GCM so a database dump alone does not give away paid work.
 * Blob layout: {@code [version=1][12-byte random nonce][ciphertext || 16-byte tag]}; AAD = the job id's 16 bytes,
 * so a blob copied onto another job fails to open. {@code @Context}: key problems fail startup, not the first request.
 */
@Context
public class OutputSealer {
    private static final Logger LOG = LoggerFactory.getLogger(OutputSealer.class);
    static final byte VERSION = 1;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    static final int OVERHEAD = 1 + NONCE_BYTES + TAG_BITS / 8;
    static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretKey key;
    /**
     * Resolved once: {@code Cipher.getInstance(transformation)} walks the provider list on every call, which under
     * concurrency was half of the sealing samples. The same provider the plain lookup picks, so blobs are unchanged.
     */
    private final Provider provider;
    private final boolean ephemeral;
    private final SecureRandom random = new SecureRandom();

    public OutputSealer(LockboxConfig config) {
        String encoded = config.sealingKey();
        if (encoded == null || encoded.isBlank()) {
            if (config.requireSealingKey()) {
                throw new ConfigurationException("tollgate.lockbox.sealing-key is not set but "
                        + "tollgate.lockbox.require-sealing-key=true: configure a base64-encoded 32-byte key "
                        + "(e.g. `openssl rand -base64 32`)");
            }
            byte[] raw = new byte[32];
            random.nextBytes(raw);
            this.key = new SecretKeySpec(raw, "AES");
            Arrays.fill(raw, (byte) 0);
            this.ephemeral = true;
            LOG.warn("No tollgate.lockbox.sealing-key configured: sealing outputs with an ephemeral random key. "
                    + "Locked outputs will NOT survive a restart. Set a key and "
                    + "tollgate.lockbox.require-sealing-key=true in production.");
        } else {
            this.key = new SecretKeySpec(decodeKey(encoded.strip()), "AES");
            this.ephemeral = false;
        }
        this.provider = resolveProvider();
    }

    private static Provider resolveProvider() {
        try {
            return Cipher.getInstance(TRANSFORMATION).getProvider();
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("this JVM offers no " + TRANSFORMATION + " cipher");
        }
    }

    private static byte[] decodeKey(String encoded) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            // the decoder's message may quote input characters: do not chain it
            throw new ConfigurationException("tollgate.lockbox.sealing-key is not valid base64");
        }
        if (raw.length != 32) {
            int length = raw.length;
            Arrays.fill(raw, (byte) 0);
            throw new ConfigurationException("tollgate.lockbox.sealing-key must decode to 32 bytes (AES-256), got "
                    + length);
        }
        return raw;
    }

    /** True when no key was configured and a random one is in use. */
    public boolean isEphemeralKey() {
        return ephemeral;
    }

    public byte[] seal(UUID jobId, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION, provider);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(jobId));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new SealingException("sealing output of job " + jobId + " failed", e);
        }
    }

    public byte[] open(UUID jobId, byte[] blob) {
        if (blob == null || blob.length < OVERHEAD) {
            throw new SealingException("sealed output of job " + jobId + " is missing or truncated");
        }
        if (blob[0] != VERSION) {
            throw new SealingException("sealed output of job " + jobId + " has unknown version " + blob[0]);
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION, provider);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, 1, NONCE_BYTES));
            cipher.updateAAD(aad(jobId));
            return cipher.doFinal(blob, 1 + NONCE_BYTES, blob.length - 1 - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new SealingException("sealed output of job " + jobId
                    + " failed authentication (tampered, moved from another job, or sealed with another key)", e);
        }
    }

    private static byte[] aad(UUID jobId) {
        return ByteBuffer.allocate(16).putLong(jobId.getMostSignificantBits())
                .putLong(jobId.getLeastSignificantBits()).array();
    }
}
