package dev.tollgate.gateway.x402;

import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.x402.ExactRequirement;
import dev.tollgate.chain.x402.ExactScheme;
import dev.tollgate.gateway.core.JobIntents;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.lockbox.Job;
import io.micronaut.context.annotation.Primary;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The x402 offers for a job. A job is priced in one asset on one network, so exactly one {@code exact} entry pays
 * it: the job's rail's requirement for the job's intent (its total, to where its fee split is honoured), with the
 * job's id in {@code extra.tollgateJobId} so the paid retry finds the locked job without running the agent again.
 * No entry when the job's rail offers no {@code exact} scheme for its asset (e.g. a native coin).
 */
@Singleton
@Primary
public class X402OffersForJobs implements X402Offers {
    /** Where in {@code extra} the job reference travels. */
    public static final String JOB_REFERENCE = "tollgateJobId";
    static final String PAYMENT_IDENTIFIER = "payment-identifier";

    private final PaymentRails rails;
    private final X402Config config;
    private final DefaultX402Offers plain;

    X402OffersForJobs(PaymentRails rails, X402Config config, DefaultX402Offers plain) {
        this.rails = rails;
        this.config = config;
        this.plain = plain;
    }

    @Override
    public Map<String, Object> paymentRequired(Job job, String resourceUrl, Map<String, Object> extensions,
                                               String error) {
        List<Map<String, Object>> accepts = new ArrayList<>();
        requirement(job).ifPresent(r -> accepts.add(WireRequirements.render(r)));
        if (accepts.isEmpty() && extensions != null && extensions.containsKey("sign-in-with-x")) {
            // Nothing x402 can pay, but a sign-in must still name the job's chain (the stock client signs in on
            // accepts[0].network): the plain entry lacks the scheme's required extras (EVM name/version, Solana
            // feePayer), so stock payment clients refuse it before signing, and our deep match refuses it too.
            accepts.addAll(plainEntries(job, resourceUrl));
        }
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("url", resourceUrl);
        resource.put("description", "Output of Tollgate job " + job.id());
        resource.put("mimeType", "application/json");
        Map<String, Object> ext = new LinkedHashMap<>(extensions == null ? Map.of() : extensions);
        ext.putIfAbsent(PAYMENT_IDENTIFIER, PAYMENT_IDENTIFIER_DECLARATION);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("x402Version", 2);
        if (error != null) {
            body.put("error", error);
        }
        body.put("resource", resource);
        body.put("accepts", accepts);
        body.put("extensions", ext);
        return body;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> plainEntries(Job job, String resourceUrl) {
        return (List<Map<String, Object>>) plain.paymentRequired(job, resourceUrl, Map.of(), null).get("accepts");
    }

    /** Our own copy of what pays {@code job} in x402, the one a paid retry is matched and verified against. */
    public Optional<ExactRequirement> requirement(Job job) {
        Optional<RailBinding> rail = rails.byNetwork(NetworkId.of(job.network()));
        if (rail.isEmpty() || rail.get().rail().exactScheme().isEmpty()) {
            return Optional.empty();
        }
        try {
            return requirement(rail.get(), JobIntents.intent(job, rail.get()));
        } catch (IllegalStateException e) {
            return Optional.empty(); // the job's asset is no longer offered on this rail
        }
    }

    /**
     * What pays {@code intent} (a job's, or a billed request's before its job exists: its id is the intent's job id)
     * on {@code rail}, with the job reference; the same requirement {@link #requirement(Job)} re-derives once the
     * job is locked with that id and those amounts. Empty when the rail takes no exact payment of that asset.
     */
    public Optional<ExactRequirement> requirement(RailBinding rail, dev.tollgate.chain.PaymentIntent intent) {
        Optional<ExactScheme> scheme = rail.rail().exactScheme();
        if (scheme.isEmpty()) {
            return Optional.empty();
        }
        ExactRequirement base;
        try {
            base = scheme.get().requirement(intent, config.maxTimeoutSeconds());
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Optional.empty(); // this asset is not payable by exact on this rail
        }
        Map<String, Object> extra = new LinkedHashMap<>(base.extra());
        extra.put(JOB_REFERENCE, intent.jobId());
        return Optional.of(new ExactRequirement(base.network(), base.asset(), base.payTo(), base.amount(),
                base.maxTimeoutSeconds(), extra));
    }

    /** {@code requirement} as an {@code accepts[]} entry on the wire. */
    public static Map<String, Object> render(ExactRequirement requirement) {
        return WireRequirements.render(requirement);
    }

    /** Whether a client's {@code accepted} is {@code ours} as x402 matches it (every field equal, extra a superset). */
    public static boolean matches(ExactRequirement ours, Object accepted) {
        return WireRequirements.matches(ours, accepted, null);
    }

    /** The same on every 402: built once (read-only, it is shared by every answer). */
    private static final Map<String, Object> PAYMENT_IDENTIFIER_DECLARATION = paymentIdentifier();

    /** x402.md §6: optional; the client echoes {@code info} with its own {@code id}. */
    private static Map<String, Object> paymentIdentifier() {
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("type", "string");
        id.put("pattern", "^[A-Za-z0-9_-]{16,128}$");
        Map<String, Object> infoProps = new LinkedHashMap<>();
        infoProps.put("required", Map.of("type", "boolean"));
        infoProps.put("id", id);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("type", "object");
        info.put("properties", infoProps);
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("type", "object");
        schema.put("properties", Map.of("info", info));
        schema.put("required", List.of("info"));
        Map<String, Object> declaration = new LinkedHashMap<>();
        declaration.put("info", Map.of("required", false));
        declaration.put("schema", java.util.Collections.unmodifiableMap(schema));
        return java.util.Collections.unmodifiableMap(declaration);
    }
}
