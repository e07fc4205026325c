package dev.tollgate.lockbox;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** Row of {@code job_outputs}: the sealed blob, in its own table so job reads and scans never drag it along. */
@MappedEntity("job_outputs")
record OutputRow(@Id java.util.UUID jobId, byte[] sealedOutput) {
}
