package dev.tollgate.gateway.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.config.GatewayConfig;
import dev.tollgate.gateway.proof.PayerProofs;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.gateway.upstream.UpstreamAgent;
import dev.tollgate.gateway.upstream.UpstreamResult;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.NewJob;
import dev.tollgate.pricing.PriceQuote;
import dev.tollgate.pricing.UsdQuote;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trade: validate, price-check, run the agent once, price its usage, lock the output. The token price is fetched
 * before the agent runs so no work is done that cannot be priced. Protocol-neutral: front-ends render the outcome.
 */
@Singleton
public class Trading {
    private static final Logger LOG = LoggerFactory.getLogger(Trading.class);
    private final PaymentRails rails;
    private final Quoter quoter;
    private final UpstreamAgent upstream;
    private final Lockbox lockbox;
    private final JsonBodies json;
    private final GatewayConfig config;

    Trading(PaymentRails rails, Quoter quoter, UpstreamAgent upstream, Lockbox lockbox, JsonBodies json,
            GatewayConfig config) {
        this.rails = rails;
        this.quoter = quoter;
        this.upstream = upstream;
        this.lockbox = lockbox;
        this.json = json;
        this.config = config;
    }

    public TradeOutcome trade(TradeCommand command) {
        try {
            return lockTrade(command);
        } catch (Refusal refusal) {
            return new TradeOutcome.Refused(refusal);
        }
    }

    private TradeOutcome lockTrade(TradeCommand command) {
        RailBinding rail = resolveRail(command.network());
        ChainAsset asset = rail.asset(command.paymentToken()).orElseThrow(() -> Refusal.invalid("payment_token",
                "payment_token must be one of " + rail.rail().assets().keySet() + " on " + rail.alias()));
        if (!rail.rail().isValidAddress(command.userWallet())) {
            throw Refusal.invalid("user_wallet", "user_wallet is not a valid " + rail.alias() + " address");
        }
        String boundWallet = boundWallet(command, rail);
        if (rail.agentTreasury() == null) {
            throw new Refusal(Code.TREASURY_NOT_CONFIGURED, "Treasury not configured");
        }
        if (rail.feeTreasury() == null && quoter.feeBps().value() > 0) {
            throw new Refusal(Code.FEE_TREASURY_NOT_CONFIGURED, "Fee treasury not configured");
        }
        PriceQuote price = quoter.price(asset.symbol());
        UpstreamResult result = upstream.run(command.task());
        JobQuote quote = quoter.quote(rail, asset, price, result.usage());
        Job job = lockbox.lock(newJob(command, rail, quote, boundWallet), sealedPayload(result));
        return new TradeOutcome.Locked(job, asset, quote, instructions(job, rail));
    }

    /**
     * Best effort: the job is locked and payable even if the node cannot be asked right now (EVM instructions
     * read the chain's time); the job's page serves them later.
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
        return rails.resolve(name).orElseThrow(() -> Refusal.invalid("network",
                "network must be one of " + rails.names()));
    }

    /**
     * A signed trade binds its job to the wallet that signed, which must be user_wallet on the trade's network
     * (checked before the agent runs); an unsigned trade binds nothing.
     */
    private static String boundWallet(TradeCommand command, RailBinding rail) {
        if (command.signedIn() == null) {
            return null;
        }
        String network = rail.rail().network().value();
        String payer = rail.rail().canonicalAddress(command.userWallet());
        if (!command.signedIn().network().equals(network) || !command.signedIn().address().equals(payer)) {
            throw PayerProofs.notUserWallet(command.signedIn(), network);
        }
        return payer;
    }

    private NewJob newJob(TradeCommand command, RailBinding rail, JobQuote quote, String boundWallet) {
        String feeRecipient = rail.feeTreasury() == null ? rail.agentTreasury() : rail.feeTreasury();
        return new NewJob(rail.rail().network().value(), quote.asset().symbol(),
                rail.rail().canonicalAddress(command.userWallet()),
                rail.agentTreasury(), feeRecipient, quote.split().total(), quote.split().fee(), quote.split().net(),
                quote.split().bps().value(), quote.usd().usdCost(), quote.price().usdPerToken(), quoteRecord(quote),
                Duration.ofSeconds(config.jobTtlSeconds()), boundWallet);
    }

    /** The facts the price was made of, kept with the job for audit. */
    private String quoteRecord(JobQuote quote) {
        UsdQuote usd = quote.usd();
        Map<String, Object> pricing = new LinkedHashMap<>();
        pricing.put("usd_cost", usd.usdCost().stripTrailingZeros());
        pricing.put("source", usd.source());
        pricing.put("input_tokens", usd.inputTokens());
        pricing.put("output_tokens", usd.outputTokens());
        pricing.put("total_tokens", usd.totalTokens());
        pricing.put("input_cost_per_million_usd", usd.inputCostPerMillionUsd());
        pricing.put("output_cost_per_million_usd", usd.outputCostPerMillionUsd());
        if (UsdQuote.SOURCE_PER_MILLION_RATES.equals(usd.source())) {
            pricing.put("input_cost_usd", usd.inputCostUsd().stripTrailingZeros());
            pricing.put("output_cost_usd", usd.outputCostUsd().stripTrailingZeros());
        }
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("pricing", pricing);
        stored.put("price_source", quote.price().source());
        stored.put("price_observed_at", quote.price().observedAt().toString());
        return json.write(stored);
    }

    /**
     * What is sealed and later released: the agent's output and its usage. Written as a String and then encoded:
     * Jackson's byte writer escapes characters outside the BMP (an emoji becomes {@code \uD83D\uDE00}), which
     * would change the released bytes.
     */
    private byte[] sealedPayload(UpstreamResult result) {
        ObjectNode payload = json.mapper().createObjectNode();
        payload.set("agent_output", result.output());
        payload.set("usage", result.usage());
        return json.write(payload).getBytes(StandardCharsets.UTF_8);
    }
}
