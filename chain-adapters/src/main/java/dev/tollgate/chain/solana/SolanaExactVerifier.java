package dev.tollgate.chain.solana;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.solana.tx.MalformedTransactionException;
import dev.tollgate.chain.solana.tx.SolanaTransaction;
import dev.tollgate.chain.solana.tx.SolanaTransactionDecoder;
import dev.tollgate.chain.x402.ExactRefusedException;
import dev.tollgate.chain.x402.ExactRequirement;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.utils.Base58;

/**
 * x402's SVM {@code exact} rules that need no node (spec §3.4 and @x402/svm 2.27's facilitator), with its reason
 * strings: the client's partially signed transaction, fee payer ours and in no instruction, only compute budget,
 * one TransferChecked, memo and Lighthouse, exact mint, destination and amount, the client's signatures valid.
 */
final class SolanaExactVerifier {
    static final String COMPUTE_BUDGET = "ComputeBudget111111111111111111111111111111";
    /** Wallet-injected assertions (Phantom, Solflare); allowed after the transfer as x402's facilitator allows them. */
    static final String LIGHTHOUSE = "L2TExMFKdjpN9kozasaurPirfHy9P8sbXoAN1qA3S95";
    /** 5 lamports per compute unit, x402's cap: the fee payer pays the priority fee. */
    static final long MAX_COMPUTE_UNIT_PRICE_MICRO_LAMPORTS = 5_000_000;
    /** Far above the 20,000 the stock client asks; bounds what a payment can cost the fee payer. */
    static final long MAX_COMPUTE_UNIT_LIMIT = 400_000;
    /** The fee payer and the transfer authority; a little room for a wallet that co-signs. */
    static final int MAX_SIGNERS = 3;
    /** Base64 of the largest transaction the network carries. */
    private static final int MAX_BASE64_CHARS = (SolanaTransactionDecoder.MAX_TRANSACTION_BYTES + 2) / 3 * 4;
    private static final String[] ORDINALS = {"fourth", "fifth", "sixth", "seventh"};

    private SolanaExactVerifier() {
    }

    /** What a structurally valid payload is: the decoded transaction, its payer (the authority) and its key. */
    record Checked(SolanaTransaction tx, byte[] wire, String payer, String paymentKey) {
    }

    static Checked check(ExactRequirement requirement, Object transaction, String feePayer, ChainAsset asset)
            throws ExactRefusedException {
        byte[] wire = decodeBase64(transaction);
        SolanaTransaction tx;
        try {
            tx = SolanaTransactionDecoder.decode(wire);
        } catch (MalformedTransactionException e) {
            throw refused("invalid_exact_svm_payload_transaction_could_not_be_decoded", e.getMessage());
        }
        if (!tx.lookups().isEmpty()) {
            throw refused("invalid_exact_svm_payload_transaction", "address lookup tables are not accepted");
        }
        List<String> keys = tx.accountKeys().stream().map(Base58::encode).toList();
        if (!keys.get(0).equals(feePayer)) {
            throw refused("invalid_exact_svm_fee_payer_mismatch", "the transaction's fee payer is not the gateway's");
        }
        if (tx.header().requiredSignatures() > MAX_SIGNERS) {
            throw refused("invalid_exact_svm_payload_excessive_signers",
                    "the transaction needs more than " + MAX_SIGNERS + " signatures");
        }
        List<SolanaTransaction.Instruction> ixs = tx.instructions();
        if (ixs.size() < 3 || ixs.size() > 7) {
            throw refused("invalid_exact_svm_payload_transaction_instructions_length",
                    "the transaction has " + ixs.size() + " instructions, expected 3 to 7");
        }
        for (SolanaTransaction.Instruction ix : ixs) {
            for (int account : ix.accounts()) {
                if (account == 0) {
                    throw refused("invalid_exact_svm_payload_transaction_fee_payer_transferring_funds",
                            "the gateway's fee payer appears in an instruction");
                }
            }
        }
        checkComputeLimit(keys, ixs.get(0));
        checkComputePrice(keys, ixs.get(1));
        String payer = checkTransfer(requirement, keys, tx, ixs.get(2), asset);
        checkRest(requirement, keys, ixs);
        checkSignatures(tx, keys);
        return new Checked(tx, wire, payer, sha256Hex(tx.message()));
    }

    private static byte[] decodeBase64(Object transaction) throws ExactRefusedException {
        if (!(transaction instanceof String text) || text.isEmpty() || text.length() > MAX_BASE64_CHARS) {
            throw refused("invalid_exact_svm_payload_transaction_could_not_be_decoded",
                    "payload.transaction must be base64 of at most " + SolanaTransactionDecoder.MAX_TRANSACTION_BYTES + " bytes");
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw refused("invalid_exact_svm_payload_transaction_could_not_be_decoded", "payload.transaction is not base64");
        }
    }

    private static void checkComputeLimit(List<String> keys, SolanaTransaction.Instruction ix) throws ExactRefusedException {
        byte[] data = ix.data();
        if (!COMPUTE_BUDGET.equals(keys.get(ix.programIndex())) || data.length != 5 || data[0] != 2) {
            throw refused("invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction",
                    "the first instruction must set the compute unit limit");
        }
        long units = Integer.toUnsignedLong(ByteBuffer.wrap(data, 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        if (units > MAX_COMPUTE_UNIT_LIMIT) {
            throw refused("invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction_too_high",
                    "compute unit limit " + units + " is above " + MAX_COMPUTE_UNIT_LIMIT);
        }
    }

    private static void checkComputePrice(List<String> keys, SolanaTransaction.Instruction ix) throws ExactRefusedException {
        byte[] data = ix.data();
        if (!COMPUTE_BUDGET.equals(keys.get(ix.programIndex())) || data.length != 9 || data[0] != 3) {
            throw refused("invalid_exact_svm_payload_transaction_instructions_compute_price_instruction",
                    "the second instruction must set the compute unit price");
        }
        BigInteger price = SolanaPaymentVerifier.u64(data, 1);
        if (price.compareTo(BigInteger.valueOf(MAX_COMPUTE_UNIT_PRICE_MICRO_LAMPORTS)) > 0) {
            throw refused("invalid_exact_svm_payload_transaction_instructions_compute_price_instruction_too_high",
                    "compute unit price " + price + " micro-lamports is above " + MAX_COMPUTE_UNIT_PRICE_MICRO_LAMPORTS);
        }
    }

    /** The third instruction pays: TransferChecked of exactly the amount, of the asset, to ATA(payTo). */
    private static String checkTransfer(ExactRequirement requirement, List<String> keys, SolanaTransaction tx,
                                        SolanaTransaction.Instruction ix, ChainAsset asset) throws ExactRefusedException {
        String program = keys.get(ix.programIndex());
        byte[] data = ix.data();
        if (!SolanaPrograms.TOKEN_PROGRAMS.contains(program) || data.length != 10
                || data[0] != SolanaPrograms.TOKEN_TRANSFER_CHECKED || ix.accounts().length != 4) {
            throw refused("invalid_exact_svm_payload_no_transfer_instruction",
                    "the third instruction must be a TransferChecked under SPL Token or Token-2022");
        }
        String mint = keys.get(ix.accounts()[1]);
        if (!mint.equals(requirement.asset()) || !program.equals(SolanaPrograms.tokenProgramOf(asset).toBase58())
                || (data[9] & 0xff) != asset.decimals()) {
            throw refused("invalid_exact_svm_payload_mint_mismatch", "the transfer is not of " + requirement.asset());
        }
        String expected = SolanaKeys.associatedTokenAccount(new PublicKey(requirement.payTo()), new PublicKey(mint),
                new PublicKey(program)).toBase58();
        if (!keys.get(ix.accounts()[2]).equals(expected)) {
            throw refused("invalid_exact_svm_payload_recipient_mismatch",
                    "the transfer does not go to the token account of " + requirement.payTo());
        }
        if (!SolanaPaymentVerifier.u64(data, 1).equals(requirement.amount())) {
            throw refused("invalid_exact_svm_payload_amount_mismatch",
                    "the transfer moves " + SolanaPaymentVerifier.u64(data, 1) + " units, expected " + requirement.amount());
        }
        int authority = ix.accounts()[3];
        if (!tx.isSigner(authority)) {
            throw refused("invalid_exact_svm_payload_signature_invalid", "the transfer's authority does not sign");
        }
        return keys.get(authority);
    }

    /** After the transfer: exactly one memo, ours, and otherwise only Lighthouse. */
    private static void checkRest(ExactRequirement requirement, List<String> keys, List<SolanaTransaction.Instruction> ixs)
            throws ExactRefusedException {
        Object memo = requirement.extra().get("memo");
        int memos = 0;
        for (int i = 3; i < ixs.size(); i++) {
            SolanaTransaction.Instruction ix = ixs.get(i);
            String program = keys.get(ix.programIndex());
            if (SolanaPrograms.MEMO.contains(program)) {
                memos++;
                if (memo != null && !Arrays.equals(ix.data(), memo.toString().getBytes(StandardCharsets.UTF_8))) {
                    throw refused("invalid_exact_svm_payload_memo_mismatch", "the memo is not the job's");
                }
            } else if (!LIGHTHOUSE.equals(program)) {
                throw refused("invalid_exact_svm_payload_unknown_" + ORDINALS[i - 3] + "_instruction",
                        "instruction " + (i + 1) + " is neither a memo nor Lighthouse");
            }
        }
        if (memo != null && memos != 1) {
            throw refused("invalid_exact_svm_payload_memo_count",
                    "the transaction carries " + memos + " memos, expected exactly one");
        }
    }

    /** Every signer but the fee payer (slot 0, signed by the gateway later) signed the exact message. */
    private static void checkSignatures(SolanaTransaction tx, List<String> keys) throws ExactRefusedException {
        for (int i = 1; i < tx.header().requiredSignatures(); i++) {
            boolean valid = Ed25519Verifier.verify(tx.accountKeys().get(i), tx.message(), tx.signatures().get(i));
            if (!valid) {
                throw refused("invalid_exact_svm_payload_signature_invalid", "signature " + i + " does not verify");
            }
        }
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ExactRefusedException refused(String reason, String message) {
        return new ExactRefusedException(reason, message);
    }
}
