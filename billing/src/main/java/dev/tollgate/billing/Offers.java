package dev.tollgate.billing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The gateway's answer to {@code offers}: the x402 v2 PaymentRequired object, the allowances a payer can grant,
 * and ATP's custodial-key hint (null unless the gateway allows private keys).
 */
public record Offers(JsonNode paymentRequired, JsonNode allowances, JsonNode atp) {

    public Offers {
        Objects.requireNonNull(paymentRequired, "paymentRequired");
    }
}
