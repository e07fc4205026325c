package dev.tollgate.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.pricing.PricingJson;
import dev.tollgate.pricing.Usage;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;

/** The JSON of the filter → gateway contract (BILLING-DESIGN.md), in both directions. */
public final class BillingWire {

    static final JsonMapper JSON = PricingJson.mapper();

    private BillingWire() {
    }

    public static JsonMapper mapper() {
        return JSON;
    }

    public static ObjectNode terms(BillingTerms terms) {
        ObjectNode node = JSON.createObjectNode();
        ObjectNode resource = node.putObject("resource");
        resource.put("url", terms.resource().url());
        if (terms.resource().description() != null) {
            resource.put("description", terms.resource().description());
        }
        if (terms.resource().mimeType() != null) {
            resource.put("mimeType", terms.resource().mimeType());
        }
        ObjectNode price = node.putObject("price");
        EndpointRule rule = terms.price();
        if (rule.usagePriced()) {
            putUsd(price, "input_usd_per_million", rule.inputUsdPerMillion());
            putUsd(price, "output_usd_per_million", rule.outputUsdPerMillion());
            putUsd(price, "ceiling_usd", rule.ceilingUsd());
        } else {
            putUsd(price, "fixed_usd", rule.fixedUsd());
        }
        var rails = node.putArray("rails");
        for (RailTerms rail : terms.rails()) {
            ObjectNode r = rails.addObject();
            r.put("network", rail.network());
            r.put("asset", rail.asset());
            r.put("pay_to", rail.payTo());
            if (rail.feeRecipient() != null) {
                r.put("fee_recipient", rail.feeRecipient());
            }
        }
        node.put("fee_bps", terms.feeBps());
        node.put("finality", terms.finality());
        return node;
    }

    public static ObjectNode credential(Credential credential) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", credential.type());
        switch (credential) {
            case Credential.X402 x402 -> node.put("header", x402.header());
            case Credential.Siwx siwx -> {
                node.put("header", siwx.header());
                putIfSet(node, "network", siwx.network());
                putIfSet(node, "asset", siwx.asset());
            }
            case Credential.PrivateKey key -> {
                node.put("key", key.key());
                putIfSet(node, "network", key.network());
                putIfSet(node, "asset", key.asset());
            }
        }
        return node;
    }

    public static ObjectNode authorize(AuthorizeRequest request) {
        ObjectNode node = JSON.createObjectNode();
        node.set("terms", terms(request.terms()));
        if (request.estimateUsd() != null) {
            putUsd(node, "estimate_usd", request.estimateUsd());
        }
        node.set("credential", credential(request.credential()));
        return node;
    }

    public static ObjectNode settle(SettleRequest request) {
        ObjectNode node = JSON.createObjectNode();
        node.put("authorization_id", request.authorizationId());
        if (request.usd() != null) {
            putUsd(node, "usd", request.usd());
        }
        if (request.usage() != null && !request.usage().isEmpty()) {
            node.set("usage", usage(request.usage()));
        }
        ObjectNode output = node.putObject("output");
        output.put("content_type", request.outputContentType() == null ? "application/octet-stream"
                : request.outputContentType());
        output.put("base64", Base64.getEncoder().encodeToString(request.output()));
        if (request.credential() != null) {
            node.set("credential", credential(request.credential()));
        }
        return node;
    }

    /** ATP's normalised {@code atp_usage}: input, output and total tokens (null when not reported). */
    public static ObjectNode usage(Usage usage) {
        ObjectNode node = JSON.createObjectNode();
        putCount(node, "input_tokens", usage.inputTokens());
        putCount(node, "output_tokens", usage.outputTokens());
        putCount(node, "total_tokens", usage.totalTokens());
        return node;
    }

    public static Offers offers(JsonNode body) {
        JsonNode paymentRequired = body.get("payment_required");
        if (paymentRequired == null || !paymentRequired.isObject()) {
            throw new IllegalArgumentException("payment_required missing");
        }
        JsonNode allowances = body.get("allowances");
        JsonNode atp = body.get("atp");
        return new Offers(paymentRequired, allowances == null || allowances.isNull()
                ? JSON.createArrayNode() : allowances, atp == null || atp.isNull() ? null : atp);
    }

    public static Authorization authorization(JsonNode body) {
        String id = text(body, "authorization_id");
        if (id == null || !id.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            throw new IllegalArgumentException("authorization_id is not a UUID");
        }
        String units = text(body, "reserved_units");
        BigInteger reserved = units != null && units.matches("[0-9]{1,78}") ? new BigInteger(units) : null;
        return new Authorization(id, text(body, "kind"), text(body, "network"), text(body, "asset"),
                text(body, "payer"), reserved, text(body, "expires_at"));
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static void putUsd(ObjectNode node, String field, BigDecimal usd) {
        if (usd != null) {
            node.put(field, usd.stripTrailingZeros().scale() < 0 ? usd.setScale(0).toPlainString()
                    : usd.stripTrailingZeros().toPlainString());
        }
    }

    private static void putCount(ObjectNode node, String field, Long count) {
        if (count == null) {
            node.putNull(field);
        } else {
            node.put(field, count);
        }
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
