package dev.tollgate.gateway.core;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.lockbox.Job;
import java.util.Map;

/** What a trade came to, for a front-end to render. */
public sealed interface TradeOutcome {
    /**
     * The agent ran and its output is locked: the challenge's facts.
     *
     * @param instructions the rail's payment instructions, or {@code null} when the node could not be asked now
     */
    record Locked(Job job, ChainAsset asset, JobQuote quote, Map<String, Object> instructions) implements TradeOutcome {
    }

    record Refused(Refusal refusal) implements TradeOutcome {
    }
}
