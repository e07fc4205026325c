package dev.tollgate.lockbox;

import java.util.UUID;

/** A release was refused because the job is not SETTLING (unknown, LOCKED, already RELEASED or EXPIRED). */
public class JobNotSettlingException extends IllegalStateException {
    private final UUID jobId;
    private final JobState actualState;

    public JobNotSettlingException(UUID jobId, JobState actualState) {
        super("job " + jobId + " is not SETTLING (state: " + (actualState == null ? "not found" : actualState) + ")");
        this.jobId = jobId;
        this.actualState = actualState;
    }

    public UUID jobId() {
        return jobId;
    }

    /** The state found, or null if the job does not exist. */
    public JobState actualState() {
        return actualState;
    }
}
