package dev.tollgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A journal in a directory, one {@code <job_id>.json} per job, written to a temporary file, forced to disk and
 * moved into place atomically, so a payment survives a crash of the client between signing and settling. One
 * process per directory (a lock inside this object orders writers of this process).
 */
public final class FilePaymentJournal implements PaymentJournal {
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-fA-F-]{1,64}");
    /** A journal entry is a few kilobytes at most (a Solana transaction is at most 1232 bytes). */
    private static final long MAX_ENTRY_BYTES = 64 * 1024;
    private final Path dir;
    private final ObjectMapper json = new ObjectMapper();

    public FilePaymentJournal(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the payment journal directory", e);
        }
    }

    @Override
    public synchronized Optional<JournaledPayment> find(String jobId) {
        Path file = fileOf(jobId);
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            if (Files.size(file) > MAX_ENTRY_BYTES) {
                throw new IllegalStateException("journal entry of job " + jobId + " is too large");
            }
            JsonNode n = json.readTree(Files.readString(file, StandardCharsets.UTF_8));
            return Optional.of(new JournaledPayment(n.path("job_id").asText(), n.path("network").asText(),
                    JournaledPayment.Kind.valueOf(n.path("kind").asText()), textOrNull(n, "tx_id"),
                    textOrNull(n, "wire"), n.path("from").asText(), n.path("deadline").asLong(-1),
                    textOrNull(n, "signature"), Instant.parse(n.path("recorded_at").asText())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the payment journal", e);
        }
    }

    @Override
    public synchronized JournaledPayment recordIfAbsent(JournaledPayment payment) {
        Optional<JournaledPayment> earlier = find(payment.jobId());
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("job_id", payment.jobId());
        n.put("network", payment.network());
        n.put("kind", payment.kind().name());
        n.put("tx_id", payment.txId());
        n.put("wire", payment.wire());
        n.put("from", payment.from());
        n.put("deadline", payment.deadline());
        n.put("signature", payment.signature());
        n.put("recorded_at", payment.recordedAt().toString());
        Path file = fileOf(payment.jobId());
        Path tmp = dir.resolve(payment.jobId() + ".json.tmp");
        try {
            byte[] bytes = json.writeValueAsBytes(n);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return payment;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the payment journal", e);
        }
    }

    @Override
    public synchronized void forget(String jobId) {
        try {
            Files.deleteIfExists(fileOf(jobId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the payment journal", e);
        }
    }

    private Path fileOf(String jobId) {
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("not a job id");
        }
        return dir.resolve(jobId + ".json");
    }

    private static String textOrNull(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
