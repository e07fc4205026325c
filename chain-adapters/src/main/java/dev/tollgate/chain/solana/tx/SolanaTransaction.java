package dev.tollgate.chain.solana.tx;

import java.util.List;

/**
 * A decoded Solana transaction (legacy or v0), as bytes and indexes: nothing here is trusted or resolved.
 *
 * @param signatures   one 64-byte slot per required signer, in account order (unsigned slots are all zeros)
 * @param message      the exact message bytes the signatures cover
 * @param version      {@code -1} for a legacy message, {@code 0} for v0
 * @param header       the message header
 * @param accountKeys  the static account keys (32 bytes each); index 0 is the fee payer
 * @param recentBlockhash 32 bytes
 * @param instructions in order
 * @param lookups      v0 address-table lookups (empty for legacy); their addresses follow the static keys, all
 *                     writable ones first, then all read-only ones
 */
public record SolanaTransaction(List<byte[]> signatures, byte[] message, int version, Header header,
                               List<byte[]> accountKeys, byte[] recentBlockhash, List<Instruction> instructions,
                               List<Lookup> lookups) {

    /** How many leading accounts sign, and how many of the signers and of the others are read-only. */
    public record Header(int requiredSignatures, int readonlySigned, int readonlyUnsigned) {
    }

    /** One instruction: the program's account index, the account indexes it names, its data. */
    public record Instruction(int programIndex, int[] accounts, byte[] data) {
    }

    /** One v0 address-table lookup. */
    public record Lookup(byte[] table, int[] writable, int[] readonly) {
    }

    public boolean isSigner(int accountIndex) {
        return accountIndex < header.requiredSignatures();
    }

    /** Writable per the header, for a static account index. */
    public boolean isWritable(int accountIndex) {
        int signers = header.requiredSignatures();
        if (accountIndex < signers) {
            return accountIndex < signers - header.readonlySigned();
        }
        return accountIndex < accountKeys.size() - header.readonlyUnsigned();
    }

    /** All account indexes an instruction may name: the static keys plus every looked-up address. */
    public int accountCount() {
        int n = accountKeys.size();
        for (Lookup lookup : lookups) {
            n += lookup.writable().length + lookup.readonly().length;
        }
        return n;
    }
}
