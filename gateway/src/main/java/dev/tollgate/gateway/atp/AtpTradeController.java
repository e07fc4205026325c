package dev.tollgate.gateway.atp;

import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.config.GatewayConfig;
import dev.tollgate.gateway.core.TradeOutcome;
import dev.tollgate.gateway.core.TradeCommand;
import dev.tollgate.gateway.core.Trading;
import dev.tollgate.gateway.proof.RequestSignIns;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** ATP's {@code POST /v1/agent/trade} over the settlement core. */
@Controller
public class AtpTradeController {
    private final Trading trading;
    private final JsonBodies json;
    private final GatewayConfig config;
    private final RequestSignIns signIns;
    private final dev.tollgate.gateway.x402.X402Offers offers;
    private final dev.tollgate.gateway.x402.X402JobPayments x402;
    private final dev.tollgate.gateway.proof.Callers callers;

    AtpTradeController(Trading trading, JsonBodies json, GatewayConfig config, RequestSignIns signIns,
                       dev.tollgate.gateway.x402.X402Offers offers, dev.tollgate.gateway.x402.X402JobPayments x402,
                       dev.tollgate.gateway.proof.Callers callers) {
        this.trading = trading;
        this.json = json;
        this.config = config;
        this.signIns = signIns;
        this.offers = offers;
        this.x402 = x402;
        this.callers = callers;
    }

    /** Runs the agent and answers 402 with the payment challenge (ATP §1.1–1.2). */
    @Post(value = "/v1/agent/trade", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    // a virtual thread: the upstream agent runs for seconds; waiting for it must not hold a platform thread
    @ExecuteOn(TaskExecutors.VIRTUAL)
    public HttpResponse<?> trade(HttpRequest<?> http, @Body String body) {
        if (dev.tollgate.gateway.x402.X402JobPayments.carriesPayment(http)) {
            // x402's paid retry of this same request: pay the job it names, never run the agent again
            return x402.payTrade(http);
        }
        TradeCommand command = AtpTradeRequest.parse(json.readObject(body));
        // a signed trade binds its job to the signing wallet (which must be user_wallet)
        command = command.signedBy(signIns.verifyOrRequire(http, null).orElse(null));
        TradeOutcome outcome = trading.trade(command);
        return switch (outcome) {
            case TradeOutcome.Refused refused -> AtpErrors.response(refused.refusal(), json);
            case TradeOutcome.Locked locked -> withOffer(HttpResponse.<String>status(HttpStatus.PAYMENT_REQUIRED)
                    .header("Cache-Control", "no-store")
                    .body(json.write(ChallengeRenderer.render(locked, config.privateKeySettlement()))), locked, http);
        };
    }

    /** ATP's body stays; x402 v2 clients read the same 402's PAYMENT-REQUIRED header (when the job has an offer). */
    private io.micronaut.http.MutableHttpResponse<String> withOffer(io.micronaut.http.MutableHttpResponse<String> r,
                                                                   TradeOutcome.Locked locked, HttpRequest<?> http) {
        java.util.Map<String, Object> required = offers.paymentRequired(locked.job(),
                dev.tollgate.gateway.x402.ResourceUrls.of(http, callers.of(http)), java.util.Map.of(), null);
        if (required.get("accepts") instanceof java.util.List<?> accepts && !accepts.isEmpty()) {
            r.header(dev.tollgate.gateway.x402.X402Headers.PAYMENT_REQUIRED,
                    dev.tollgate.gateway.x402.X402Headers.encode(required));
        }
        return r.header("Access-Control-Expose-Headers", "PAYMENT-REQUIRED, PAYMENT-RESPONSE, X-PAYMENT-RESPONSE");
    }
}
