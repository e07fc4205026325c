package dev.tollgate.chain.evm;

import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentRejectedException;
import java.util.Objects;

/**
 * x402's {@code exact} scheme on one EVM network (see {@link EvmExactScheme}).
 *
 * @param factoryAddress the deployed {@code SplitVaultFactory} ({@link EvmDeployer#deploySplitVaultFactory}): its
 *                       vaults are the {@code payTo} of every requirement, its {@code settle} is what the relayer calls
 * @param feeBps         the fee rate the vaults split with ({@code floor(total * feeBps / 10000)}); a job whose fee
 *                       was priced at another rate cannot be offered as x402 {@code exact} here
 * @param relayerKey     the key that signs and pays gas for the settle transactions; held for the rail's lifetime
 *                       and zeroed by {@link EvmRail#close()} (one config per rail), never logged ({@code toString}
 *                       is redacted)
 * @param authorizationLookbackBlocks how many recent blocks are searched for the transaction that used a client's
 *                       authorisation when someone else submitted it first (eth_getLogs range; providers cap it)
 * @param uptoSplitterAddress the deployed {@code UptoSplitter} for x402's {@code upto} scheme
 *                       ({@link EvmDeployer#deployUptoSplitter}, for this relayer), or {@code null}: no upto offered
 */
public record EvmExactConfig(String factoryAddress, int feeBps, PayerSecret relayerKey,
                             long authorizationLookbackBlocks, String uptoSplitterAddress) {
    /** About 5.5 hours of Polygon blocks; within the range most providers allow one eth_getLogs call. */
    public static final long DEFAULT_AUTHORIZATION_LOOKBACK_BLOCKS = 10_000;

    public EvmExactConfig(String factoryAddress, int feeBps, PayerSecret relayerKey) {
        this(factoryAddress, feeBps, relayerKey, DEFAULT_AUTHORIZATION_LOOKBACK_BLOCKS);
    }

    public EvmExactConfig(String factoryAddress, int feeBps, PayerSecret relayerKey, long authorizationLookbackBlocks) {
        this(factoryAddress, feeBps, relayerKey, authorizationLookbackBlocks, null);
    }

    public EvmExactConfig {
        if (authorizationLookbackBlocks < 1) {
            throw new IllegalArgumentException("authorizationLookbackBlocks must be positive, got "
                    + authorizationLookbackBlocks);
        }
        if (!EvmAddresses.isValid(factoryAddress)) {
            throw new IllegalArgumentException("factoryAddress is not a valid EVM address: " + factoryAddress);
        }
        if (feeBps < 0 || feeBps > 10_000) {
            throw new IllegalArgumentException("feeBps must be within 0..10000, got " + feeBps);
        }
        Objects.requireNonNull(relayerKey, "relayerKey");
        if (uptoSplitterAddress != null && !EvmAddresses.isValid(uptoSplitterAddress)) {
            throw new IllegalArgumentException("uptoSplitterAddress is not a valid EVM address: " + uptoSplitterAddress);
        }
    }

    /**
     * Parses the relayer key from 0x hex (64 digits).
     *
     * @throws IllegalArgumentException when the key is malformed (the message never contains it)
     */
    public static EvmExactConfig of(String factoryAddress, int feeBps, String relayerKeyHex) {
        try {
            return new EvmExactConfig(factoryAddress, feeBps, EvmKeys.parse(relayerKeyHex));
        } catch (PaymentRejectedException e) {
            throw new IllegalArgumentException("relayer key: " + e.getMessage());
        }
    }

    /** This config searching the last {@code blocks} blocks for an authorisation used by someone else. */
    public EvmExactConfig withAuthorizationLookbackBlocks(long blocks) {
        return new EvmExactConfig(factoryAddress, feeBps, relayerKey, blocks, uptoSplitterAddress);
    }

    /** This config also taking x402's {@code upto} payments, settled through the {@code UptoSplitter} at {@code address}. */
    public EvmExactConfig withUptoSplitter(String address) {
        return new EvmExactConfig(factoryAddress, feeBps, relayerKey, authorizationLookbackBlocks, address);
    }

    /** The relayer's address (EIP-55). */
    public String relayerAddress() {
        return EvmKeys.addressOf(relayerKey);
    }

    @Override
    public String toString() {
        return "EvmExactConfig[factoryAddress=" + factoryAddress + ", feeBps=" + feeBps + ", relayerKey=redacted"
                + ", authorizationLookbackBlocks=" + authorizationLookbackBlocks + ", uptoSplitterAddress=" + uptoSplitterAddress
                + "]";
    }
}
