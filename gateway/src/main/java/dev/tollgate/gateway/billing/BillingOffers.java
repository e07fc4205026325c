package dev.tollgate.gateway.billing;

import dev.tollgate.chain.allowance.AllowanceCharges;
import dev.tollgate.chain.x402.UptoScheme;
import dev.tollgate.gateway.proof.SiwxDeclarations;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to {@code POST /v1/billing/offers} (and the {@code payment_required} of a refused authorize): every
 * credential kind's part, plus what the rails offer whatever kinds are installed: {@code upto} entries (usage prices,
 * amount = the ceiling) where a rail has an {@code UptoScheme} and no kind made one, {@code allowances} where a rail
 * has {@code AllowanceCharges}, and the {@code sign-in-with-x} declaration for {@code resource.url} on those rails.
 */
@Singleton
public class BillingOffers {
    private static final Logger LOG = LoggerFactory.getLogger(BillingOffers.class);

    private final List<BillingCredential> kinds;
    private final UptoOffers upto;
    private final SiwxDeclarations siwx;

    BillingOffers(List<BillingCredential> kinds, UptoOffers upto, SiwxDeclarations siwx) {
        this.kinds = kinds;
        this.upto = upto;
        this.siwx = siwx;
    }

    /** The offers body: {@code payment_required}, {@code allowances}, and {@code atp} when a kind gives hints. */
    public Map<String, Object> offers(BillingTerms terms) {
        List<Map<String, Object>> accepts = new ArrayList<>();
        List<Map<String, Object>> allowances = new ArrayList<>();
        Map<String, Object> extensions = new LinkedHashMap<>();
        Map<String, Object> atp = new LinkedHashMap<>();
        for (BillingCredential kind : kinds) {
            BillingCredential.OfferPart part = kind.offers(terms);
            accepts.addAll(part.accepts());
            part.allowances().forEach(a -> addAllowance(allowances, a));
            part.extensions().forEach(extensions::putIfAbsent);
            part.atp().forEach(atp::putIfAbsent);
        }
        if (terms.price() instanceof BillingTerms.Usage) {
            for (BillingTerms.Rail rail : terms.rails()) {
                if (rail.binding().rail().uptoScheme().isPresent() && !offered(accepts, UptoScheme.SCHEME, rail)) {
                    upto.requirement(terms, rail, UUID.randomUUID()).ifPresent(r -> accepts.add(UptoOffers.render(r)));
                }
            }
        }
        List<String> allowanceNetworks = new ArrayList<>();
        for (BillingTerms.Rail rail : terms.rails()) {
            Optional<AllowanceCharges> charges = rail.binding().rail().allowanceCharges();
            if (charges.isEmpty() || rail.asset().isNative()) {
                continue;
            }
            try {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("network", rail.network());
                a.put("asset", rail.asset().symbol());
                a.put("asset_address", rail.asset().address());
                a.put("spender", charges.get().spender(rail.asset()));
                a.put("decimals", rail.asset().decimals());
                addAllowance(allowances, a);
            } catch (RuntimeException e) {
                LOG.warn("no allowance offer on {}: {}", rail.network(), e.getClass().getSimpleName());
                continue;
            }
            if (!allowanceNetworks.contains(rail.network())) {
                allowanceNetworks.add(rail.network());
            }
        }
        if (!allowanceNetworks.isEmpty()) {
            extensions.putIfAbsent(SiwxDeclarations.EXTENSION, siwx.declarationFor(terms.resource().url(),
                    allowanceNetworks, null));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("payment_required", paymentRequired(terms, accepts, extensions));
        body.put("allowances", allowances);
        if (!atp.isEmpty()) {
            body.put("atp", atp);
        }
        return body;
    }

    /** Just the x402 {@code PaymentRequired} object of {@link #offers}. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> paymentRequired(BillingTerms terms) {
        return (Map<String, Object>) offers(terms).get("payment_required");
    }

    private static Map<String, Object> paymentRequired(BillingTerms terms, List<Map<String, Object>> accepts,
                                                       Map<String, Object> extensions) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("url", terms.resource().url().toString());
        resource.put("description", terms.resource().description());
        resource.put("mimeType", terms.resource().mimeType());
        Map<String, Object> required = new LinkedHashMap<>();
        required.put("x402Version", 2);
        required.put("error", "payment_required");
        required.put("resource", resource);
        required.put("accepts", accepts);
        required.put("extensions", extensions);
        return required;
    }

    private static boolean offered(List<Map<String, Object>> accepts, String scheme, BillingTerms.Rail rail) {
        String network = rail.binding().rail().uptoScheme().map(UptoScheme::caip2).orElse(rail.network());
        return accepts.stream().anyMatch(a -> scheme.equals(a.get("scheme")) && network.equals(a.get("network")));
    }

    private static void addAllowance(List<Map<String, Object>> allowances, Map<String, Object> allowance) {
        boolean known = allowances.stream().anyMatch(a -> a.get("network").equals(allowance.get("network"))
                && a.get("asset").equals(allowance.get("asset")));
        if (!known) {
            allowances.add(allowance);
        }
    }
}
