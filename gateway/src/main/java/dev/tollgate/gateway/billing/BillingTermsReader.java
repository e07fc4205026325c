package dev.tollgate.gateway.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.Commitment;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.pricing.FeeBps;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the filter's {@code terms} object (BILLING-DESIGN.md): every field is checked for its form
 * and size before use, networks resolve (CAIP-2 id or alias) to this gateway's rails, assets to the rail's assets,
 * addresses are checked and spelled canonically for their rail. Anything wrong is 400 {@code invalid_terms} naming
 * the field. The result carries its canonical JSON, stored with an authorization and read back at settle.
 */
@Singleton
public class BillingTermsReader {
    static final int MAX_URL = 2048;
    static final int MAX_DESCRIPTION = 1024;
    static final int MAX_MIME = 128;
    static final int MAX_RAILS = 8;
    static final int MAX_NAME = 128;
    /** A USD amount: plain decimal, at most 12 integer and 18 fraction digits (no sign, exponent or spaces). */
    private static final Pattern USD = Pattern.compile("(0|[1-9][0-9]{0,11})(\\.[0-9]{1,18})?");
    private static final Pattern MIME = Pattern.compile("[A-Za-z0-9!#$&^_.+-]{1,63}/[A-Za-z0-9!#$&^_.+-]{1,63}");

    private final PaymentRails rails;

    BillingTermsReader(PaymentRails rails) {
        this.rails = rails;
    }

    public BillingTerms read(JsonNode terms) {
        if (terms == null || !terms.isObject()) {
            throw BillingRefusal.invalidTerms("terms", "terms must be an object");
        }
        ObjectNode canonical = JsonNodeFactory.instance.objectNode();
        BillingTerms.Resource resource = resource(terms.get("resource"), canonical.putObject("resource"));
        BillingTerms.Price price = price(terms.get("price"), canonical.putObject("price"));
        List<BillingTerms.Rail> railTerms = rails(terms.get("rails"), canonical.putArray("rails"));
        FeeBps feeBps = feeBps(terms.get("fee_bps"));
        canonical.put("fee_bps", feeBps.value());
        Commitment finality = finality(terms.get("finality"));
        canonical.put("finality", finality.wireName());
        return new BillingTerms(resource, price, railTerms, feeBps, finality, canonical.toString());
    }

    private static BillingTerms.Resource resource(JsonNode node, ObjectNode out) {
        if (node == null || !node.isObject()) {
            throw BillingRefusal.invalidTerms("resource", "resource must be an object with a url");
        }
        String url = text(node, "url", "resource.url", MAX_URL, true);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw BillingRefusal.invalidTerms("resource.url", "resource.url is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null || uri.isOpaque()) {
            throw BillingRefusal.invalidTerms("resource.url",
                    "resource.url must be an absolute http(s) URL with a host, without user info or fragment");
        }
        String description = text(node, "description", "resource.description", MAX_DESCRIPTION, false);
        String mime = text(node, "mimeType", "resource.mimeType", MAX_MIME, false);
        if (mime != null && !MIME.matcher(mime).matches()) {
            throw BillingRefusal.invalidTerms("resource.mimeType", "resource.mimeType must be a media type");
        }
        BillingTerms.Resource resource = new BillingTerms.Resource(uri, description, mime);
        out.put("url", url);
        out.put("description", resource.description());
        out.put("mimeType", resource.mimeType());
        return resource;
    }

    private static BillingTerms.Price price(JsonNode node, ObjectNode out) {
        if (node == null || !node.isObject()) {
            throw BillingRefusal.invalidTerms("price", "price must be an object");
        }
        boolean fixed = node.has("fixed_usd");
        boolean usage = node.has("input_usd_per_million") || node.has("output_usd_per_million")
                || node.has("ceiling_usd");
        if (fixed == usage) {
            throw BillingRefusal.invalidTerms("price", "price must be either {fixed_usd} or {input_usd_per_million,"
                    + " output_usd_per_million, ceiling_usd}");
        }
        if (fixed) {
            BigDecimal usd = usd(node, "fixed_usd", "price.fixed_usd", true);
            out.put("fixed_usd", usd.toPlainString());
            return new BillingTerms.Fixed(usd);
        }
        BigDecimal in = usd(node, "input_usd_per_million", "price.input_usd_per_million", false);
        BigDecimal outRate = usd(node, "output_usd_per_million", "price.output_usd_per_million", false);
        BigDecimal ceiling = usd(node, "ceiling_usd", "price.ceiling_usd", true);
        if (in.signum() == 0 && outRate.signum() == 0) {
            throw BillingRefusal.invalidTerms("price", "a usage price needs a rate above zero");
        }
        out.put("input_usd_per_million", in.toPlainString());
        out.put("output_usd_per_million", outRate.toPlainString());
        out.put("ceiling_usd", ceiling.toPlainString());
        return new BillingTerms.Usage(in, outRate, ceiling);
    }

    private List<BillingTerms.Rail> rails(JsonNode node, ArrayNode out) {
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > MAX_RAILS) {
            throw BillingRefusal.invalidTerms("rails", "rails must be an array of 1.." + MAX_RAILS + " rails");
        }
        List<BillingTerms.Rail> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "rails[" + i + "]";
            JsonNode r = node.get(i);
            if (!r.isObject()) {
                throw BillingRefusal.invalidTerms(at, at + " must be an object");
            }
            String network = text(r, "network", at + ".network", MAX_NAME, true);
            RailBinding binding = rails.resolve(network).orElseThrow(() -> BillingRefusal.invalidTerms(
                    at + ".network", at + ".network must be one of " + rails.names()));
            String symbol = text(r, "asset", at + ".asset", MAX_NAME, true);
            ChainAsset asset = binding.asset(symbol).orElseThrow(() -> BillingRefusal.invalidTerms(at + ".asset",
                    at + ".asset must be one of " + binding.rail().assets().keySet() + " on " + binding.alias()));
            String payTo = address(binding, r, "pay_to", at);
            String feeRecipient = address(binding, r, "fee_recipient", at);
            String caip2 = binding.rail().network().value();
            if (!seen.add(caip2 + "/" + asset.symbol())) {
                throw BillingRefusal.invalidTerms(at, at + " repeats " + caip2 + " " + asset.symbol());
            }
            result.add(new BillingTerms.Rail(binding, asset, payTo, feeRecipient));
            ObjectNode o = out.addObject();
            o.put("network", caip2);
            o.put("asset", asset.symbol());
            o.put("pay_to", payTo);
            o.put("fee_recipient", feeRecipient);
        }
        return result;
    }

    private static String address(RailBinding binding, JsonNode rail, String field, String at) {
        String name = at + "." + field;
        String address = text(rail, field, name, MAX_NAME, true);
        if (!binding.rail().isValidAddress(address)) {
            throw BillingRefusal.invalidTerms(name, name + " is not a valid " + binding.alias() + " address");
        }
        return binding.rail().canonicalAddress(address);
    }

    private static FeeBps feeBps(JsonNode node) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0
                || node.intValue() > FeeBps.MAX) {
            throw BillingRefusal.invalidTerms("fee_bps", "fee_bps must be an integer from 0 to " + FeeBps.MAX);
        }
        return new FeeBps(node.intValue());
    }

    private static Commitment finality(JsonNode node) {
        if (node == null || node.isNull()) {
            return Commitment.CONFIRMED;
        }
        if (node.isTextual()) {
            String text = node.asText();
            if (text.equals("confirmed")) {
                return Commitment.CONFIRMED;
            }
            if (text.equals("finalized")) {
                return Commitment.FINALIZED;
            }
        }
        throw BillingRefusal.invalidTerms("finality", "finality must be confirmed or finalized");
    }

    /** A decimal USD string; {@code positive}: above zero, else zero allowed. */
    static BigDecimal usd(JsonNode parent, String key, String field, boolean positive) {
        JsonNode node = parent.get(key);
        if (node == null || !node.isTextual()) {
            throw BillingRefusal.invalidTerms(field, field + " must be a decimal string (USD)");
        }
        String text = node.asText();
        if (!USD.matcher(text).matches()) {
            throw BillingRefusal.invalidTerms(field, field
                    + " must be a plain decimal with at most 12 integer and 18 fraction digits");
        }
        BigDecimal value = new BigDecimal(text);
        if (positive ? value.signum() <= 0 : value.signum() < 0) {
            throw BillingRefusal.invalidTerms(field, field + (positive ? " must be above zero" : " must not be negative"));
        }
        return value;
    }

    private static String text(JsonNode parent, String key, String field, int max, boolean required) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            if (required) {
                throw BillingRefusal.invalidTerms(field, field + " is required");
            }
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > max) {
            throw BillingRefusal.invalidTerms(field, field + " must be a non-empty string of at most " + max
                    + " characters");
        }
        return node.asText();
    }
}
