package dev.tollgate.gateway.x402;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.lockbox.Job;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain x402 v2 {@code PaymentRequired} for a job: one {@code exact} entry on the job's network for its asset,
 * amount and agent treasury, so a 402 is valid x402 and the Sign-In-With-X client can match its chain. The x402
 * front-end ({@link X402OffersForJobs}) offers entries its exact schemes can settle and falls back to this one only
 * to let a sign-in name the chain of a job x402 cannot pay.
 */
@Singleton
@Secondary
public class DefaultX402Offers implements X402Offers {
    private final PaymentRails rails;
    private final Clock clock;

    DefaultX402Offers(PaymentRails rails, Clock clock) {
        this.rails = rails;
        this.clock = clock;
    }

    @Override
    public Map<String, Object> paymentRequired(Job job, String resourceUrl, Map<String, Object> extensions,
                                               String error) {
        String asset = rails.byNetwork(NetworkId.of(job.network())).flatMap(r -> r.asset(job.asset()))
                .filter(a -> !a.isNative()).map(ChainAsset::address).orElse(job.asset());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("scheme", "exact");
        entry.put("network", job.network());
        entry.put("amount", job.totalUnits().toString());
        entry.put("asset", asset);
        entry.put("payTo", job.payee());
        entry.put("maxTimeoutSeconds", Math.max(1, Duration.between(clock.instant(), job.expiresAt()).toSeconds()));
        entry.put("extra", Map.of());
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("url", resourceUrl);
        resource.put("description", "Output of job " + job.id());
        resource.put("mimeType", "application/json");
        Map<String, Object> required = new LinkedHashMap<>();
        required.put("x402Version", 2);
        if (error != null) {
            required.put("error", error);
        }
        required.put("resource", resource);
        required.put("accepts", List.of(entry));
        if (extensions != null && !extensions.isEmpty()) {
            required.put("extensions", extensions);
        }
        return required;
    }
}
