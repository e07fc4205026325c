package dev.tollgate.pricing;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The JSON reading this module relies on: fractional numbers as exact decimals, duplicate keys refused. */
public final class PricingJson {

    private PricingJson() {
    }

    /**
     * A new mapper that reads fractions as {@link java.math.BigDecimal} (never binary floating point) and refuses
     * objects with a repeated key, whose meaning would otherwise depend on which copy the parser keeps.
     */
    public static JsonMapper mapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }
}
