package dev.tollgate.chain.evm;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.PaymentRail;
import dev.tollgate.chain.PaymentRailConformance;
import dev.tollgate.chain.SignedPayment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The shared rail contract for {@link EvmRail}, on a real anvil (chain 80002) with FeeSplitter and TestUSDC
 * deployed, with the nonce reservations a subclass chooses (in memory here; the gateway runs it on PostgreSQL).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EvmRailConformance extends PaymentRailConformance {
    private EvmTestChain chain;
    private EvmRail rail;
    private EvmRail unreachable;

    /** Where the rails under test reserve nonces. */
    protected abstract NonceReservations nonceReservations();

    @BeforeAll
    void start() throws Exception {
        chain = new EvmTestChain();
        rail = new EvmRail(chain.config(1, false), nonceReservations());
        unreachable = new EvmRail(chain.config(EvmTestChain.closedPort(), 1, false), nonceReservations());
    }

    @AfterAll
    void stop() {
        rail.close();
        unreachable.close();
        chain.close();
    }

    @Override
    protected PaymentRail rail() {
        return rail;
    }

    @Override
    protected PaymentRail unreachableRail() {
        return unreachable;
    }

    @Override
    protected String newFundedPayerSecret() {
        try {
            return chain.newPayerKey(true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected String newPayerWithoutTokens() {
        try {
            return chain.newPayerKey(false);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected String newAddress() {
        return EvmTestChain.newAddress();
    }

    @Override
    protected ChainAsset nativeAsset() {
        return EvmNetworkConfig.POL;
    }

    @Override
    protected ChainAsset tokenAsset() {
        return rail.config().tokens().get("USDC");
    }

    /** Moves the chain clock past the deadline and mines a block there. */
    @Override
    protected void outliveValidity(SignedPayment payment) {
        chain.anvil.increaseTime(payment.validUntil() - chain.anvil.latestTimestamp() + 1);
        chain.anvil.mine(1);
    }

    @Override
    protected String sampleTxId() {
        return EvmTestChain.randomTxHash();
    }

    @Override
    protected String foreignTxId() {
        byte[] signature = new byte[64];
        new java.security.SecureRandom().nextBytes(signature);
        return org.p2p.solanaj.utils.Base58.encode(signature);
    }

    @Override
    protected String signMessage(String secret, String message) {
        org.web3j.crypto.Sign.SignatureData sig = org.web3j.crypto.Sign.signPrefixedMessage(
                message.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                org.web3j.crypto.Credentials.create(secret).getEcKeyPair());
        byte[] out = new byte[65];
        System.arraycopy(sig.getR(), 0, out, 0, 32);
        System.arraycopy(sig.getS(), 0, out, 32, 32);
        out[64] = sig.getV()[0];
        return org.web3j.utils.Numeric.toHexString(out);
    }
}
