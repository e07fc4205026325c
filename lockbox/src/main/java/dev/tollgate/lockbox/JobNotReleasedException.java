package dev.tollgate.lockbox;

import java.util.UUID;

/** {@link Lockbox#releasedOutput} was asked for a job that is not RELEASED. */
public class JobNotReleasedException extends IllegalStateException {
    private final UUID jobId;
    private final JobState actualState;

    public JobNotReleasedException(UUID jobId, JobState actualState) {
        super("job " + jobId + " is not RELEASED (state: " + (actualState == null ? "not found" : actualState) + ")");
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
