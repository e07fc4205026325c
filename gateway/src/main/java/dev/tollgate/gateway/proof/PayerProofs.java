package dev.tollgate.gateway.proof;

import dev.tollgate.chain.PaymentRail;
import dev.tollgate.gateway.core.Code;
import dev.tollgate.gateway.core.Refusal;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.Lockbox;
import jakarta.inject.Singleton;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decides whether a request comes from a job's payer: a Sign-In-With-X proof signed by the job's wallet, for this
 * gateway's domain, naming the job, within its time window, with a nonce never used before by that wallet (kept in
 * PostgreSQL, so every instance agrees). Only then may paid output be handed over.
 */
@Singleton
public class PayerProofs {
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9]{8,128}");
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String JOBS_PATH = "/v1/agent/jobs/";

    private final Lockbox lockbox;
    private final ProofConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    PayerProofs(Lockbox lockbox, ProofConfig config, Clock clock) {
        this.lockbox = lockbox;
        this.config = config;
        this.clock = clock;
    }

    /** Who is asking: the Host they called and whether over TLS, so a proof is bound to this gateway. */
    public record Caller(String host, boolean secure) {
        public static final Caller UNKNOWN = new Caller(null, false);
    }

    /**
     * Accepts {@code proof} as the job payer's, using up its nonce; otherwise refuses with {@link Code#INVALID_PAYER_PROOF}
     * with a stable {@code reason}.
     */
    public void require(SiwxPayload proof, Job job, PaymentRail rail, Caller caller) {
        Instant now = clock.instant();
        String family = job.network().substring(0, job.network().indexOf(':'));
        if (!proof.chainId().equals(job.network())) {
            throw refused("wrong_chain", "The proof is for chain " + proof.chainId() + ", the job is on " + job.network() + ".");
        }
        if (!expectedType(family).equals(proof.type()) || !"1".equals(proof.version())
                || (proof.signatureScheme() != null && !expectedScheme(family).equals(proof.signatureScheme()))) {
            throw refused("unsupported", "On " + job.network() + " a proof is version 1, type " + expectedType(family)
                    + (proof.signatureScheme() == null ? "" : ", scheme " + expectedScheme(family)) + ".");
        }
        if (!rail.isValidAddress(proof.address()) || job.payer() == null
                || !rail.canonicalAddress(proof.address()).equals(job.payer())) {
            throw refused("wrong_wallet", "The proof is not signed for the job's wallet (user_wallet).");
        }
        if (!domainAllowed(proof.domain(), caller) || !uriOnDomain(proof.uri(), proof.domain())) {
            throw refused("wrong_domain", "The proof's domain and URI must be this gateway's ("
                    + (caller.host() == null ? "the host you called" : caller.host()) + ").");
        }
        if (!namesJob(proof, job.id().toString())) {
            throw refused("job_not_named", "The proof must name the job: requestId = job_id, or the URI "
                    + JOBS_PATH + job.id() + ".");
        }
        Instant validUntil = window(proof, now);
        if (!NONCE.matcher(proof.nonce()).matches()) {
            throw refused("invalid_nonce", "The proof's nonce must be 8 to 128 letters and digits.");
        }
        if (!rail.verifyWalletSignature(proof.address(), proof.message().text(), proof.signature())) {
            throw refused("bad_signature", "The proof's signature does not verify for its message and wallet.");
        }
        if (!lockbox.useProofNonce(job.payer(), proof.nonce(), validUntil.plusSeconds(config.clockSkewSeconds()))) {
            throw refused("nonce_reused", "This proof's nonce was already used; sign a new proof.");
        }
    }

    /**
     * Accepts a {@code SIGN-IN-WITH-X} header sent with any request as proof that the caller controls
     * {@code proof.address} on {@code rail}: declared chain, this gateway's domain, the URI of the very URL called
     * ({@code path}), its time window, its signature, and a nonce never used before by that wallet (used up here).
     * Otherwise refuses with {@link Code#INVALID_PAYER_PROOF} and a stable {@code reason}.
     */
    public SignedIn requireSignedIn(SiwxPayload proof, PaymentRail rail, Caller caller, String path) {
        Instant now = clock.instant();
        String network = rail.network().value();
        String family = network.substring(0, network.indexOf(':'));
        if (!proof.chainId().equals(network)) {
            throw refused("wrong_chain", "The proof is for chain " + proof.chainId() + ", not one this gateway declared.");
        }
        if (!expectedType(family).equals(proof.type()) || !"1".equals(proof.version())
                || (proof.signatureScheme() != null && !expectedScheme(family).equals(proof.signatureScheme()))) {
            throw refused("unsupported", "On " + network + " a proof is version 1, type " + expectedType(family) + ".");
        }
        if (!rail.isValidAddress(proof.address())) {
            throw refused("wrong_wallet", "The proof's address is not a wallet on " + network + ".");
        }
        if (!domainAllowed(proof.domain(), caller) || !uriOnDomain(proof.uri(), proof.domain())) {
            throw refused("wrong_domain", "The proof's domain and URI must be this gateway's ("
                    + (caller.host() == null ? "the host you called" : caller.host()) + ").");
        }
        if (!path.equals(rawPath(proof.uri()))) {
            throw refused("wrong_uri", "The proof's URI must be the URL called (" + path + ").");
        }
        Instant validUntil = window(proof, now);
        if (!NONCE.matcher(proof.nonce()).matches()) {
            throw refused("invalid_nonce", "The proof's nonce must be 8 to 128 letters and digits.");
        }
        if (!rail.verifyWalletSignature(proof.address(), proof.message().text(), proof.signature())) {
            throw refused("bad_signature", "The proof's signature does not verify for its message and wallet.");
        }
        String address = rail.canonicalAddress(proof.address());
        if (!lockbox.useProofNonce(address, proof.nonce(), validUntil.plusSeconds(config.clockSkewSeconds()))) {
            throw refused("nonce_reused", "This proof's nonce was already used; sign a new proof.");
        }
        return new SignedIn(address, network, proof.nonce());
    }

    /**
     * As {@link #requireSignedIn}, for a request to another server's resource (a billed host API): the proof's domain
     * must be {@code resource}'s host[:port] and its URI {@code resource} itself (scheme, authority, path and query),
     * whatever this gateway's own domains are; the nonce is used up per wallet like every proof's.
     */
    public SignedIn requireSignedInAt(SiwxPayload proof, PaymentRail rail, URI resource) {
        Instant now = clock.instant();
        String network = rail.network().value();
        String family = network.substring(0, network.indexOf(':'));
        if (!proof.chainId().equals(network)) {
            throw refused("wrong_chain", "The proof is for chain " + proof.chainId() + ", not " + network + ".");
        }
        if (!expectedType(family).equals(proof.type()) || !"1".equals(proof.version())
                || (proof.signatureScheme() != null && !expectedScheme(family).equals(proof.signatureScheme()))) {
            throw refused("unsupported", "On " + network + " a proof is version 1, type " + expectedType(family) + ".");
        }
        if (!rail.isValidAddress(proof.address())) {
            throw refused("wrong_wallet", "The proof's address is not a wallet on " + network + ".");
        }
        String domain = resource.getRawAuthority();
        if (domain == null || !domain.equalsIgnoreCase(proof.domain()) || !uriOnDomain(proof.uri(), proof.domain())) {
            throw refused("wrong_domain", "The proof's domain and URI must be the resource's (" + domain + ").");
        }
        if (!sameResource(proof.uri(), resource)) {
            throw refused("wrong_uri", "The proof's URI must be the resource's URL.");
        }
        Instant validUntil = window(proof, now);
        if (!NONCE.matcher(proof.nonce()).matches()) {
            throw refused("invalid_nonce", "The proof's nonce must be 8 to 128 letters and digits.");
        }
        if (!rail.verifyWalletSignature(proof.address(), proof.message().text(), proof.signature())) {
            throw refused("bad_signature", "The proof's signature does not verify for its message and wallet.");
        }
        String address = rail.canonicalAddress(proof.address());
        if (!lockbox.useProofNonce(address, proof.nonce(), validUntil.plusSeconds(config.clockSkewSeconds()))) {
            throw refused("nonce_reused", "This proof's nonce was already used; sign a new proof.");
        }
        return new SignedIn(address, network, proof.nonce());
    }

    private static boolean sameResource(String uri, URI resource) {
        try {
            URI signed = new URI(uri);
            return resource.getScheme().equalsIgnoreCase(String.valueOf(signed.getScheme()))
                    && resource.getRawAuthority().equalsIgnoreCase(String.valueOf(signed.getRawAuthority()))
                    && pathOf(resource).equals(pathOf(signed))
                    && java.util.Objects.equals(resource.getRawQuery(), signed.getRawQuery());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String pathOf(URI uri) {
        return uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    }

    /** The refusal of a signed trade whose wallet is not the trade's {@code user_wallet} on its network. */
    public static Refusal notUserWallet(SignedIn signedIn, String network) {
        return refused("wrong_wallet", "The SIGN-IN-WITH-X wallet (" + signedIn.address() + " on " + signedIn.network()
                + ") is not user_wallet on " + network + ": a signed trade binds the job to the wallet that signed.");
    }

    private static String rawPath(String uri) {
        try {
            return new URI(uri).getRawPath();
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /**
     * What the payer should sign to collect this job's output: the Sign-In-With-X {@code info} (domain, URI, chain,
     * a fresh nonce, times, and the job as request id), ready for a wallet.
     */
    public Map<String, Object> challenge(Job job, Caller caller) {
        String family = job.network().substring(0, job.network().indexOf(':'));
        String domain = caller.host() != null ? caller.host()
                : config.allowedDomains().isEmpty() ? "localhost" : config.allowedDomains().get(0);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("domain", domain);
        info.put("uri", (caller.secure() ? "https://" : "http://") + domain + JOBS_PATH + job.id());
        info.put("statement", "Collect the output of job " + job.id());
        info.put("version", "1");
        info.put("chainId", job.network());
        info.put("type", expectedType(family));
        info.put("nonce", nonce());
        info.put("issuedAt", now.toString());
        info.put("expirationTime", now.plusSeconds(config.maxAgeSeconds()).toString());
        info.put("requestId", job.id().toString());
        return info;
    }

    /** The instant the proof stops being valid; throws when it is not valid now. */
    private Instant window(SiwxPayload proof, Instant now) {
        Duration skew = Duration.ofSeconds(config.clockSkewSeconds());
        Instant issued = instant(proof.issuedAt(), "issuedAt");
        if (issued.isAfter(now.plus(skew))) {
            throw refused("not_yet_valid", "The proof was issued in the future.");
        }
        Instant until = issued.plusSeconds(config.maxAgeSeconds());
        if (proof.expirationTime() != null) {
            Instant expires = instant(proof.expirationTime(), "expirationTime");
            until = expires.isBefore(until) ? expires : until;
        }
        if (!until.isAfter(now)) {
            throw refused("expired", "The proof has expired (at most " + config.maxAgeSeconds() + " s old); sign a new one.");
        }
        if (proof.notBefore() != null && instant(proof.notBefore(), "notBefore").isAfter(now.plus(skew))) {
            throw refused("not_yet_valid", "The proof is not valid yet (notBefore).");
        }
        return until;
    }

    private boolean domainAllowed(String domain, Caller caller) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (config.allowedDomains().isEmpty()) {
            return caller.host() != null && d.equals(caller.host().toLowerCase(Locale.ROOT));
        }
        return config.allowedDomains().stream().anyMatch(a -> a.equalsIgnoreCase(d));
    }

    private static boolean uriOnDomain(String uri, String domain) {
        try {
            URI parsed = new URI(uri);
            return ("https".equals(parsed.getScheme()) || "http".equals(parsed.getScheme()))
                    && domain.equalsIgnoreCase(parsed.getRawAuthority());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static boolean namesJob(SiwxPayload proof, String jobId) {
        if (jobId.equals(proof.requestId()) || isJobUri(proof.uri(), jobId)) {
            return true;
        }
        return proof.resources() != null && proof.resources().stream().anyMatch(r -> isJobUri(r, jobId));
    }

    private static boolean isJobUri(String uri, String jobId) {
        try {
            String path = new URI(uri).getRawPath();
            return path != null && (path.equals(JOBS_PATH + jobId) || path.equals(JOBS_PATH + jobId + "/output"));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static Instant instant(String text, String field) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw refused("invalid_time", "The proof's " + field + " is not an ISO 8601 date-time.");
        }
    }

    private static String expectedType(String family) {
        return "eip155".equals(family) ? "eip191" : "ed25519";
    }

    private static String expectedScheme(String family) {
        return "eip155".equals(family) ? "eip191" : "siws";
    }

    private String nonce() {
        StringBuilder sb = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            sb.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return sb.toString();
    }

    private static Refusal refused(String reason, String message) {
        return new Refusal(Code.INVALID_PAYER_PROOF, "Payer proof refused: " + message, Map.of("reason", reason));
    }
}
