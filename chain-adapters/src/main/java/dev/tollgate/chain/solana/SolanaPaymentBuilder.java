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
import org.p2p.solanaj.programs.SystemProgram;

/**
 * Builds the one transaction that settles a job: net to the payee, fee to the fee recipient, and the memo, so the
 * split is atomic. For tokens the recipients' associated token accounts are created idempotently first (the
 * payer funds their rent once; an existing account costs nothing).
 */
final class SolanaPaymentBuilder {
    private SolanaPaymentBuilder() {
    }

    static List<TransactionInstruction> instructions(PaymentIntent intent, PublicKey payer) {
        return instructions(intent, payer, true);
    }

    /**
     * @param createRecipientAccounts whether token payments first create the recipients' associated token accounts
     *                                (idempotently, funded by the payer); a sponsored payer may hold no SOL for rent
     */
    static List<TransactionInstruction> instructions(PaymentIntent intent, PublicKey payer,
                                                     boolean createRecipientAccounts) {
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
            PublicKey program = SolanaPrograms.tokenProgramOf(intent.asset());
            PublicKey source = SolanaKeys.associatedTokenAccount(payer, mint, program);
            byte decimals = (byte) intent.asset().decimals();
            if (intent.netUnits().signum() > 0) {
                if (createRecipientAccounts) {
                    ixs.add(createAtaIdempotent(payer, payee, mint, program));
                }
                ixs.add(transferChecked(program, source, SolanaKeys.associatedTokenAccount(payee, mint, program),
                        toLong(intent.netUnits()), decimals, payer, mint));
            }
            if (withFee) {
                if (createRecipientAccounts) {
                    ixs.add(createAtaIdempotent(payer, feeRecipient, mint, program));
                }
                ixs.add(transferChecked(program, source, SolanaKeys.associatedTokenAccount(feeRecipient, mint, program),
                        toLong(intent.feeUnits()), decimals, payer, mint));
            }
        }
        ixs.add(memoV2(payer, intent.memo()));
        return ixs;
    }

    /**
     * The Associated Token program's CreateIdempotent (instruction 1) for {@code owner}'s account of {@code mint}
     * under {@code tokenProgram}; Solanaj's own builder knows only the classic SPL Token program.
     */
    static TransactionInstruction createAtaIdempotent(PublicKey funder, PublicKey owner, PublicKey mint,
                                                      PublicKey tokenProgram) {
        return new TransactionInstruction(SolanaPrograms.ASSOCIATED_TOKEN, List.of(
                new AccountMeta(funder, true, true),
                new AccountMeta(SolanaKeys.associatedTokenAccount(owner, mint, tokenProgram), false, true),
                new AccountMeta(owner, false, false),
                new AccountMeta(mint, false, false),
                new AccountMeta(SolanaPrograms.SYSTEM, false, false),
                new AccountMeta(tokenProgram, false, false)), new byte[] {1});
    }

    /**
     * TransferChecked (instruction 12: amount u64 LE, decimals) under {@code tokenProgram}; SPL Token and Token-2022
     * share this layout. Accounts: source, mint, destination, authority (signer).
     */
    static TransactionInstruction transferChecked(PublicKey tokenProgram, PublicKey source, PublicKey destination,
                                                  long amount, byte decimals, PublicKey authority, PublicKey mint) {
        byte[] data = java.nio.ByteBuffer.allocate(10).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .put((byte) SolanaPrograms.TOKEN_TRANSFER_CHECKED).putLong(amount).put(decimals).array();
        return new TransactionInstruction(tokenProgram, List.of(
                new AccountMeta(source, false, true),
                new AccountMeta(mint, false, false),
                new AccountMeta(destination, false, true),
                new AccountMeta(authority, true, false)), data);
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
