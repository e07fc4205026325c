package dev.tollgate.chain.solana.tx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes Solana wire transactions (legacy and v0 messages); Solanaj cannot parse them. Every length is checked
 * against what is left before anything is allocated, the whole input is bounded by the packet size, and trailing
 * bytes are refused: a decode never reads past its input or builds something the runtime would not accept.
 */
public final class SolanaTransactionDecoder {
    /** The largest transaction the network carries (IPv6 MTU minus headers). */
    public static final int MAX_TRANSACTION_BYTES = 1232;
    private static final int KEY = 32;
    private static final int SIGNATURE = 64;

    private SolanaTransactionDecoder() {
    }

    /** @throws MalformedTransactionException with a sentence saying what is wrong (no input echoed) */
    public static SolanaTransaction decode(byte[] wire) throws MalformedTransactionException {
        if (wire == null || wire.length == 0) {
            throw new MalformedTransactionException("the transaction is empty");
        }
        if (wire.length > MAX_TRANSACTION_BYTES) {
            throw new MalformedTransactionException("the transaction is larger than " + MAX_TRANSACTION_BYTES + " bytes");
        }
        Reader in = new Reader(wire);
        int signatureCount = in.shortVec();
        List<byte[]> signatures = new ArrayList<>(signatureCount);
        for (int i = 0; i < signatureCount; i++) {
            signatures.add(in.bytes(SIGNATURE));
        }
        int messageStart = in.position();
        int first = in.peek();
        int version = -1;
        if ((first & 0x80) != 0) {
            version = first & 0x7f;
            in.u8();
            if (version != 0) {
                throw new MalformedTransactionException("message version " + version + " is not supported");
            }
        }
        SolanaTransaction.Header header = new SolanaTransaction.Header(in.u8(), in.u8(), in.u8());
        int keyCount = in.shortVec();
        List<byte[]> keys = new ArrayList<>(keyCount);
        for (int i = 0; i < keyCount; i++) {
            keys.add(in.bytes(KEY));
        }
        if (header.requiredSignatures() == 0 || header.requiredSignatures() > keyCount
                || header.readonlySigned() >= header.requiredSignatures()
                || header.readonlyUnsigned() > keyCount - header.requiredSignatures()) {
            throw new MalformedTransactionException("the message header does not fit its accounts");
        }
        if (signatureCount != header.requiredSignatures()) {
            throw new MalformedTransactionException("the transaction carries " + signatureCount
                    + " signature slots for " + header.requiredSignatures() + " signers");
        }
        byte[] blockhash = in.bytes(KEY);
        int instructionCount = in.shortVec();
        List<SolanaTransaction.Instruction> instructions = new ArrayList<>(instructionCount);
        for (int i = 0; i < instructionCount; i++) {
            int program = in.u8();
            int[] accounts = in.indexes();
            int dataLength = in.shortVec();
            instructions.add(new SolanaTransaction.Instruction(program, accounts, in.bytes(dataLength)));
        }
        List<SolanaTransaction.Lookup> lookups = new ArrayList<>();
        if (version == 0) {
            int lookupCount = in.shortVec();
            for (int i = 0; i < lookupCount; i++) {
                lookups.add(new SolanaTransaction.Lookup(in.bytes(KEY), in.indexes(), in.indexes()));
            }
        }
        if (in.remaining() != 0) {
            throw new MalformedTransactionException("the transaction has trailing bytes");
        }
        byte[] message = Arrays.copyOfRange(wire, messageStart, wire.length);
        SolanaTransaction tx = new SolanaTransaction(List.copyOf(signatures), message, version, header, List.copyOf(keys),
                blockhash, List.copyOf(instructions), List.copyOf(lookups));
        int accountCount = tx.accountCount();
        if (accountCount > 256) {
            throw new MalformedTransactionException("the transaction names more than 256 accounts");
        }
        for (SolanaTransaction.Instruction ix : instructions) {
            if (ix.programIndex() >= keyCount || ix.programIndex() == 0) {
                throw new MalformedTransactionException("an instruction's program is not a static account");
            }
            for (int account : ix.accounts()) {
                if (account >= accountCount) {
                    throw new MalformedTransactionException("an instruction names an account that does not exist");
                }
            }
        }
        return tx;
    }

    /** The transaction id: its first signature. */
    public static byte[] firstSignature(SolanaTransaction tx) {
        return tx.signatures().get(0);
    }

    /** A cursor that refuses to read past the end. */
    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        int position() {
            return pos;
        }

        int remaining() {
            return data.length - pos;
        }

        int peek() throws MalformedTransactionException {
            need(1);
            return data[pos] & 0xff;
        }

        int u8() throws MalformedTransactionException {
            need(1);
            return data[pos++] & 0xff;
        }

        byte[] bytes(int n) throws MalformedTransactionException {
            need(n);
            byte[] out = Arrays.copyOfRange(data, pos, pos + n);
            pos += n;
            return out;
        }

        int[] indexes() throws MalformedTransactionException {
            int n = shortVec();
            need(n);
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = data[pos++] & 0xff;
            }
            return out;
        }

        /** Solana's compact-u16: up to three bytes, seven bits each, minimal encoding only. */
        int shortVec() throws MalformedTransactionException {
            int value = 0;
            for (int i = 0; i < 3; i++) {
                int b = u8();
                if (i == 2 && (b & 0xfc) != 0) {
                    throw new MalformedTransactionException("a length does not fit in 16 bits");
                }
                value |= (b & 0x7f) << (7 * i);
                if ((b & 0x80) == 0) {
                    if (i > 0 && b == 0) {
                        throw new MalformedTransactionException("a length is not minimally encoded");
                    }
                    return value;
                }
            }
            throw new MalformedTransactionException("a length does not fit in 16 bits");
        }

        private void need(int n) throws MalformedTransactionException {
            if (n < 0 || n > data.length - pos) {
                throw new MalformedTransactionException("the transaction is truncated");
            }
        }
    }
}
