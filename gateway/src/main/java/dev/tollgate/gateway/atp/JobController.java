package dev.tollgate.gateway.atp;

import dev.tollgate.gateway.api.ApiException;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.core.JobIntents;
import dev.tollgate.gateway.proof.RequestSignIns;
import dev.tollgate.gateway.proof.SignedIn;
import io.micronaut.http.HttpRequest;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.JobState;
import dev.tollgate.lockbox.Lockbox;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A job's state, amounts and expiry, and while it is payable fresh {@code payment_instructions} (an EVM
 * challenge's calldata has a short deadline); never its output (that is only released by settle).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class JobController {
    private final Lockbox lockbox;
    private final PaymentRails rails;
    private final JsonBodies json;
    private final Clock clock;
    private final RequestSignIns signIns;

    JobController(Lockbox lockbox, PaymentRails rails, JsonBodies json, Clock clock, RequestSignIns signIns) {
        this.lockbox = lockbox;
        this.rails = rails;
        this.json = json;
        this.clock = clock;
        this.signIns = signIns;
    }

    @Get("/v1/agent/jobs/{jobId}")
    @Produces("application/json")
    public String job(HttpRequest<?> request, @PathVariable String jobId) {
        SignedIn signedIn = signIns.verifyOrRequire(request, null).orElse(null);
        Job job;
        try {
            job = lockbox.find(UUID.fromString(jobId)).orElse(null);
        } catch (IllegalArgumentException e) {
            job = null;
        }
        // a wallet-bound job is its wallet's alone: to anyone else it does not exist (404, not 403), so job ids
        // cannot be probed for what a wallet bought
        if (job != null && job.isWalletBound() && (signedIn == null || !signedIn.isPayerOf(job))) {
            job = null;
        }
        if (job == null) {
            throw new ApiException(HttpStatus.NOT_FOUND, "job_not_found", "No job with id " + jobId + ".");
        }
        // A LOCKED job past its expiry is expired even if the reaper has not run yet.
        JobState state = job.state() == JobState.LOCKED && job.isExpired(clock.instant()) ? JobState.EXPIRED : job.state();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job_id", job.id().toString());
        body.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
        body.put("network", job.network());
        body.put("payment_token", job.asset());
        body.put("payer", job.payer());
        body.put("total_units", job.totalUnits());
        body.put("net_units", job.netUnits());
        body.put("fee_units", job.feeUnits());
        body.put("fee_bps", job.feeBps());
        body.put("usd_cost", job.usdCost().stripTrailingZeros());
        body.put("agent_treasury", job.payee());
        body.put("fee_treasury", job.feeRecipient());
        body.put("created_at", job.createdAt().toString());
        body.put("expires_at", job.expiresAt().toString());
        body.put("tx_signature", job.txId());
        body.put("released_at", job.releasedAt() == null ? null : job.releasedAt().toString());
        if (job.isWalletBound()) {
            body.put("wallet_bound", true); // only its wallet, signed in, sees this page and collects the output
        }
        if (state == JobState.LOCKED) {
            final Job payable = job;
            rails.byNetwork(dev.tollgate.chain.NetworkId.of(job.network())).ifPresent(rail -> {
                try {
                    body.put("payment_instructions", rail.rail().paymentInstructions(JobIntents.intent(payable, rail)));
                } catch (dev.tollgate.chain.RailUnavailableException e) {
                    body.put("payment_instructions", null); // the node is down; the job's own facts still answer
                }
            });
        }
        return json.write(body);
    }
}
