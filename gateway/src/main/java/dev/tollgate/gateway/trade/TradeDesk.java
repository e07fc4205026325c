package dev.tollgate.gateway.trade;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.gateway.api.ApiException;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.api.RequestFields;
import dev.tollgate.gateway.config.GatewayConfig;
import dev.tollgate.gateway.quote.JobQuote;
import dev.tollgate.gateway.quote.PricingView;
import dev.tollgate.gateway.quote.Quoter;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.gateway.settle.JobIntents;
import dev.tollgate.gateway.upstream.UpstreamAgent;
import dev.tollgate.gateway.upstream.UpstreamResult;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.NewJob;
import dev.tollgate.pricing.PriceQuote;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trade: validate, price-check, run the agent once, price its usage, lock the output, and answer with the
 * challenge. The token price is fetched before the agent runs so no work is done that cannot be priced.
 */
@Singleton
public class TradeDesk {
    private static final Logger LOG = LoggerFactory.getLogger(TradeDesk.class);
    private final PaymentRails rails;
    private final Quoter quoter;
    private final UpstreamAgent upstream;
    private final Lockbox lockbox;
    private final JsonBodies json;
    private final GatewayConfig config;

    TradeDesk(PaymentRails rails, Quoter quoter, UpstreamAgent upstream, Lockbox lockbox, JsonBodies json,
              GatewayConfig config) {
        this.rails = rails;
        this.quoter = quoter;
        this.upstream = upstream;
        this.lockbox = lockbox;
        this.json = json;
        this.config = config;
    }

    public Map<String, Object> trade(TradeRequest request) {
        RailBinding rail = resolveRail(request.network());
        ChainAsset asset = rail.asset(request.paymentToken()).orElseThrow(() -> RequestFields.invalid("payment_token",
                "payment_token must be one of " + rail.rail().assets().keySet() + " on " + rail.alias()));
        if (!rail.rail().isValidAddress(request.userWallet())) {
            throw RequestFields.invalid("user_wallet", "user_wallet is not a valid " + rail.alias() + " address");
        }
        if (rail.agentTreasury() == null) {
            throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "treasury_not_configured", "Treasury not configured");
        }
        if (rail.feeTreasury() == null && quoter.feeBps().value() > 0) {
            throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "fee_treasury_not_configured",
                    "Fee treasury not configured");
        }
        PriceQuote price = quoter.price(asset.symbol());
        UpstreamResult result = upstream.run(request.task());
        JobQuote quote = quoter.quote(rail, asset, price, result.usage());
        Map<String, Object> pricing = PricingView.of(quote.usd());

        Job job = lockbox.lock(newJob(request, rail, quote, pricing), sealedPayload(result));
        return ChallengeRenderer.render(job, asset, pricing, quote.split().bps(), instructions(job, rail),
                config.privateKeySettlement());
    }

    /**
     * Best effort: the job is locked and payable even if the node cannot be asked right now (EVM instructions
     * read the chain's time); GET /v1/agent/jobs/{id} serves them later.
     */
    private Map<String, Object> instructions(Job job, RailBinding rail) {
        try {
            return rail.rail().paymentInstructions(JobIntents.intent(job, rail));
        } catch (RailUnavailableException e) {
            LOG.warn("no payment instructions for job {}: {}", job.id(), e.getMessage());
            return null;
        }
    }

    private RailBinding resolveRail(String network) {
        String name = network == null || network.isBlank() ? config.defaultNetwork() : network;
        return rails.resolve(name).orElseThrow(() -> RequestFields.invalid("network",
                "network must be one of " + rails.names()));
    }

    private NewJob newJob(TradeRequest request, RailBinding rail, JobQuote quote, Map<String, Object> pricing) {
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("pricing", pricing);
        stored.put("price_source", quote.price().source());
        stored.put("price_observed_at", quote.price().observedAt().toString());
        String feeRecipient = rail.feeTreasury() == null ? rail.agentTreasury() : rail.feeTreasury();
        return new NewJob(rail.rail().network().value(), quote.asset().symbol(),
                rail.rail().canonicalAddress(request.userWallet()),
                rail.agentTreasury(), feeRecipient, quote.split().total(), quote.split().fee(), quote.split().net(),
                quote.split().bps().value(), quote.usd().usdCost(), quote.price().usdPerToken(), json.write(stored),
                Duration.ofSeconds(config.jobTtlSeconds()));
    }

    /** What is sealed and later released: ATP's {@code agent_output} and {@code usage}. */
    private byte[] sealedPayload(UpstreamResult result) {
        ObjectNode payload = json.mapper().createObjectNode();
        payload.set("agent_output", result.output());
        payload.set("usage", result.usage());
        return json.write(payload).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
