package dev.tollgate.gateway.atp;

import dev.tollgate.gateway.api.ErrorBody;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.core.Code;
import dev.tollgate.gateway.core.Refusal;
import dev.tollgate.gateway.proof.PayerProofs;
import dev.tollgate.gateway.proof.RequestSignIns;
import dev.tollgate.gateway.proof.SignedIn;
import dev.tollgate.gateway.proof.SiwxDeclarations;
import dev.tollgate.gateway.x402.X402Headers;
import dev.tollgate.gateway.x402.X402JobPayments;
import dev.tollgate.gateway.x402.X402Offers;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.JobNotReleasedException;
import dev.tollgate.lockbox.JobState;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.SealingException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /v1/agent/jobs/{id}/output}: x402's "pay once, come back later". The payer, signed in with
 * Sign-In-With-X, gets the output of its paid job as often as it asks while it is kept; until the job is paid the
 * answer is 402 with x402's {@code PAYMENT-REQUIRED}; a paid job asked for by anyone else is 402 too, declaring
 * {@code sign-in-with-x} so the stock client signs in as the payer and retries. Never cached.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class JobOutputController {
    static final String PATH = "/v1/agent/jobs/{jobId}/output";

    private final Lockbox lockbox;
    private final RequestSignIns signIns;
    private final SiwxDeclarations declarations;
    private final X402Offers offers;
    private final Optional<X402JobPayments> payments;
    private final SettlementView view;
    private final JsonBodies json;
    private final Clock clock;
    private final Optional<MeterRegistry> metrics;

    JobOutputController(Lockbox lockbox, RequestSignIns signIns, SiwxDeclarations declarations, X402Offers offers,
                        Optional<X402JobPayments> payments, SettlementView view, JsonBodies json, Clock clock,
                        Optional<MeterRegistry> metrics) {
        this.lockbox = lockbox;
        this.signIns = signIns;
        this.declarations = declarations;
        this.offers = offers;
        this.payments = payments;
        this.view = view;
        this.json = json;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Get(value = PATH, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> output(HttpRequest<?> request, @PathVariable String jobId) {
        Job job = find(jobId);
        boolean paying = request.getHeaders().contains(X402Headers.PAYMENT_SIGNATURE)
                || request.getHeaders().contains(X402Headers.X_PAYMENT);
        if (paying && payments.isPresent()) {
            return payments.get().pay(job, request);
        }
        // verified before the job's state is looked at: a bad header is refused with its reason, whatever the job
        SignedIn signedIn = signIns.verify(request).orElse(null);
        if (job.state() == JobState.EXPIRED || (job.state() == JobState.LOCKED && job.isExpired(clock.instant()))) {
            throw notFound();
        }
        return switch (job.state()) {
            case SETTLING -> noStore(HttpResponse.status(HttpStatus.ACCEPTED), ErrorBody.of("settlement_pending",
                    "A payment of this job is being settled. Do not pay again: ask again in a few seconds.",
                    facts(job)));
            case LOCKED -> paymentRequired(request, job, paying ? "payment_not_accepted_here" : null,
                    ErrorBody.of("payment_required", "This job is not paid yet: pay it as PAYMENT-REQUIRED says (or"
                            + " as POST /v1/agent/trade's challenge said), then ask again signed in as the payer.",
                            facts(job)));
            case RELEASED -> signedIn != null && signedIn.isPayerOf(job) ? output(job)
                    : paymentRequired(request, job, "already_paid", paidBody(job));
            case EXPIRED -> throw notFound();
        };
    }

    private HttpResponse<?> output(Job job) {
        byte[] sealed;
        try {
            sealed = lockbox.releasedOutput(job.id());
        } catch (SealingException | JobNotReleasedException e) {
            throw notFound(); // purged: nothing left to hand over
        }
        metrics.ifPresent(m -> m.counter("tollgate.output.served", "network", job.network()).increment());
        return noStore(HttpResponse.ok(), view.success(job, sealed));
    }

    private HttpResponse<?> paymentRequired(HttpRequest<?> request, Job job, String error, Map<String, Object> body) {
        PayerProofs.Caller caller = signIns.caller(request);
        String path = request.getPath();
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put(SiwxDeclarations.EXTENSION, declarations.declaration(caller, path, job.network(),
                "Sign in as the payer of job " + job.id() + " to collect its output."));
        String url = (caller.secure() ? "https://" : "http://")
                + (caller.host() == null ? "localhost" : caller.host()) + path;
        return noStore(HttpResponse.status(HttpStatus.PAYMENT_REQUIRED)
                .header(X402Headers.PAYMENT_REQUIRED, X402Headers.encode(offers.paymentRequired(job, url, extensions,
                        error))), body);
    }

    private static Map<String, Object> paidBody(Job job) {
        Map<String, Object> facts = facts(job);
        facts.put("paid", true);
        return ErrorBody.of(Code.PAYER_PROOF_REQUIRED.wireName(), "The job is paid; its output goes only to its payer:"
                + " ask again with a SIGN-IN-WITH-X header signed by user_wallet for this URL.", facts);
    }

    private static Map<String, Object> facts(Job job) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("job_id", job.id().toString());
        facts.put("network", job.network());
        return facts;
    }

    private HttpResponse<?> noStore(io.micronaut.http.MutableHttpResponse<Object> response, Map<String, Object> body) {
        return response.header("Cache-Control", "no-store").contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(json.write(body));
    }

    private Job find(String jobId) {
        try {
            return lockbox.find(UUID.fromString(jobId)).orElseThrow(JobOutputController::notFound);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
    }

    private static Refusal notFound() {
        return new Refusal(Code.JOB_NOT_FOUND, "The job is unknown or has expired.");
    }
}
