package dev.tollgate.bench.jmh;

import dev.tollgate.lockbox.LockboxConfig;
import dev.tollgate.lockbox.OutputSealer;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The lockbox's output sealing (AES-256-GCM, a fresh random nonce per seal, the job id as AAD): a trade seals its
 * output once, a settle opens it once. {@code sealLookingUpEachTime}/{@code openLookingUpEachTime} are the sealer as
 * it was before (a {@code Cipher.getInstance(transformation)} per call, which walks the provider list), kept here so
 * one run compares both; run with {@code -t 4} to see them under concurrency, as the gateway seals.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class SealingBench {

    @Param({"4096"})
    public int bytes;

    private OutputSealer sealer;
    private final UUID jobId = UUID.fromString("0b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8");
    private byte[] output;
    private byte[] sealed;

    @Setup
    public void setUp() {
        byte[] key = new byte[32];
        new Random(11).nextBytes(key);
        // a fixed bench-only key (no real data is ever sealed with it)
        sealer = new OutputSealer(new LockboxConfig(Base64.getEncoder().encodeToString(key), true, 10, 500, 120, 3600));
        output = new byte[bytes];
        new Random(7).nextBytes(output);
        sealed = sealer.seal(jobId, output);
        if (!Arrays.equals(sealer.open(jobId, sealed), output)) {
            throw new IllegalStateException("seal/open does not round-trip");
        }
        setUpReference(key);
    }

    private SecretKey rawKey;
    private final SecureRandom random = new SecureRandom();

    private void setUpReference(byte[] key) {
        rawKey = new SecretKeySpec(key, "AES");
        if (!Arrays.equals(openLookingUpEachTime(), output)) {
            throw new IllegalStateException("the reference does not open the sealer's blob");
        }
    }

    @Benchmark
    public byte[] seal() {
        return sealer.seal(jobId, output);
    }

    @Benchmark
    public byte[] open() {
        return sealer.open(jobId, sealed);
    }

    /** {@code OutputSealer.seal} before it resolved its provider once: the same blob format. */
    @Benchmark
    public byte[] sealLookingUpEachTime() throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(aad());
        byte[] body = cipher.doFinal(output);
        return ByteBuffer.allocate(13 + body.length).put((byte) 1).put(nonce).put(body).array();
    }

    /** {@code OutputSealer.open} before it resolved its provider once. */
    @Benchmark
    public byte[] openLookingUpEachTime() {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, rawKey, new GCMParameterSpec(128, sealed, 1, 12));
            cipher.updateAAD(aad());
            return cipher.doFinal(sealed, 13, sealed.length - 13);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] aad() {
        return ByteBuffer.allocate(16).putLong(jobId.getMostSignificantBits())
                .putLong(jobId.getLeastSignificantBits()).array();
    }

    /**
     * CPU per seal (the threads' own CPU time), the sealer against the reference, alternating eight rounds of 20,000
     * seals per thread after three warm-up rounds each: steadier than throughput on a shared box.
     * {@code java -cp "bench/target/tollgate-bench.jar:bench/target/lib/*" 'dev.tollgate.bench.jmh.SealingBench$CpuPerSeal' 4}
     */
    public static final class CpuPerSeal {
        public static void main(String[] args) throws Exception {
            int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
            SealingBench bench = new SealingBench();
            bench.bytes = 4096;
            bench.setUp();
            java.util.List<Double> resolved = new java.util.ArrayList<>();
            java.util.List<Double> lookingUp = new java.util.ArrayList<>();
            for (int round = 0; round < 11; round++) {
                double a = cpuPerOp(bench::sealLookingUpEachTime, threads);
                double b = cpuPerOp(bench::seal, threads);
                if (round >= 3) {
                    lookingUp.add(a);
                    resolved.add(b);
                }
            }
            java.util.Collections.sort(resolved);
            java.util.Collections.sort(lookingUp);
            System.out.printf("threads=%d, CPU per 4 KiB seal: provider resolved once %.2f us (median; min %.2f),"
                            + " looked up per call %.2f us (median; min %.2f)%n", threads, resolved.get(4) / 1e3,
                    resolved.get(0) / 1e3, lookingUp.get(4) / 1e3, lookingUp.get(0) / 1e3);
        }

        interface Seal {
            byte[] run() throws GeneralSecurityException;
        }

        private static double cpuPerOp(Seal seal, int threads) throws Exception {
            int perThread = 20_000;
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                java.util.List<java.util.concurrent.Future<Long>> cpu = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    cpu.add(pool.submit(() -> {
                        long start = mx.getCurrentThreadCpuTime();
                        long bytes = 0;
                        for (int i = 0; i < perThread; i++) {
                            bytes += seal.run().length;
                        }
                        if (bytes == 0) {
                            throw new IllegalStateException("nothing sealed");
                        }
                        return mx.getCurrentThreadCpuTime() - start;
                    }));
                }
                long total = 0;
                for (var f : cpu) {
                    total += f.get();
                }
                return total / (double) (threads * (long) perThread);
            } finally {
                pool.shutdown();
            }
        }
    }
}
