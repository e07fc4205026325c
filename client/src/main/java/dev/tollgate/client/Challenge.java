package dev.tollgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PaymentIntent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The gateway's 402 answer to a trade (ATP's challenge plus our additions): what to pay, to whom, by when. Amounts
 * are integers in the asset's smallest unit; {@code decimals} is read from the scale of {@code amount_<tok>} (the
 * exact decimal of the same integer), so a token the client has never heard of is still paid exactly.
 *
 * @param asset           the token's mint (Solana) or contract (EVM), {@code null} for the native coin
 * @param tokenProgram    Solana only: the program that owns the mint, else {@code null}
 * @param instructions    {@code payment_instructions} as sent (Solana transfers and memo; EVM splitter, calldata,
 *                        {@code deadline}, {@code job_ref})
 * @param body            the whole 402 body
 */
public record Challenge(String jobId, String paymentToken, String network, BigInteger totalUnits, BigInteger netUnits,
                        BigInteger feeUnits, int decimals, String payee, String feeRecipient, String memo,
                        Instant expiresAt, long ttlSeconds, int feeBps, String asset, String tokenProgram,
                        JsonNode instructions, JsonNode body) {
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-fA-F-]{1,64}");
    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9]{1,16}");

    /** Reads a 402 body; throws {@link TollgateException} ({@code malformed_response}) naming the missing field. */
    public static Challenge parse(JsonNode body) {
        String jobId = text(body, "job_id");
        if (!JOB_ID.matcher(jobId).matches()) {
            throw malformed("job_id is not a job id");
        }
        String token = text(body, "payment_token");
        if (!SYMBOL.matcher(token).matches()) {
            throw malformed("payment_token is not a token symbol");
        }
        JsonNode payment = object(body, "payment");
        JsonNode fees = object(body, "fee_breakdown");
        String unit = unit(token);
        String tok = token.toLowerCase(Locale.ROOT);
        BigInteger total = units(payment, "amount_" + unit);
        BigInteger fee = units(fees, "fee_" + unit);
        BigInteger net = units(fees, "agent_receives_" + unit);
        if (net.add(fee).compareTo(total) != 0) {
            throw malformed("agent_receives_" + unit + " + fee_" + unit + " is not amount_" + unit);
        }
        JsonNode decimal = payment.get("amount_" + tok);
        if (decimal == null || !decimal.isNumber()) {
            throw malformed("payment.amount_" + tok + " is missing");
        }
        int decimals = Math.max(0, decimal.decimalValue().scale());
        if (decimal.decimalValue().movePointRight(decimals).toBigIntegerExact().compareTo(total) != 0) {
            throw malformed("payment.amount_" + tok + " is not amount_" + unit);
        }
        String network = text(body, "network");
        try {
            NetworkId.of(network);
        } catch (IllegalArgumentException e) {
            throw malformed("network is not a CAIP-2 id");
        }
        JsonNode instructions = object(body, "payment_instructions");
        String asset;
        String tokenProgram = null;
        if (network.startsWith("eip155:")) {
            asset = instructions.hasNonNull("token") ? instructions.get("token").asText() : null;
        } else {
            String a = instructions.path("asset").asText("");
            asset = a.isEmpty() || a.equals(token) ? null : a;
            tokenProgram = instructions.hasNonNull("token_program") ? instructions.get("token_program").asText() : null;
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.parse(text(body, "expires_at"));
        } catch (DateTimeParseException e) {
            throw malformed("expires_at is not an ISO 8601 instant");
        }
        return new Challenge(jobId, token, network, total, net, fee, decimals, text(payment, "recipient"),
                text(fees, "fee_recipient"), text(payment, "memo"), expiresAt, body.path("ttl_seconds").asLong(),
                body.path("fee_bps").asInt(), asset, tokenProgram, instructions, body);
    }

    public boolean isEvm() {
        return network.startsWith("eip155:");
    }

    public boolean isSolana() {
        return network.startsWith("solana:");
    }

    public boolean isNative() {
        return asset == null;
    }

    /** The asset as chain-adapters sees it. */
    public ChainAsset chainAsset() {
        return new ChainAsset(paymentToken, decimals, asset, isSolana() ? tokenProgram : null);
    }

    /** What must be paid, from {@code payer}, before the job expires. */
    public PaymentIntent intent(String payer) {
        return new PaymentIntent(jobId, NetworkId.of(network), chainAsset(), payer, payee, feeRecipient, netUnits,
                feeUnits, memo, expiresAt);
    }

    /** EVM: the splitter every payment goes through. */
    public String splitter() {
        return requireEvm("splitter");
    }

    /** EVM: the chain id of {@code eip155:<id>}. */
    public long chainId() {
        if (!isEvm()) {
            throw new IllegalStateException("not an EVM challenge");
        }
        return Long.parseLong(network.substring("eip155:".length()));
    }

    /** EVM: the splitter deadline (unix seconds) the gateway computed for this job. */
    public long deadline() {
        requireEvm("deadline");
        JsonNode d = instructions.get("deadline");
        if (!d.canConvertToLong()) {
            throw malformed("payment_instructions.deadline is not a number");
        }
        return d.asLong();
    }

    /**
     * Solana: the gateway's fee payer ({@code payment_instructions.fee_payer}) when it sponsors network fees of
     * client-signed transactions, else {@code null}.
     */
    public String feePayer() {
        JsonNode f = isSolana() ? instructions.get("fee_payer") : null;
        if (f == null || f.isNull()) {
            return null;
        }
        if (!f.isTextual() || !isSolanaAddress(f.asText())) {
            throw malformed("payment_instructions.fee_payer is not a Solana address");
        }
        return f.asText();
    }

    private static boolean isSolanaAddress(String text) {
        try {
            return text.length() <= 44 && org.p2p.solanaj.utils.Base58.decode(text).length == 32;
        } catch (RuntimeException notBase58) {
            return false;
        }
    }

    private String requireEvm(String field) {
        if (!isEvm() || !instructions.hasNonNull(field)) {
            throw malformed("payment_instructions." + field + " is missing (not an EVM challenge?)");
        }
        return instructions.get(field).asText();
    }

    /** ATP's unit names: {@code lamports} (SOL), {@code wei} (POL), else {@code <tok>_units}. */
    static String unit(String symbol) {
        return switch (symbol) {
            case "SOL" -> "lamports";
            case "POL" -> "wei";
            default -> symbol.toLowerCase(Locale.ROOT) + "_units";
        };
    }

    private static BigInteger units(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isNumber()) {
            throw malformed(field + " is missing");
        }
        BigDecimal d = n.decimalValue();
        if (d.signum() < 0 || d.stripTrailingZeros().scale() > 0) {
            throw malformed(field + " is not a whole number of units");
        }
        return d.toBigIntegerExact();
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || !n.isObject()) {
            throw malformed(field + " is missing");
        }
        return n;
    }

    private static String text(JsonNode parent, String field) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || !n.isTextual() || n.asText().isEmpty() || n.asText().length() > 256) {
            throw malformed(field + " is missing");
        }
        return n.asText();
    }

    private static TollgateException malformed(String what) {
        return new TollgateException(402, TollgateException.MALFORMED_RESPONSE, "The 402 challenge is malformed: " + what);
    }

    @Override
    public String toString() {
        return "Challenge[" + jobId + ", " + totalUnits + " " + unit(paymentToken) + " on " + network + "]";
    }
}
