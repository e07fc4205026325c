package dev.tollgate.billing;

/**
 * One rail the host accepts payment on, sent to the gateway in the terms' {@code rails} list.
 *
 * @param network      CAIP-2 id ({@code eip155:31337}, {@code solana:…}) or an alias the gateway knows
 *                     ({@code polygon-local})
 * @param asset        the asset symbol, e.g. {@code USDC}
 * @param payTo        the host's receiving address (ATP {@code recipient_pubkey})
 * @param feeRecipient where the fee share goes (the treasury); may be null when the gateway's default applies
 */
public record RailTerms(String network, String asset, String payTo, String feeRecipient) {

    public RailTerms {
        Require.text("network", network, 128);
        Require.text("asset", asset, 32);
        Require.text("pay-to", payTo, 128);
        if (feeRecipient != null) {
            Require.text("fee-recipient", feeRecipient, 128);
        }
    }
}
