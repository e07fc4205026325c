package dev.tollgate.chain.solana;

import dev.tollgate.chain.ClientPaymentRefusedException;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.solana.tx.SolanaTransaction;
import java.math.BigInteger;
import java.util.List;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.core.TransactionInstruction;

/**
 * Bench-only door (same package, bench jar) to the Solana rail's package-private pieces, so the micro-benchmarks
 * time the rail's own instruction builder and payment inspector rather than copies of them. Not on any
 * production class path.
 */
public final class SolanaBenchAccess {
    private SolanaBenchAccess() {
    }

    /** The instructions the rail builds for {@code intent}: transfers (net, fee) and the Memo v2 {@code ATP:<id>}. */
    public static List<TransactionInstruction> paymentInstructions(PaymentIntent intent, PublicKey payer) {
        return SolanaPaymentBuilder.instructions(intent, payer);
    }

    /** The client-signed payment check the rail runs on a decoded transaction; returns the most the fee can be. */
    public static BigInteger inspect(PaymentIntent intent, SolanaTransaction tx) throws ClientPaymentRefusedException {
        return SolanaClientPaymentInspector.inspect(intent, tx, null, ComputeBudgetCaps.DEFAULT).feeLamports();
    }
}
