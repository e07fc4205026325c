package dev.tollgate.chain.solana;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.support.StockX402Scripts;
import dev.tollgate.chain.transport.RpcTransportPolicy;
import dev.tollgate.chain.x402.ExactRequirement;
import dev.tollgate.localnet.solana.SolanaNode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.core.Transaction;
import org.p2p.solanaj.core.TransactionInstruction;
import org.p2p.solanaj.utils.Base58;

/**
 * x402 {@code exact} on Solana for tests: a rail taking it on a local node, and payloads built as a wallet (or the
 * stock client) builds them, or signed by the stock {@code @x402/svm} client itself.
 */
final class ExactSvmFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExactSvmFixtures() {
    }

    /** A rail on {@code node} taking x402 payments advertised as devnet, with these fee payer and settlement keys. */
    static SolanaRail x402Rail(SolanaNode node, ChainAsset usdc, Account feePayer, Account settlement) {
        SolanaExactConfig config = SolanaExactConfig.fromKeys(SolanaExactConfig.DEVNET,
                Base58.encode(feePayer.getSecretKey()), Base58.encode(settlement.getSecretKey()));
        return new SolanaRail(new SolanaNetworkConfig(NetworkId.of(node.caip2()), node.rpcUrl(), usdc,
                Duration.ofSeconds(5)), RpcTransportPolicy.forTimeout(Duration.ofSeconds(5)), null, config);
    }

    static TransactionInstruction computeLimit(int units) {
        return new TransactionInstruction(new PublicKey(SolanaExactVerifier.COMPUTE_BUDGET), List.of(),
                ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN).put((byte) 2).putInt(units).array());
    }

    static TransactionInstruction computePrice(long microLamports) {
        return new TransactionInstruction(new PublicKey(SolanaExactVerifier.COMPUTE_BUDGET), List.of(),
                ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) 3).putLong(microLamports).array());
    }

    /** A memo as the stock client writes it: Memo v2, no accounts. */
    static TransactionInstruction memo(String text) {
        return new TransactionInstruction(SolanaPrograms.MEMO_V2, List.of(), text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code wallet}'s TransferChecked of {@code amount} (6 decimals) of {@code mint} to ATA({@code payTo}). */
    static TransactionInstruction transfer(Account wallet, PublicKey mint, PublicKey payTo, BigInteger amount) {
        return SolanaPaymentBuilder.transferChecked(SolanaPrograms.TOKEN,
                SolanaKeys.associatedTokenAccount(wallet.getPublicKey(), mint),
                SolanaKeys.associatedTokenAccount(payTo, mint), amount.longValueExact(), (byte) 6,
                wallet.getPublicKey(), mint);
    }

    /**
     * The payload {@code {transaction}}: {@code ixs} on a live blockhash with {@code feePayer} in slot 0, signed by
     * {@code wallet}; the fee payer's signature slot left empty, as the stock client leaves it.
     */
    static Map<String, Object> signedByWallet(SolanaNode node, List<TransactionInstruction> ixs, Account feePayer,
                                              Account wallet) {
        Transaction tx = new Transaction();
        ixs.forEach(tx::addInstruction);
        tx.setRecentBlockHash(node.rpc().call("getLatestBlockhash").path("value").path("blockhash").asText());
        tx.sign(List.of(feePayer, wallet));
        byte[] wire = tx.serialize();
        java.util.Arrays.fill(wire, 1, 65, (byte) 0);
        return Map.of("transaction", Base64.getEncoder().encodeToString(wire));
    }

    /**
     * The PaymentPayload the stock {@code @x402/svm} client signs for {@code requirement}, offered at
     * {@code resourceUrl} ({@code interop/x402-svm/pay-exact-svm.mjs}, on {@code node}).
     */
    static Map<String, Object> stockClientPayload(SolanaNode node, ExactRequirement requirement, Account payer,
                                                  String resourceUrl) throws Exception {
        Map<String, Object> paymentRequired = new java.util.LinkedHashMap<>();
        paymentRequired.put("x402Version", 2);
        paymentRequired.put("resource", Map.of("url", resourceUrl));
        paymentRequired.put("accepts", List.of(StockX402Scripts.requirementsOf(requirement)));
        return StockX402Scripts.runForJson("x402-svm/pay-exact-svm.mjs", Map.of(
                "RPC_URL", node.rpcUrl().toString(),
                "PAYER_SECRET", Base58.encode(payer.getSecretKey()),
                "PAYMENT_REQUIRED", JSON.writeValueAsString(paymentRequired)));
    }
}
