package dev.tollgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A billed endpoint's 402 (issue 10's billing filter): header {@code PAYMENT-REQUIRED} = base64 of x402's
 * {@code PaymentRequired} ({@code accepts}, {@code resource}, {@code extensions["sign-in-with-x"]}), and a JSON body
 * {@code {error: {code, message}, detail, x402Version, accepts, resource, allowances}}; a refused credential adds
 * {@code reason}, a failed payment {@code atp_settlement: {status: "failed", reason, job_id}} and {@code atp_usage}.
 * Whatever part is missing or malformed reads as missing (never trusted, never thrown).
 *
 * @param paymentRequired the decoded {@code PAYMENT-REQUIRED}, else the body (it carries the same fields)
 * @param body            the JSON body, or an empty node
 */
public record BillingChallenge(JsonNode paymentRequired, JsonNode body, List<AllowanceOffer> allowances) {
    /** Far above a PaymentRequired with a dozen accepts and extensions; a longer header is not read. */
    static final int MAX_HEADER_CHARS = 64 * 1024;

    static BillingChallenge of(Optional<String> paymentRequiredHeader, JsonNode body) {
        JsonNode json = body == null ? MissingNode.getInstance() : body;
        JsonNode decoded = paymentRequiredHeader.flatMap(BillingChallenge::decodeHeader).orElse(json);
        return new BillingChallenge(decoded, json, List.copyOf(AllowanceOffer.parseAll(json.path("allowances"))));
    }

    /** Standard base64 of a JSON object (what x402 headers carry), or empty. */
    static Optional<JsonNode> decodeHeader(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_HEADER_CHARS) {
            return Optional.empty();
        }
        try {
            JsonNode node = GatewayHttp.JSON.readTree(new String(Base64.getDecoder().decode(value.strip()),
                    StandardCharsets.UTF_8));
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** {@code error.code} of the body (e.g. {@code payment_required}), else x402's {@code error}, else empty. */
    public String code() {
        String code = body.path("error").path("code").asText("");
        return code.isEmpty() ? paymentRequired.path("error").asText("") : code;
    }

    /** Why a credential or a payment was refused ({@code reason}, or the failed settlement's), else {@link #code}. */
    public String reason() {
        String reason = body.path("reason").asText("");
        if (reason.isEmpty()) {
            reason = body.path("atp_settlement").path("reason").asText("");
        }
        return reason.isEmpty() ? code() : reason;
    }

    /** The human text of the refusal ({@code error.message}, else {@code detail}). */
    public String message() {
        return body.path("error").path("message").asText(body.path("detail").asText(""));
    }

    /** The {@code accepts} entries (x402 requirements), from {@code PAYMENT-REQUIRED} first. */
    public List<JsonNode> accepts() {
        JsonNode accepts = paymentRequired.path("accepts");
        if (!accepts.isArray()) {
            accepts = body.path("accepts");
        }
        List<JsonNode> out = new ArrayList<>();
        if (accepts.isArray() && accepts.size() <= AllowanceOffer.MAX_ENTRIES) {
            accepts.forEach(out::add);
        }
        return out;
    }

    /** The first {@code accepts} entry of {@code scheme} on {@code network}. */
    public Optional<JsonNode> accept(String scheme, String network) {
        return accepts().stream().filter(a -> scheme.equals(a.path("scheme").asText())
                && network.equals(a.path("network").asText())).findFirst();
    }

    /** The allowance offered on {@code network}: the first entry, or the one for {@code asset} when it is named. */
    public Optional<AllowanceOffer> allowance(String network, String asset) {
        return allowances.stream().filter(o -> o.network().equals(network) && (asset == null || asset.equals(o.asset())))
                .findFirst();
    }

    /**
     * The largest amount (atomic units) an {@code accepts} entry on {@code network} in {@code assetAddress} asks:
     * the fixed price, or the ceiling of a usage price (upto). Empty when no entry names one (e.g. a usage price
     * on a rail without upto): then only the grant's own cap bounds what may be charged.
     */
    public Optional<BigInteger> priceUnits(String network, String assetAddress) {
        BigInteger max = null;
        for (JsonNode a : accepts()) {
            if (network.equals(a.path("network").asText()) && assetAddress.equalsIgnoreCase(a.path("asset").asText())) {
                try {
                    BigInteger amount = X402ExactPayer.amount(a);
                    max = max == null ? amount : max.max(amount);
                } catch (IllegalArgumentException notAnAmount) {
                    // an entry without a readable amount names no price
                }
            }
        }
        return Optional.ofNullable(max);
    }

    /** {@code info} of the {@code sign-in-with-x} extension (what to sign to prove who pays), if declared. */
    public Optional<JsonNode> signInWithXInfo() {
        JsonNode info = paymentRequired.path("extensions").path("sign-in-with-x").path("info");
        return info.isObject() ? Optional.of(info) : Optional.empty();
    }

    /** The failed settlement ({@code atp_settlement: {status: "failed", reason, job_id}}) of a withheld output. */
    public Optional<JsonNode> failedSettlement() {
        JsonNode s = body.path("atp_settlement");
        return s.isObject() ? Optional.of(s) : Optional.empty();
    }
}
