package dev.tollgate.chain.solana;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PaymentRail;
import dev.tollgate.chain.PaymentRailConformance;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.localnet.solana.SolanaNode;
import java.math.BigInteger;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.utils.Base58;

class SolanaRailConformanceTest extends PaymentRailConformance {
    /** Rent-exempt minimum of an empty account: below it a fresh account cannot receive SOL. */
    private static final long RENT_EXEMPT_MINIMUM = 890_880;

    /** Small, so that the dropped-payment test takes seconds; SolanaRailTest shows the margin is honoured. */
    private static final long DROP_MARGIN = 5;

    private static SolanaNode node;
    private static SolanaRail rail;
    private static ChainAsset usdc;

    @BeforeAll
    static void startChain() {
        start(SolanaNode.TOKEN_PROGRAM);
    }

    /** A fresh node and a rail whose token asset is a mint owned by {@code tokenProgram}. */
    static void start(String tokenProgram) {
        node = SolanaNode.start(SolanaNode.Options.fastForTests());
        usdc = new ChainAsset("USDC", 6, node.createMint(6, tokenProgram),
                SolanaNode.TOKEN_PROGRAM.equals(tokenProgram) ? null : tokenProgram);
        rail = new SolanaRail(new SolanaNetworkConfig(NetworkId.of(node.caip2()), node.rpcUrl(), usdc, Duration.ofSeconds(5),
                DROP_MARGIN));
    }

    @AfterAll
    static void stopChain() {
        if (node != null) {
            node.close();
        }
    }

    @Override
    protected PaymentRail rail() {
        return rail;
    }

    @Override
    protected PaymentRail unreachableRail() {
        return new SolanaRail(new SolanaNetworkConfig(rail.network(), URI.create("http://127.0.0.1:1"), usdc,
                Duration.ofSeconds(2)));
    }

    @Override
    protected String newFundedPayerSecret() {
        Account payer = new Account();
        node.airdrop(payer.getPublicKeyBase58(), 10_000_000_000L);
        node.mintTo(usdc.address(), payer.getPublicKeyBase58(), BigInteger.valueOf(1_000_000_000));
        return Base58.encode(payer.getSecretKey());
    }

    @Override
    protected String newPayerWithoutTokens() {
        Account payer = new Account();
        node.airdrop(payer.getPublicKeyBase58(), 1_000_000_000L);
        return Base58.encode(payer.getSecretKey());
    }

    @Override
    protected String newAddress() {
        String address = new Account().getPublicKeyBase58();
        node.airdrop(address, RENT_EXEMPT_MINIMUM);
        return address;
    }

    @Override
    protected ChainAsset nativeAsset() {
        return SolanaNetworkConfig.SOL;
    }

    @Override
    protected ChainAsset tokenAsset() {
        return usdc;
    }

    @Override
    protected void outliveValidity(SignedPayment payment) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            long finalized = node.rpc().call("getBlockHeight", java.util.Map.of("commitment", "finalized")).asLong();
            if (finalized > payment.validUntil() + DROP_MARGIN) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the local chain did not pass block height " + payment.validUntil());
    }

    @Override
    protected String foreignTxId() {
        return "0x" + "ab".repeat(32);
    }

    @Override
    protected String signMessage(String secret, String message) {
        byte[] keypair = Base58.decode(secret);
        byte[] signature = new org.p2p.solanaj.utils.TweetNaclFast.Signature(new byte[0], keypair)
                .detached(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.util.Arrays.fill(keypair, (byte) 0);
        return Base58.encode(signature);
    }

    @Override
    protected String sampleTxId() {
        byte[] signature = new byte[64];
        new SecureRandom().nextBytes(signature);
        return Base58.encode(signature);
    }
}
