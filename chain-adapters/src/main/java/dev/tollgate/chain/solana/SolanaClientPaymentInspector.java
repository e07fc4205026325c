package dev.tollgate.chain.solana;

import static dev.tollgate.chain.ClientPaymentRefusedException.Reason.AMOUNT_MISMATCH;
import static dev.tollgate.chain.ClientPaymentRefusedException.Reason.FEE_PAYER_NOT_ALLOWED;
import static dev.tollgate.chain.ClientPaymentRefusedException.Reason.MALFORMED;
import static dev.tollgate.chain.ClientPaymentRefusedException.Reason.MEMO_MISSING;
import static dev.tollgate.chain.ClientPaymentRefusedException.Reason.SIGNATURE_INVALID;
import static dev.tollgate.chain.ClientPaymentRefusedException.Reason.UNEXPECTED_INSTRUCTION;
import static dev.tollgate.chain.ClientPaymentRefusedException.Reason.WRONG_ASSET;
import static dev.tollgate.chain.ClientPaymentRefusedException.Reason.WRONG_PAYER;
import static dev.tollgate.chain.ClientPaymentRefusedException.Reason.WRONG_RECIPIENT;

import dev.tollgate.chain.ClientPaymentRefusedException;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.solana.tx.SolanaTransaction;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.utils.Base58;

/**
 * Decides, without I/O, whether a decoded client-signed transaction pays exactly one intent and does nothing else.
 * Accepted instructions are those {@link SolanaPaymentBuilder} makes for the intent (the transfers, optionally the
 * recipients' idempotent account creation funded by the payer, one memo under Memo v1 or v2) plus Compute Budget
 * limit and price within caps. Everything else is refused with the reason a payer can act on.
 */
final class SolanaClientPaymentInspector {
    static final long LAMPORTS_PER_SIGNATURE = 5_000;
    /** The runtime's default compute limit per instruction, and its ceiling, when no limit is set. */
    private static final long DEFAULT_UNITS_PER_INSTRUCTION = 200_000;
    private static final long MAX_UNITS = 1_400_000;
    private static final BigInteger MICRO_LAMPORTS = BigInteger.valueOf(1_000_000);
    private static final int COMPUTE_UNIT_LIMIT = 2;
    private static final int COMPUTE_UNIT_PRICE = 3;
    private static final byte ATA_CREATE_IDEMPOTENT = 1;

    /**
     * An accepted transaction.
     *
     * @param payer     the wallet whose funds move (and who signed)
     * @param sponsored whether the fee payer is the gateway's sponsor (its signature slot still empty)
     * @param feeLamports the most the fee payer can be charged: 5,000 lamports per signature plus the priority fee
     */
    record Inspection(String payer, boolean sponsored, BigInteger feeLamports) {
    }

    private SolanaClientPaymentInspector() {
    }

    /** @param sponsor the gateway's sponsor address, or {@code null} when sponsorship is off */
    static Inspection inspect(PaymentIntent intent, SolanaTransaction tx, String sponsor, ComputeBudgetCaps caps)
            throws ClientPaymentRefusedException {
        if (!tx.lookups().isEmpty()) {
            // Looked-up accounts are not in the signed bytes: judging them needs the table's state, which the
            // table's authority can change until the transaction lands. A payment never needs one.
            throw refuse(UNEXPECTED_INSTRUCTION, "the transaction loads accounts from an address lookup table");
        }
        List<String> keys = new ArrayList<>();
        for (byte[] key : tx.accountKeys()) {
            keys.add(Base58.encode(key));
        }
        if (new HashSet<>(keys).size() != keys.size()) {
            throw refuse(MALFORMED, "the transaction names an account twice");
        }
        String feePayer = keys.get(0);
        boolean sponsored = sponsor != null && sponsor.equals(feePayer);
        int signers = tx.header().requiredSignatures();
        String payer = intent.payer() != null ? intent.payer()
                : sponsored ? (signers > 1 ? keys.get(1) : null) : feePayer;
        if (payer == null) {
            throw refuse(WRONG_PAYER, "no wallet besides the sponsor signed the transaction");
        }
        if (sponsor != null) {
            requireSponsorOnlyPaysFees(tx, keys, sponsor);
        }

        Payment payment = new Payment(intent, payer, caps);
        for (SolanaTransaction.Instruction ix : tx.instructions()) {
            payment.take(keys.get(ix.programIndex()), names(keys, ix), ix.data());
        }
        payment.requireExactPayment();

        if (!sponsored && !feePayer.equals(payer)) {
            throw refuse(FEE_PAYER_NOT_ALLOWED, "the fee payer must be the payer " + payer
                    + (sponsor == null ? "" : " or the gateway's sponsor " + sponsor));
        }
        requireSigners(keys, signers, payer, sponsored);
        requireSignatures(tx, keys, sponsored);
        BigInteger fee = BigInteger.valueOf(LAMPORTS_PER_SIGNATURE).multiply(BigInteger.valueOf(signers))
                .add(payment.priorityFee());
        return new Inspection(payer, sponsored, fee);
    }

    /** x402's SVM rule: the sponsor is account 0 and nothing else; no instruction may name it. */
    private static void requireSponsorOnlyPaysFees(SolanaTransaction tx, List<String> keys, String sponsor)
            throws ClientPaymentRefusedException {
        for (SolanaTransaction.Instruction ix : tx.instructions()) {
            if (keys.get(ix.programIndex()).equals(sponsor) || names(keys, ix).contains(sponsor)) {
                throw refuse(FEE_PAYER_NOT_ALLOWED, "the gateway's sponsor key may only pay the fee; an instruction names it");
            }
        }
    }

    private static void requireSigners(List<String> keys, int signers, String payer, boolean sponsored)
            throws ClientPaymentRefusedException {
        List<String> signing = keys.subList(0, signers);
        if (!signing.contains(payer)) {
            throw refuse(SIGNATURE_INVALID, "the payer " + payer + " has not signed the transaction");
        }
        if (signers != (sponsored ? 2 : 1)) {
            throw refuse(UNEXPECTED_INSTRUCTION, "the transaction requires signatures of accounts that take no part in the payment");
        }
    }

    /** Every slot but the sponsor's must hold a valid Ed25519 signature over the message. */
    private static void requireSignatures(SolanaTransaction tx, List<String> keys, boolean sponsored)
            throws ClientPaymentRefusedException {
        for (int i = sponsored ? 1 : 0; i < tx.header().requiredSignatures(); i++) {
            boolean valid = Ed25519Verifier.verify(tx.accountKeys().get(i), tx.message(), tx.signatures().get(i));
            if (!valid) {
                throw refuse(SIGNATURE_INVALID, "the signature of " + keys.get(i) + " does not verify");
            }
        }
    }

    private static List<String> names(List<String> keys, SolanaTransaction.Instruction ix)
            throws ClientPaymentRefusedException {
        List<String> out = new ArrayList<>(ix.accounts().length);
        for (int index : ix.accounts()) {
            if (index >= keys.size()) {
                throw refuse(MALFORMED, "an instruction names an account that does not exist");
            }
            out.add(keys.get(index));
        }
        return out;
    }

    static ClientPaymentRefusedException refuse(ClientPaymentRefusedException.Reason reason, String message) {
        return new ClientPaymentRefusedException(reason, message);
    }

    /** What the instructions do, collected one by one, then compared with the intent as a whole. */
    private static final class Payment {
        private final PaymentIntent intent;
        private final String payer;
        private final ComputeBudgetCaps caps;
        private final String mint;
        private final String tokenProgram;
        private final Map<String, BigInteger> expected = new LinkedHashMap<>();
        private final Map<String, String> ownerOfCredit = new HashMap<>();
        private int expectedTransfers;
        private final Map<String, BigInteger> credited = new HashMap<>();
        private int transfers;
        private final List<String> memos = new ArrayList<>();
        private final Set<String> createdAccounts = new HashSet<>();
        private Long unitLimit;
        private BigInteger unitPrice;
        private int otherInstructions;

        Payment(PaymentIntent intent, String payer, ComputeBudgetCaps caps) {
            this.intent = intent;
            this.payer = payer;
            this.caps = caps;
            this.mint = intent.asset().address();
            this.tokenProgram = intent.asset().isNative() ? null : SolanaPrograms.tokenProgramOf(intent.asset()).toBase58();
            expect(intent.payee(), intent.netUnits());
            expect(intent.feeRecipient(), intent.feeUnits());
        }

        private void expect(String owner, BigInteger units) {
            if (units.signum() > 0) {
                String account = creditAccount(owner);
                expected.merge(account, units, BigInteger::add);
                ownerOfCredit.put(account, owner);
                expectedTransfers++;
            }
        }

        private String creditAccount(String owner) {
            return intent.asset().isNative() ? owner : ata(owner);
        }

        private String ata(String owner) {
            return SolanaKeys.associatedTokenAccount(new PublicKey(owner), new PublicKey(mint), new PublicKey(tokenProgram))
                    .toBase58();
        }

        void take(String program, List<String> accounts, byte[] data) throws ClientPaymentRefusedException {
            if (program.equals(SolanaPrograms.COMPUTE_BUDGET.toBase58())) {
                computeBudget(accounts, data);
                return;
            }
            otherInstructions++;
            if (SolanaPrograms.MEMO.contains(program)) {
                memo(accounts, data);
            } else if (program.equals(SolanaPrograms.SYSTEM.toBase58())) {
                systemTransfer(accounts, data);
            } else if (SolanaPrograms.TOKEN_PROGRAMS.contains(program)) {
                transferChecked(program, accounts, data);
            } else if (program.equals(SolanaPrograms.ASSOCIATED_TOKEN.toBase58())) {
                createRecipientAccount(accounts, data);
            } else {
                throw refuse(UNEXPECTED_INSTRUCTION, "the transaction calls program " + program + ", which a payment does not need");
            }
        }

        private void computeBudget(List<String> accounts, byte[] data) throws ClientPaymentRefusedException {
            if (!accounts.isEmpty() || data.length == 0) {
                throw refuse(UNEXPECTED_INSTRUCTION, "a Compute Budget instruction other than a unit limit or price");
            }
            if (data[0] == COMPUTE_UNIT_LIMIT && data.length == 5 && unitLimit == null) {
                unitLimit = Integer.toUnsignedLong(ByteBuffer.wrap(data, 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
                if (unitLimit > caps.maxUnitLimit()) {
                    throw refuse(UNEXPECTED_INSTRUCTION, "the compute unit limit " + unitLimit + " is over the cap "
                            + caps.maxUnitLimit());
                }
            } else if (data[0] == COMPUTE_UNIT_PRICE && data.length == 9 && unitPrice == null) {
                unitPrice = SolanaPaymentVerifier.u64(data, 1);
                if (unitPrice.compareTo(BigInteger.valueOf(caps.maxMicroLamportsPerUnit())) > 0) {
                    throw refuse(UNEXPECTED_INSTRUCTION, "the compute unit price " + unitPrice
                            + " micro-lamports is over the cap " + caps.maxMicroLamportsPerUnit());
                }
            } else {
                throw refuse(UNEXPECTED_INSTRUCTION,
                        "a Compute Budget instruction other than one unit limit and one unit price");
            }
        }

        private void memo(List<String> accounts, byte[] data) throws ClientPaymentRefusedException {
            for (String account : accounts) {
                if (!account.equals(payer)) {
                    throw refuse(UNEXPECTED_INSTRUCTION, "the memo names an account other than the payer");
                }
            }
            memos.add(new String(data, StandardCharsets.UTF_8));
        }

        private void systemTransfer(List<String> accounts, byte[] data) throws ClientPaymentRefusedException {
            boolean transfer = data.length == 12 && accounts.size() == 2
                    && ByteBuffer.wrap(data, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() == SolanaPrograms.SYSTEM_TRANSFER;
            if (!transfer) {
                throw refuse(UNEXPECTED_INSTRUCTION, "a System program instruction other than a transfer");
            }
            if (!intent.asset().isNative()) {
                throw refuse(WRONG_ASSET, "the transaction pays in SOL, the job asks for " + intent.asset().symbol());
            }
            if (!accounts.get(0).equals(payer)) {
                throw refuse(WRONG_PAYER, "a transfer comes from " + accounts.get(0) + ", not the job's payer " + payer);
            }
            credit(accounts.get(1), SolanaPaymentVerifier.u64(data, 4));
        }

        /** TransferChecked: source, mint, destination, authority (a single signer; multisig authorities are refused). */
        private void transferChecked(String program, List<String> accounts, byte[] data)
                throws ClientPaymentRefusedException {
            if (data.length != 10 || data[0] != SolanaPrograms.TOKEN_TRANSFER_CHECKED || accounts.size() != 4) {
                throw refuse(UNEXPECTED_INSTRUCTION, "a token instruction other than TransferChecked");
            }
            if (intent.asset().isNative()) {
                throw refuse(WRONG_ASSET, "the transaction pays in a token, the job asks for SOL");
            }
            if (!program.equals(tokenProgram) || !accounts.get(1).equals(mint)
                    || (data[9] & 0xff) != intent.asset().decimals()) {
                throw refuse(WRONG_ASSET, "a transfer is not of " + intent.asset().symbol() + " (mint " + mint
                        + " under " + tokenProgram + ", " + intent.asset().decimals() + " decimals)");
            }
            if (!accounts.get(3).equals(payer) || !accounts.get(0).equals(ata(payer))) {
                throw refuse(WRONG_PAYER, "a transfer is not from the job's payer " + payer + " and its token account");
            }
            credit(accounts.get(2), SolanaPaymentVerifier.u64(data, 1));
        }

        /**
         * The builder's CreateIdempotent for a recipient's token account, funded by the payer: at most once per
         * recipient, with exactly the builder's accounts.
         */
        private void createRecipientAccount(List<String> accounts, byte[] data) throws ClientPaymentRefusedException {
            boolean create = data.length == 1 && data[0] == ATA_CREATE_IDEMPOTENT && accounts.size() == 6;
            if (create && (intent.asset().isNative() || !accounts.get(3).equals(mint)
                    || !accounts.get(5).equals(tokenProgram))) {
                throw refuse(WRONG_ASSET, "the transaction creates token accounts of another mint or token program than "
                        + intent.asset().symbol() + "'s");
            }
            boolean matches = !intent.asset().isNative() && data.length == 1 && data[0] == ATA_CREATE_IDEMPOTENT
                    && accounts.size() == 6 && accounts.get(0).equals(payer)
                    && ownerOfCredit.containsKey(accounts.get(1))
                    && accounts.get(2).equals(ownerOfCredit.get(accounts.get(1)))
                    && accounts.get(3).equals(mint)
                    && accounts.get(4).equals(SolanaPrograms.SYSTEM.toBase58())
                    && accounts.get(5).equals(tokenProgram)
                    && createdAccounts.add(accounts.get(1));
            if (!matches) {
                throw refuse(UNEXPECTED_INSTRUCTION, "an Associated Token instruction other than creating a recipient's "
                        + "account once, funded by the payer");
            }
        }

        private void credit(String account, BigInteger amount) throws ClientPaymentRefusedException {
            if (!expected.containsKey(account)) {
                throw refuse(WRONG_RECIPIENT, "a transfer goes to " + account + ", which the job does not pay");
            }
            credited.merge(account, amount, BigInteger::add);
            transfers++;
        }

        void requireExactPayment() throws ClientPaymentRefusedException {
            if (!memos.contains(intent.memo())) {
                throw refuse(MEMO_MISSING, "the transaction does not carry the memo " + intent.memo()
                        + " through Memo v1 or v2");
            }
            if (memos.size() > 1) {
                throw refuse(UNEXPECTED_INSTRUCTION, "the transaction carries more than one memo");
            }
            for (Map.Entry<String, BigInteger> e : expected.entrySet()) {
                BigInteger actual = credited.get(e.getKey());
                if (actual == null) {
                    throw refuse(WRONG_RECIPIENT, "the transaction does not pay " + e.getKey());
                }
                if (!actual.equals(e.getValue())) {
                    throw refuse(AMOUNT_MISMATCH, "account " + e.getKey() + " would receive " + actual
                            + " units, the job asks for exactly " + e.getValue());
                }
            }
            if (transfers != expectedTransfers) {
                throw refuse(UNEXPECTED_INSTRUCTION, "the amounts are split over more transfers than the payment has");
            }
        }

        /** ceil(limit × price / 10^6) lamports; without a limit the runtime's default applies. */
        BigInteger priorityFee() {
            if (unitPrice == null || unitPrice.signum() == 0) {
                return BigInteger.ZERO;
            }
            long limit = unitLimit != null ? unitLimit
                    : Math.min(MAX_UNITS, DEFAULT_UNITS_PER_INSTRUCTION * otherInstructions);
            BigInteger[] qr = BigInteger.valueOf(limit).multiply(unitPrice).divideAndRemainder(MICRO_LAMPORTS);
            return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
        }
    }
}
