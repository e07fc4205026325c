package dev.tollgate.bench.jmh;

import dev.tollgate.lockbox.LockboxConfig;
import dev.tollgate.lockbox.OutputSealer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * output once, a settle opens it once.
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
    }

    @Benchmark
    public byte[] seal() {
        return sealer.seal(jobId, output);
    }

    @Benchmark
    public byte[] open() {
        return sealer.open(jobId, sealed);
    }
}
