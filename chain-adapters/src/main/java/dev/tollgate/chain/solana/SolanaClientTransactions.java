package dev.tollgate.chain.solana;

import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.solana.tx.SolanaMessageCompiler;
import dev.tollgate.chain.solana.tx.SolanaTransaction;
import dev.tollgate.chain.solana.tx.SolanaTransactionEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.core.TransactionInstruction;
import org.p2p.solanaj.utils.Base58;
import org.p2p.solanaj.utils.TweetNaclFast;

/**
 * Builds, offline and in the payer's process, the client-signed transaction that pays a job exactly as the Solana
 * rail checks it ({@link dev.tollgate.chain.ClientPayments}): the rail's own payment instructions (transfers and the
 * memo {@code ATP:<jobId>} through Memo v2), optionally Compute Budget instructions first, and either the payer or
 * the gateway's sponsor as fee payer. With a sponsor the payer signs its own slot only; slot 0 stays empty for the
 * gateway. The key never leaves the caller; the caller closes it.
 */
public final class SolanaClientTransactions {

    /**
     * @param feePayer             the gateway's sponsor address (from the challenge), or {@code null} for the payer
     * @param computeUnitLimit     a SetComputeUnitLimit, or 0 for none
     * @param microLamportsPerUnit a SetComputeUnitPrice, or 0 for none
     * @param v0                   a v0 message (no lookup tables) instead of a legacy one
     */
    public record Options(String feePayer, int computeUnitLimit, long microLamportsPerUnit, boolean v0) {
        /** The payer pays its fee; a legacy message; no compute budget instructions. */
        public static final Options SELF_PAID = new Options(null, 0, 0, false);

        /** The gateway's {@code sponsor} pays the fee; a v0 message, as x402 clients build. */
        public static Options sponsoredBy(String sponsor) {
            return new Options(sponsor, 0, 0, true);
        }

        public Options {
            if (feePayer != null && !SolanaKeys.isValidAddress(feePayer)) {
                throw new IllegalArgumentException("the fee payer is not a Solana address");
            }
            if (computeUnitLimit < 0 || microLamportsPerUnit < 0) {
                throw new IllegalArgumentException("compute budget values must not be negative");
            }
        }
    }

    private SolanaClientTransactions() {
    }

    /** A payer key in the usual text forms (base58 of 64 bytes, or a JSON byte array); the caller closes it. */
    public static PayerSecret parseKey(String text) throws PaymentRejectedException {
        return SolanaKeys.parse(text);
    }

    /** The address a parsed key pays from. */
    public static String addressOf(PayerSecret key) {
        return SolanaKeys.addressOf(key);
    }

    /**
     * The wire bytes (to send base64) of the transaction paying {@code intent} from {@code payer}.
     *
     * @param recentBlockhash base58, from the payer's own {@code getLatestBlockhash}
     * @throws IllegalArgumentException the key is not the intent's payer
     */
    public static byte[] sign(PaymentIntent intent, PayerSecret payer, String recentBlockhash, Options options) {
        String payerAddress = SolanaKeys.addressOf(payer);
        if (intent.payer() != null && !intent.payer().equals(payerAddress)) {
            throw new IllegalArgumentException("the key does not belong to the job's payer " + intent.payer());
        }
        byte[] blockhash = Base58.decode(recentBlockhash);
        if (blockhash.length != 32) {
            throw new IllegalArgumentException("the blockhash is not base58 of 32 bytes");
        }
        PublicKey payerKey = new PublicKey(payerAddress);
        boolean sponsored = options.feePayer() != null && !options.feePayer().equals(payerAddress);
        List<TransactionInstruction> ixs = new ArrayList<>(computeBudget(options));
        // A sponsored payer may hold no SOL at all: it cannot fund recipients' accounts, which must exist already.
        ixs.addAll(SolanaPaymentBuilder.instructions(intent, payerKey, !sponsored));
        PublicKey feePayer = sponsored ? new PublicKey(options.feePayer()) : payerKey;
        SolanaTransaction unsigned = SolanaMessageCompiler.compile(feePayer, ixs, blockhash, options.v0() ? 0 : -1);
        List<byte[]> slots = new ArrayList<>(unsigned.signatures());
        int payerSlot = -1;
        for (int i = 0; i < unsigned.header().requiredSignatures(); i++) {
            if (Base58.encode(unsigned.accountKeys().get(i)).equals(payerAddress)) {
                payerSlot = i;
            }
        }
        if (payerSlot < 0) {
            throw new IllegalStateException("the payment does not need the payer's signature");
        }
        slots.set(payerSlot, new TweetNaclFast.Signature(new byte[0], payer.bytes()).detached(unsigned.message()));
        return SolanaTransactionEncoder.transaction(slots, unsigned.message());
    }

    /** The transaction id of a self-paid transaction (its first signature); a sponsored one gets its id when co-signed. */
    public static String txIdOf(byte[] wire) {
        return SolanaPaymentBuilder.signatureOf(wire);
    }

    private static List<TransactionInstruction> computeBudget(Options options) {
        List<TransactionInstruction> ixs = new ArrayList<>();
        if (options.computeUnitLimit() > 0) {
            ixs.add(new TransactionInstruction(SolanaPrograms.COMPUTE_BUDGET, List.of(),
                    ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN).put((byte) 2)
                            .putInt(options.computeUnitLimit()).array()));
        }
        if (options.microLamportsPerUnit() > 0) {
            ixs.add(new TransactionInstruction(SolanaPrograms.COMPUTE_BUDGET, List.of(),
                    ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) 3)
                            .putLong(options.microLamportsPerUnit()).array()));
        }
        return ixs;
    }
}
