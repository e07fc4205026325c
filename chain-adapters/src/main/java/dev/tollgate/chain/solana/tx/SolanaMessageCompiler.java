package dev.tollgate.chain.solana.tx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.p2p.solanaj.core.AccountMeta;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.core.TransactionInstruction;

/**
 * Compiles instructions into an unsigned message with any fee payer, legacy or v0 (without lookup tables). Solanaj
 * can only compile with a fee payer whose key it holds; a sponsored payment names a fee payer (the gateway) the
 * payer cannot sign for, so we compile ourselves.
 *
 * <p>Account order is the runtime's: the fee payer, then writable signers, read-only signers, writable others,
 * read-only others (each in order of first use); a key named several times gets the union of its flags.
 */
public final class SolanaMessageCompiler {
    private SolanaMessageCompiler() {
    }

    /** The transaction with every signature slot zero, ready for each signer to fill its own. */
    public static SolanaTransaction compile(PublicKey feePayer, List<TransactionInstruction> instructions,
                                            byte[] recentBlockhash, int version) {
        Map<String, Flags> flags = new LinkedHashMap<>();
        flags.put(feePayer.toBase58(), new Flags(feePayer, true, true, 0));
        for (TransactionInstruction ix : instructions) {
            for (AccountMeta meta : ix.getKeys()) {
                merge(flags, meta.getPublicKey(), meta.isSigner(), meta.isWritable());
            }
            merge(flags, ix.getProgramId(), false, false);
        }
        List<Flags> ordered = new ArrayList<>(flags.values());
        ordered.sort(Comparator.comparingInt(Flags::rank).thenComparingInt(Flags::firstUse));
        List<byte[]> keys = ordered.stream().map(f -> f.key.toByteArray()).toList();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            index.put(ordered.get(i).key.toBase58(), i);
        }
        int signers = (int) ordered.stream().filter(f -> f.signer).count();
        int readonlySigned = (int) ordered.stream().filter(f -> f.signer && !f.writable).count();
        int readonlyUnsigned = (int) ordered.stream().filter(f -> !f.signer && !f.writable).count();
        SolanaTransaction.Header header = new SolanaTransaction.Header(signers, readonlySigned, readonlyUnsigned);
        List<SolanaTransaction.Instruction> compiled = new ArrayList<>();
        for (TransactionInstruction ix : instructions) {
            int[] accounts = ix.getKeys().stream().mapToInt(m -> index.get(m.getPublicKey().toBase58())).toArray();
            compiled.add(new SolanaTransaction.Instruction(index.get(ix.getProgramId().toBase58()), accounts, ix.getData()));
        }
        byte[] message = SolanaTransactionEncoder.message(version, header, keys, recentBlockhash, compiled, List.of());
        List<byte[]> slots = new ArrayList<>();
        for (int i = 0; i < signers; i++) {
            slots.add(new byte[64]);
        }
        return new SolanaTransaction(List.copyOf(slots), message, version, header, keys, recentBlockhash.clone(),
                List.copyOf(compiled), List.of());
    }

    private static void merge(Map<String, Flags> flags, PublicKey key, boolean signer, boolean writable) {
        flags.compute(key.toBase58(), (k, old) -> old == null
                ? new Flags(key, signer, writable, flags.size())
                : new Flags(key, old.signer || signer, old.writable || writable, old.firstUse));
    }

    private record Flags(PublicKey key, boolean signer, boolean writable, int firstUse) {
        int rank() {
            if (firstUse == 0) {
                return -1; // the fee payer leads whatever else is named
            }
            return signer ? (writable ? 0 : 1) : (writable ? 2 : 3);
        }
    }
}
