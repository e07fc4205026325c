package dev.tollgate.gateway.billing;

import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.allowance.AllowanceCharges;
import dev.tollgate.chain.allowance.AllowanceState;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.proof.SignedIn;
import dev.tollgate.lockbox.BillingAuthorization;
import dev.tollgate.lockbox.BillingAuthorizationStore;
import dev.tollgate.lockbox.Job;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code allowance} way to pay a billed request: the payer granted the gateway an allowance up front (Solana: an
 * SPL delegation to the sponsor key; Polygon: an ERC-20 approve to the AllowanceSplitter) and proves per request who
 * it is with a {@code SIGN-IN-WITH-X} header signed for the host's URL ({@code terms.resource.url}). Authorize picks
 * the rail (the credential's network/asset, else the first of the terms' rails on the signed chain where the wallet
 * has spendable allowance) and reserves the estimate within what the chain says is spendable (the billing service
 * sums the payer's open reservations under its lock: concurrent requests cannot overdraw). Settle charges the actual
 * total; more than was reserved is charged only if the difference can still be reserved under the lock.
 */
@Singleton
public class AllowanceCredential implements BillingCredential {
    public static final String KIND = "allowance";
    /** How long a top-up reservation (actual above the estimate) holds: one settle's length at most. */
    private static final Duration TOP_UP_TTL = Duration.ofMinutes(5);

    private final BillingSignIns signIns;
    private final BillingPrices prices;
    private final BillingAuthorizationStore store;
    private final AllowanceSettler settler;
    private final JsonBodies json;
    /** Top-up reservations by the authorization they extend, released once its settle is over. */
    private final Map<UUID, UUID> topUps = new ConcurrentHashMap<>();
    /** Authorizations whose actual cost the grant no longer covers: their settle fails without charging. */
    private final Map<UUID, BillingRefusal> uncovered = new ConcurrentHashMap<>();

    AllowanceCredential(BillingSignIns signIns, BillingPrices prices, BillingAuthorizationStore store,
                        AllowanceSettler settler, JsonBodies json) {
        this.signIns = signIns;
        this.prices = prices;
        this.store = store;
        this.settler = settler;
        this.json = json;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean accepts(PresentedCredential credential) {
        return PresentedCredential.SIWX.equals(credential.type());
    }

    /** Nothing of its own: {@link BillingOffers} lists every rail's allowance and the sign-in-with-x declaration. */
    @Override
    public OfferPart offers(BillingTerms terms) {
        return OfferPart.NONE;
    }

    @Override
    public Reservation authorize(BillingTerms terms, BigDecimal estimateUsd, PresentedCredential credential) {
        SignedIn signedIn = signIns.verify(terms, credential);
        List<BillingTerms.Rail> candidates = terms.rails().stream()
                .filter(r -> r.network().equals(signedIn.network()))
                .filter(r -> credential.network() == null || r.network().equals(credential.network())
                        || r.binding().alias().equalsIgnoreCase(credential.network()))
                .filter(r -> credential.asset() == null || r.asset().symbol().equals(credential.asset()))
                .filter(r -> !r.asset().isNative() && r.binding().rail().allowanceCharges().isPresent())
                .toList();
        if (candidates.isEmpty()) {
            throw BillingRefusal.payment("allowance_unavailable", "None of the terms' rails on " + signedIn.network()
                    + " charges allowances" + (credential.asset() == null ? "" : " in " + credential.asset()) + ".");
        }
        BillingRefusal shortest = null;
        for (BillingTerms.Rail rail : candidates) {
            AllowanceCharges charges = rail.binding().rail().allowanceCharges().orElseThrow();
            BigInteger units = prices.units(rail.asset(), estimateUsd);
            AllowanceState state;
            try {
                state = charges.read(signedIn.address(), rail.asset());
            } catch (RailUnavailableException e) {
                throw BillingRefusal.railUnavailable(rail.network());
            }
            if (state.spendable().compareTo(units) >= 0) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("spender", state.spender());
                details.put("spendable_units", state.spendable().toString());
                return new Reservation(rail.network(), rail.asset().symbol(), signedIn.address(), null, units, null,
                        details, state.spendable());
            }
            shortest = insufficient(rail, state, units);
        }
        throw shortest;
    }

    /**
     * The actual units when within the reservation; above it, the difference is reserved now under the payer's lock
     * against what the chain says is spendable. When it cannot be, the settle fails {@code allowance_insufficient}
     * without charging (the job is still created, so the output waits in it, payable until its TTL).
     */
    @Override
    public BigInteger charge(BillingAuthorization authorization, BillingTerms terms, BigInteger pricedUnits) {
        BigInteger extra = pricedUnits.subtract(authorization.units());
        if (extra.signum() <= 0) {
            return pricedUnits;
        }
        BillingTerms.Rail rail = railOf(authorization, terms);
        AllowanceCharges charges = rail.binding().rail().allowanceCharges().orElseThrow(() ->
                BillingRefusal.railUnavailable(rail.network()));
        AllowanceState state;
        try {
            state = charges.read(authorization.payer(), rail.asset());
        } catch (RailUnavailableException e) {
            throw BillingRefusal.railUnavailable(rail.network());
        }
        Optional<BillingAuthorization> topUp = store.tryReserveWithin(authorization.network(), authorization.asset(),
                authorization.payer(), extra, state.spendable(), KIND,
                json.write(Map.of("top_up_of", authorization.id().toString())), TOP_UP_TTL);
        if (topUp.isEmpty()) {
            uncovered.put(authorization.id(), insufficient(rail, state, pricedUnits));
            return pricedUnits;
        }
        releaseTopUp(topUps.put(authorization.id(), topUp.get().id()));
        return pricedUnits;
    }

    @Override
    public Settled settle(BillingAuthorization authorization, BillingTerms terms, Job job,
                          PresentedCredential credential) {
        try {
            BillingRefusal shortOfGrant = uncovered.remove(authorization.id());
            if (shortOfGrant != null) {
                return new Settled.Failed(shortOfGrant.code(), shortOfGrant.reason(), shortOfGrant.getMessage(), null);
            }
            BillingTerms.Rail rail = railOf(authorization, terms);
            AllowanceCharges charges = rail.binding().rail().allowanceCharges().orElseThrow(() ->
                    BillingRefusal.railUnavailable(rail.network()));
            return settler.settle(job, rail.binding(), charges, authorization.payer(), terms.finality());
        } finally {
            releaseTopUp(topUps.remove(authorization.id()));
        }
    }

    @Override
    public void release(BillingAuthorization authorization) {
        uncovered.remove(authorization.id());
        releaseTopUp(topUps.remove(authorization.id()));
    }

    // ---- helpers ----

    private BillingTerms.Rail railOf(BillingAuthorization authorization, BillingTerms terms) {
        return terms.rail(authorization.network(), authorization.asset()).orElseThrow(() ->
                BillingRefusal.railUnavailable(authorization.network()));
    }

    private static BillingRefusal insufficient(BillingTerms.Rail rail, AllowanceState state, BigInteger units) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("network", rail.network());
        facts.put("asset", rail.asset().symbol());
        facts.put("spender", state.spender());
        facts.put("spendable_units", state.spendable().toString());
        facts.put("needed_units", units.toString());
        return new BillingRefusal(HttpStatus.PAYMENT_REQUIRED, "allowance_insufficient", "allowance_insufficient",
                "The allowance granted to " + state.spender() + " (what it may still pull, less open requests) does"
                        + " not cover this request; grant more.", facts);
    }

    private void releaseTopUp(UUID topUp) {
        if (topUp != null) {
            store.release(topUp);
        }
    }
}
