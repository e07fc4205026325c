package dev.tollgate.chain.solana;

import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentRejectedException;
import java.util.Objects;

/**
 * What the Solana rail needs to take x402 {@code exact} payments. The keys live as long as the rail, which owns them
 * and zeroes them on {@link SolanaRail#close}; each signature works on a copy that is zeroed after use.
 *
 * @param advertisedNetwork the CAIP-2 id x402 clients are told ({@code null}: the rail's own). Stock SVM clients
 *                          accept only mainnet, devnet and testnet ids, so a local node is advertised as devnet's
 *                          ({@link #DEVNET}) and clients point their RPC at the local node
 * @param feePayer          the gateway's fee-payer keypair: pays network fees of co-signed payments and sweeps
 * @param settlementWallet  the keypair whose token accounts receive the total of jobs with a fee, swept on into net
 *                          and fee; {@code null} means the fee payer itself
 */
public record SolanaExactConfig(NetworkId advertisedNetwork, PayerSecret feePayer, PayerSecret settlementWallet) {
    public static final NetworkId DEVNET = NetworkId.of("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1");

    public SolanaExactConfig {
        Objects.requireNonNull(feePayer, "feePayer");
        if (advertisedNetwork != null && !"solana".equals(advertisedNetwork.namespace())) {
            throw new IllegalArgumentException("not a Solana network id: " + advertisedNetwork);
        }
    }

    /**
     * From key texts (base58 of a 64-byte keypair or a JSON byte array, as {@code solana-keygen} writes it);
     * {@code settlementKey} blank means the fee payer. Messages never contain key material.
     */
    public static SolanaExactConfig fromKeys(NetworkId advertisedNetwork, String feePayerKey, String settlementKey) {
        PayerSecret feePayer = parse(feePayerKey, "fee payer");
        PayerSecret settlement = settlementKey == null || settlementKey.isBlank() ? null : parse(settlementKey, "settlement wallet");
        return new SolanaExactConfig(advertisedNetwork, feePayer, settlement);
    }

    private static PayerSecret parse(String text, String role) {
        try {
            return SolanaKeys.parse(text);
        } catch (PaymentRejectedException e) {
            throw new IllegalArgumentException("the " + role + " key is not a valid 64-byte Solana keypair");
        }
    }

    String feePayerAddress() {
        return SolanaKeys.addressOf(feePayer);
    }

    PayerSecret settlementKey() {
        return settlementWallet == null ? feePayer : settlementWallet;
    }

    String settlementAddress() {
        return SolanaKeys.addressOf(settlementKey());
    }

    @Override
    public String toString() {
        return "SolanaExactConfig[advertisedNetwork=" + advertisedNetwork + ", feePayer=" + feePayerAddress()
                + ", settlementWallet=" + settlementAddress() + "]";
    }
}
