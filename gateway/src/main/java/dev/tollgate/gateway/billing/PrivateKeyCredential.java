package dev.tollgate.gateway.billing;

import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.gateway.core.SettleCommand;
import dev.tollgate.gateway.core.SettleOutcome;
import dev.tollgate.gateway.core.Settlement;
import dev.tollgate.gateway.proof.PayerProofs;
import dev.tollgate.lockbox.BillingAuthorization;
import dev.tollgate.lockbox.Job;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * ATP's key mode for billed requests ({@code x-wallet-private-key}), only when {@code tollgate.billing.allow-private-key}
 * is on (else 403 {@code private_key_disabled}): authorize derives the payer from the key and reserves the estimate
 * within the payer's balance (so concurrent requests cannot overdraw it); settle pays the job with the key sent
 * again through the core's key-mode settlement. The key is never stored, logged or echoed; parsed key bytes are
 * zeroed after use ({@link PayerSecret}).
 */
@Singleton
class PrivateKeyCredential implements BillingCredential {
    static final String KIND = "private_key";
    static final String HEADER = "x-wallet-private-key";
    /** Longer than any key form a rail accepts; checked before decoding. */
    static final int MAX_KEY_CHARS = 512;

    private final BillingConfig config;
    private final Settlement settlement;
    private final BillingPrices prices;

    PrivateKeyCredential(BillingConfig config, Settlement settlement, BillingPrices prices) {
        this.config = config;
        this.settlement = settlement;
        this.prices = prices;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean accepts(PresentedCredential credential) {
        return PresentedCredential.PRIVATE_KEY.equals(credential.type());
    }

    @Override
    public OfferPart offers(BillingTerms terms) {
        if (!config.allowPrivateKey()) {
            return OfferPart.NONE;
        }
        return new OfferPart(null, null, null, Map.of("wallet_private_key_header", HEADER));
    }

    @Override
    public Reservation authorize(BillingTerms terms, BigDecimal estimateUsd, PresentedCredential credential) {
        requireAllowed();
        BillingTerms.Rail rail = credential.network() == null ? railOfKey(terms, credential)
                : terms.rail(credential.network(), credential.asset()).orElseThrow(() ->
                BillingRefusal.invalidCredential("credential.network", "credential.network and credential.asset must"
                        + " name a rail of the terms."));
        CustodialSigner signer = signer(rail);
        String payer;
        try (PayerSecret secret = parse(signer, credential.privateKey())) {
            payer = rail.binding().rail().canonicalAddress(signer.addressOf(secret));
        }
        BigInteger units = prices.units(rail.asset(), estimateUsd);
        BigInteger balance;
        try {
            balance = rail.binding().rail().balanceOf(payer, rail.asset());
        } catch (RailUnavailableException e) {
            throw BillingRefusal.railUnavailable(rail.network());
        }
        return new Reservation(rail.network(), rail.asset().symbol(), payer, null, units, null, Map.of(), balance);
    }

    @Override
    public boolean needsCredentialAtSettle() {
        return true;
    }

    @Override
    public Settled settle(BillingAuthorization authorization, BillingTerms terms, Job job,
                          PresentedCredential credential) {
        requireAllowed();
        SettleCommand command = new SettleCommand(job.id().toString(), credential.privateKey(), null, false,
                terms.finality(), null, PayerProofs.Caller.UNKNOWN);
        return switch (settlement.settleBilled(command)) {
            case SettleOutcome.Released r -> new Settled.Paid(r.job(), r.job().txId(), null);
            case SettleOutcome.PaidProofRequired p -> new Settled.Paid(p.job(), p.job().txId(), null);
            case SettleOutcome.Pending p -> new Settled.Pending(p.job(), p.txId(), null);
            case SettleOutcome.Refused r -> new Settled.Failed(r.refusal().code().wireName(),
                    r.refusal().code().wireName(), r.refusal().getMessage(), null);
        };
    }

    /** Checked again at settle and before any key is parsed, so switching it off stops keys at once. */
    private void requireAllowed() {
        if (!config.allowPrivateKey()) {
            throw new BillingRefusal(HttpStatus.FORBIDDEN, "private_key_disabled", "private_key_disabled",
                    "This gateway takes no private keys for billed requests (tollgate.billing.allow-private-key is"
                            + " off).", Map.of());
        }
    }

    /**
     * With no network named (ATP's header carries only the key): the first rail of the terms (of the asset, when named)
     * whose family reads the key, so an EVM key pays on the EVM rail whatever rail the host lists first.
     */
    private static BillingTerms.Rail railOfKey(BillingTerms terms, PresentedCredential credential) {
        String key = credential.privateKey();
        if (key == null || key.isBlank() || key.length() > MAX_KEY_CHARS) {
            throw BillingRefusal.invalidCredential("credential.key", "credential.key must be a key of a rail.");
        }
        for (BillingTerms.Rail rail : terms.rails()) {
            if (credential.asset() != null && !rail.asset().symbol().equals(credential.asset())) {
                continue;
            }
            java.util.Optional<CustodialSigner> signer = rail.binding().rail().custodialSigner();
            if (signer.isEmpty()) {
                continue;
            }
            try (PayerSecret ignored = signer.get().parseSecret(key)) {
                return rail;
            } catch (PaymentRejectedException notThisFamily) {
                // another family's key form: try the next rail
            }
        }
        throw BillingRefusal.invalidCredential("credential.key", "credential.key is not a key of any rail of the"
                + " terms.");
    }

    private static CustodialSigner signer(BillingTerms.Rail rail) {
        return rail.binding().rail().custodialSigner().orElseThrow(() -> BillingRefusal.invalidCredential(
                "credential.network", "Payments on " + rail.network() + " cannot be made from a key here."));
    }

    private static PayerSecret parse(CustodialSigner signer, String key) {
        if (key == null || key.isBlank() || key.length() > MAX_KEY_CHARS) {
            throw BillingRefusal.invalidCredential("credential.key", "credential.key must be a key of the rail.");
        }
        try {
            return signer.parseSecret(key);
        } catch (PaymentRejectedException e) {
            throw BillingRefusal.invalidCredential("credential.key", "credential.key is not a key of the rail.");
        }
    }
}
