package dev.tollgate.gateway.atp;

import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.core.SettleCommand;
import dev.tollgate.gateway.core.SettleOutcome;
import dev.tollgate.gateway.core.Settlement;
import dev.tollgate.gateway.proof.PayerProofs;
import dev.tollgate.gateway.proof.RequestSignIns;
import dev.tollgate.gateway.proof.SiwxPayload;
import dev.tollgate.gateway.core.Code;
import dev.tollgate.gateway.core.Refusal;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.Lockbox;
import java.util.Map;
import java.util.UUID;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** ATP's {@code POST /v1/agent/settle} over the settlement core. */
@Controller
public class AtpSettleController {
    static final String PROOF_HEADER = "SIGN-IN-WITH-X";

    private final Settlement settlement;
    private final SettlementView view;
    private final JsonBodies json;
    private final RequestSignIns signIns;
    private final PayerProofs proofs;
    private final Lockbox lockbox;

    AtpSettleController(Settlement settlement, SettlementView view, JsonBodies json, RequestSignIns signIns,
                        PayerProofs proofs, Lockbox lockbox) {
        this.settlement = settlement;
        this.view = view;
        this.json = json;
        this.signIns = signIns;
        this.proofs = proofs;
        this.lockbox = lockbox;
    }

    /** Pays (or verifies a payment for) a locked job and releases its output once, to its payer (ATP §1.3). */
    @Post(value = "/v1/agent/settle", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    // a virtual thread: a settle waits on the chain for seconds, and must not hold a platform thread meanwhile
    @ExecuteOn(TaskExecutors.VIRTUAL)
    public HttpResponse<String> settle(HttpRequest<?> http, @Body String body) {
        String header = http.getHeaders().get(PROOF_HEADER);
        SiwxPayload headerProof = header == null ? null : SiwxPayload.fromHeader(header, json.mapper());
        PayerProofs.Caller caller = signIns.caller(http);
        SettleCommand command = AtpSettleRequest.parse(json.readObject(body), headerProof, caller);
        if (command.proof() == null && !signIns.acceptUnsigned()) {
            return AtpErrors.response(signInRequired(command.jobId(), caller), json);
        }
        SettleOutcome outcome = settlement.settle(command);
        if (outcome instanceof SettleOutcome.Refused refused) {
            return AtpErrors.response(refused.refusal(), json);
        }
        SettlementView.Answer answer = view.answer(outcome, caller);
        return HttpResponse.<String>status(answer.status())
                .header("Cache-Control", "no-store")
                .body(json.write(answer.body()));
    }

    /** Unsigned settles are off: 401, with what to sign for this job when it exists. */
    private Refusal signInRequired(String jobId, PayerProofs.Caller caller) {
        Job job;
        try {
            job = lockbox.find(UUID.fromString(jobId)).orElse(null);
        } catch (IllegalArgumentException e) {
            job = null;
        }
        String message = "This gateway serves only wallet-signed requests: settle with a payer_proof (or the"
                + " SIGN-IN-WITH-X header) signed by user_wallet for this job.";
        return job == null ? new Refusal(Code.SIGN_IN_REQUIRED, message)
                : new Refusal(Code.SIGN_IN_REQUIRED, message, Map.of("sign_in_with_x", proofs.challenge(job, caller)));
    }
}
