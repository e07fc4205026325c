package dev.tollgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.NetworkId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One entry of a billed endpoint's 402 {@code allowances}: what a payer grants so the gateway can charge it after
 * each request (issue 10). On EVM an ERC-20 {@code approve(spender, units)} on {@code assetAddress} (the spender is
 * the gateway's allowance contract); on Solana an SPL {@code ApproveChecked} on the payer's associated token account
 * of {@code assetAddress} (the mint), delegating to {@code spender} (the gateway's delegate key).
 *
 * @param network      CAIP-2 id
 * @param asset        the token symbol, e.g. {@code USDC}
 * @param assetAddress token contract (EVM) or mint (Solana)
 * @param spender      the address the payer approves or delegates to
 * @param decimals     the token's decimals
 */
public record AllowanceOffer(String network, String asset, String assetAddress, String spender, int decimals) {
    /** More entries than any gateway has rails is not an offer but noise: refused unread. */
    static final int MAX_ENTRIES = 32;
    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9]{1,16}");
    private static final Pattern EVM_ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern SOLANA_ADDRESS = Pattern.compile("[1-9A-HJ-NP-Za-km-z]{32,44}");

    public AllowanceOffer {
        try {
            NetworkId.of(network);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("network is not a CAIP-2 id");
        }
        if (asset == null || !SYMBOL.matcher(asset).matches()) {
            throw new IllegalArgumentException("asset is not a token symbol");
        }
        Pattern address = isEvm(network) ? EVM_ADDRESS : SOLANA_ADDRESS;
        if (!isEvm(network) && !network.startsWith("solana:")) {
            throw new IllegalArgumentException("allowances are granted on eip155 or solana networks only");
        }
        if (assetAddress == null || !address.matcher(assetAddress).matches()) {
            throw new IllegalArgumentException("asset_address is not an address of " + network);
        }
        if (spender == null || !address.matcher(spender).matches()) {
            throw new IllegalArgumentException("spender is not an address of " + network);
        }
        if (decimals < 0 || decimals > 36) {
            throw new IllegalArgumentException("decimals must be 0 to 36");
        }
    }

    public boolean isEvm() {
        return isEvm(network);
    }

    private static boolean isEvm(String network) {
        return network != null && network.startsWith("eip155:");
    }

    /** The {@code allowances} array of a 402 body; entries that are not valid offers are dropped, not trusted. */
    public static List<AllowanceOffer> parseAll(JsonNode allowances) {
        List<AllowanceOffer> offers = new ArrayList<>();
        if (allowances == null || !allowances.isArray() || allowances.size() > MAX_ENTRIES) {
            return offers;
        }
        for (JsonNode a : allowances) {
            try {
                offers.add(new AllowanceOffer(a.path("network").asText(null), a.path("asset").asText(null),
                        a.path("asset_address").asText(null), a.path("spender").asText(null),
                        a.path("decimals").canConvertToInt() ? a.path("decimals").asInt() : -1));
            } catch (IllegalArgumentException invalid) {
                // an entry we cannot check is one we will not grant
            }
        }
        return offers;
    }
}
