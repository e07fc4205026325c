package dev.tollgate.chain.solana.tx;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Writes Solana wire forms: a message (legacy or v0) from its parts, and a transaction from its signature slots and
 * message. The inverse of {@link SolanaTransactionDecoder}; used to build client-signed payments offline and to
 * put a co-signer's signature into its slot.
 */
public final class SolanaTransactionEncoder {
    private static final int KEY = 32;
    private static final int SIGNATURE = 64;

    private SolanaTransactionEncoder() {
    }

    /** The message bytes: {@code version} -1 for legacy, 0 for v0 (then {@code lookups} follow the instructions). */
    public static byte[] message(int version, SolanaTransaction.Header header, List<byte[]> accountKeys,
                                 byte[] recentBlockhash, List<SolanaTransaction.Instruction> instructions,
                                 List<SolanaTransaction.Lookup> lookups) {
        if (version != -1 && version != 0) {
            throw new IllegalArgumentException("only legacy and v0 messages exist");
        }
        if (version == -1 && !lookups.isEmpty()) {
            throw new IllegalArgumentException("a legacy message has no lookups");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (version == 0) {
            out.write(0x80);
        }
        out.write(header.requiredSignatures());
        out.write(header.readonlySigned());
        out.write(header.readonlyUnsigned());
        shortVec(out, accountKeys.size());
        accountKeys.forEach(k -> write(out, k, KEY));
        write(out, recentBlockhash, KEY);
        shortVec(out, instructions.size());
        for (SolanaTransaction.Instruction ix : instructions) {
            out.write(ix.programIndex());
            indexes(out, ix.accounts());
            shortVec(out, ix.data().length);
            out.writeBytes(ix.data());
        }
        if (version == 0) {
            shortVec(out, lookups.size());
            for (SolanaTransaction.Lookup lookup : lookups) {
                write(out, lookup.table(), KEY);
                indexes(out, lookup.writable());
                indexes(out, lookup.readonly());
            }
        }
        return out.toByteArray();
    }

    /** The wire transaction: the signature slots (64 bytes each, zeros for an unsigned slot), then the message. */
    public static byte[] transaction(List<byte[]> signatures, byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        shortVec(out, signatures.size());
        signatures.forEach(s -> write(out, s, SIGNATURE));
        out.writeBytes(message);
        return out.toByteArray();
    }

    /** Where signature slot {@code slot} starts in a wire transaction carrying {@code count} slots. */
    public static int signatureOffset(int count, int slot) {
        if (slot < 0 || slot >= count) {
            throw new IllegalArgumentException("no signature slot " + slot);
        }
        return shortVecLength(count) + SIGNATURE * slot;
    }

    /** Solana's compact-u16, minimal. */
    static void shortVec(ByteArrayOutputStream out, int value) {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException("length out of range: " + value);
        }
        int rest = value;
        while (true) {
            int b = rest & 0x7f;
            rest >>>= 7;
            if (rest == 0) {
                out.write(b);
                return;
            }
            out.write(b | 0x80);
        }
    }

    private static int shortVecLength(int value) {
        return value < 0x80 ? 1 : value < 0x4000 ? 2 : 3;
    }

    private static void indexes(ByteArrayOutputStream out, int[] indexes) {
        shortVec(out, indexes.length);
        for (int index : indexes) {
            if (index < 0 || index > 255) {
                throw new IllegalArgumentException("account index out of range: " + index);
            }
            out.write(index);
        }
    }

    private static void write(ByteArrayOutputStream out, byte[] bytes, int length) {
        if (bytes.length != length) {
            throw new IllegalArgumentException("expected " + length + " bytes, got " + bytes.length);
        }
        out.writeBytes(bytes);
    }
}
