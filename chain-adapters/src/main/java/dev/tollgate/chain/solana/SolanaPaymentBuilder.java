package dev.tollgate.chain.solana;

import dev.tollgate.chain.PaymentIntent;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.core.AccountMeta;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.core.Transaction;
import org.p2p.solanaj.core.TransactionInstruction;
import org.p2p.solanaj.programs.AssociatedTokenProgram;
import org.p2p.solanaj.programs.SystemProgram;
import org.p2p.solanaj.programs.TokenProgram;

/**
 * Builds the one transaction that settles a job: net to the payee, fee to the fee recipient, and the memo, so the
 * split is atomic. For tokens the recipients' associated token accounts are created idempotently first (the
 * payer funds their rent once; an existing account costs nothing).
 */
final class SolanaPaymentBuilder {
    private SolanaPaymentBuilder() {
    }

    static List<TransactionInstruction> instructions(PaymentIntent intent, PublicKey payer) {
        PublicKey payee = new PublicKey(intent.payee());
        PublicKey feeRecipient = new PublicKey(intent.feeRecipient());
        boolean withFee = intent.feeUnits().signum() > 0;
        List<TransactionInstruction> ixs = new ArrayList<>();
        if (intent.asset().isNative()) {
            if (intent.netUnits().signum() > 0) {
                ixs.add(SystemProgram.transfer(payer, payee, toLong(intent.netUnits())));
            }
            if (withFee) {
                ixs.add(SystemProgram.transfer(payer, feeRecipient, toLong(intent.feeUnits())));
            }
        } else {
            PublicKey mint = new PublicKey(intent.asset().address());
            PublicKey source = SolanaKeys.associatedTokenAccount(payer, mint);
            byte decimals = (byte) intent.asset().decimals();
            if (intent.netUnits().signum() > 0) {
                ixs.add(AssociatedTokenProgram.createIdempotent(payer, payee, mint));
                ixs.add(TokenProgram.transferChecked(source, SolanaKeys.associatedTokenAccount(payee, mint),
                        toLong(intent.netUnits()), decimals, payer, mint));
            }
            if (withFee) {
                ixs.add(AssociatedTokenProgram.createIdempotent(payer, feeRecipient, mint));
                ixs.add(TokenProgram.transferChecked(source, SolanaKeys.associatedTokenAccount(feeRecipient, mint),
                        toLong(intent.feeUnits()), decimals, payer, mint));
            }
        }
        ixs.add(memoV2(payer, intent.memo()));
        return ixs;
    }

    /**
     * A Memo v2 instruction (Solanaj only builds v1). v2 checks that every account it is given signed the
     * transaction: the payer does.
     */
    static TransactionInstruction memoV2(PublicKey signer, String memo) {
        return new TransactionInstruction(SolanaPrograms.MEMO_V2, List.of(new AccountMeta(signer, true, false)),
                memo.getBytes(StandardCharsets.UTF_8));
    }

    /** Signs with {@code signer} against {@code blockhash}; returns the wire bytes. */
    static byte[] sign(List<TransactionInstruction> ixs, String blockhash, Account signer) {
        Transaction tx = new Transaction();
        ixs.forEach(tx::addInstruction);
        tx.setRecentBlockHash(blockhash);
        tx.sign(signer);
        return tx.serialize();
    }

    /** The transaction id is its first signature: bytes 1..65 of the wire form (after a one-byte count). */
    static String signatureOf(byte[] wire) {
        if (wire.length < 65 || wire[0] < 1) {
            throw new IllegalArgumentException("not a signed transaction");
        }
        return org.p2p.solanaj.utils.Base58.encode(java.util.Arrays.copyOfRange(wire, 1, 65));
    }

    private static long toLong(BigInteger units) {
        if (units.bitLength() > 63) {
            throw new IllegalArgumentException("amount exceeds what one Solana transfer can carry: " + units);
        }
        return units.longValueExact();
    }
}
