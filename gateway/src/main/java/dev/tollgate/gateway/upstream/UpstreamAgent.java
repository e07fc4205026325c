package dev.tollgate.gateway.upstream;

/** The extension point for kinds of upstream agent (Swarms API, OpenAI-compatible, ...). */
public interface UpstreamAgent {
    /** Runs the task once. Throws {@link UpstreamException} with ATP's status codes when it cannot. */
    UpstreamResult run(AgentTask task);
}
