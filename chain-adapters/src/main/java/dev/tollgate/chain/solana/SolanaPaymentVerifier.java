package dev.tollgate.chain.solana;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.ObservedPayment;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.VerificationCode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.utils.Base58;

/**
 * Checks a landed transaction ({@code getTransaction}, json encoding) against a payment intent. Only top-level
 * System transfers and TransferChecked instructions (under SPL Token or Token-2022) count as payment: that is what we and standard wallets
 * build, and it is unambiguous (no CPI or balance-delta guessing).
 */
final class SolanaPaymentVerifier {

    /**
     * One value movement found in the transaction. {@code mint} is null for SOL; {@code from} is who authorised it
     * (the owner, or a delegate), {@code source} the account debited (for SOL the same as {@code from}).
     */
    record Transfer(String mint, String from, String to, BigInteger amount, String source) {
        Transfer(String mint, String from, String to, BigInteger amount) {
            this(mint, from, to, amount, from);
        }
    }

    /** base58 of the largest possible instruction data (a 1,232-byte transaction packet): 1,232 * 1.37, rounded up. */
    private static final int MAX_INSTRUCTION_DATA_CHARS = 1_700;

    private SolanaPaymentVerifier() {
    }

    /**
     * The verdict on the contents of a landed transaction; {@code blockTime} is when its block was produced. A
     * successful transaction always comes back with what it paid ({@link ObservedPayment}), whatever the verdict.
     */
    static PaymentCheck verify(PaymentIntent intent, JsonNode tx, Instant blockTime) {
        JsonNode meta = tx.path("meta");
        if (!meta.path("err").isNull() && !meta.path("err").isMissingNode()) {
            return PaymentCheck.rejected(VerificationCode.TX_FAILED, "the transaction failed on chain");
        }
        List<String> memos = new ArrayList<>();
        List<Transfer> transfers = new ArrayList<>();
        String feePayer = read(tx, memos, transfers);
        return check(intent, memos, transfers, feePayer, blockTime);
    }

    /**
     * An x402 facilitator's plain transfer (no job, maybe no ATP memo): the landed transaction must move exactly
     * {@code amount} of {@code asset} from {@code payer} (the authority) to {@code ATA(payTo)}, the account the
     * asset's own token program derives.
     */
    static PaymentCheck verifyTransfer(ChainAsset asset, String payer, String payTo,
                                       BigInteger amount, JsonNode tx, Instant blockTime) {
        JsonNode meta = tx.path("meta");
        if (!meta.path("err").isNull() && !meta.path("err").isMissingNode()) {
            return PaymentCheck.rejected(VerificationCode.TX_FAILED, "the transaction failed on chain");
        }
        List<Transfer> transfers = new ArrayList<>();
        read(tx, new ArrayList<>(), transfers);
        String destination = SolanaKeys.associatedTokenAccount(new PublicKey(payTo), new PublicKey(asset.address()),
                SolanaPrograms.tokenProgramOf(asset)).toBase58();
        List<Transfer> ofAsset = transfers.stream().filter(t -> asset.address().equals(t.mint())).toList();
        BigInteger fromPayer = ofAsset.stream().filter(t -> t.to().equals(destination) && t.from().equals(payer))
                .map(Transfer::amount).reduce(BigInteger.ZERO, BigInteger::add);
        BigInteger fromOthers = ofAsset.stream().filter(t -> t.to().equals(destination) && !t.from().equals(payer))
                .map(Transfer::amount).reduce(BigInteger.ZERO, BigInteger::add);
        ObservedPayment observed = new ObservedPayment(blockTime, payer, asset.address(), fromPayer, BigInteger.ZERO);
        if (ofAsset.isEmpty()) {
            return PaymentCheck.rejected(transfers.isEmpty() ? VerificationCode.AMOUNT_MISMATCH : VerificationCode.WRONG_ASSET,
                    "the transaction moves no " + asset.symbol(), observed);
        }
        if (fromPayer.signum() == 0) {
            return fromOthers.signum() > 0
                    ? PaymentCheck.rejected(VerificationCode.WRONG_PAYER, "the transfer does not come from " + payer, observed)
                    : PaymentCheck.rejected(VerificationCode.WRONG_RECIPIENT, "the transaction does not pay the token "
                            + "account of " + payTo, observed);
        }
        if (!fromPayer.equals(amount)) {
            return PaymentCheck.rejected(VerificationCode.AMOUNT_MISMATCH, "the token account of " + payTo + " received "
                    + fromPayer + " units from the payer, expected exactly " + amount, observed);
        }
        return PaymentCheck.verified(observed);
    }

    /**
     * An allowance charge (the gateway's {@code delegate} moving the payer's tokens under an SPL delegation): the
     * landed transaction must carry the job's memo, and every transfer of the asset must debit {@code ATA(payer)}
     * under the delegate's authority and credit exactly the intent's net to the payee's account and fee to the fee
     * recipient's, nothing more and nothing elsewhere (the gateway built it, so anything else is a mismatch).
     */
    static PaymentCheck verifyDelegated(PaymentIntent intent, String delegate, JsonNode tx, Instant blockTime) {
        JsonNode meta = tx.path("meta");
        if (!meta.path("err").isNull() && !meta.path("err").isMissingNode()) {
            return PaymentCheck.rejected(VerificationCode.TX_FAILED, "the transaction failed on chain");
        }
        List<String> memos = new ArrayList<>();
        List<Transfer> transfers = new ArrayList<>();
        read(tx, memos, transfers);
        String mint = intent.asset().address();
        List<Transfer> ofAsset = transfers.stream().filter(t -> mint != null && mint.equals(t.mint())).toList();
        String payeeAccount = creditAccount(intent, intent.payee());
        String feeAccount = creditAccount(intent, intent.feeRecipient());
        Map<String, BigInteger> received = new HashMap<>();
        ofAsset.forEach(t -> received.merge(t.to(), t.amount(), BigInteger::add));
        BigInteger toPayee = received.getOrDefault(payeeAccount, BigInteger.ZERO);
        BigInteger toFee = feeAccount.equals(payeeAccount) ? BigInteger.ZERO : received.getOrDefault(feeAccount, BigInteger.ZERO);
        ObservedPayment observed = new ObservedPayment(blockTime, intent.payer(), mint, toPayee, toFee);
        if (!memos.contains(intent.memo())) {
            return PaymentCheck.rejected(VerificationCode.MEMO_MISSING,
                    "the transaction does not carry the memo " + intent.memo(), observed);
        }
        if (ofAsset.isEmpty()) {
            return PaymentCheck.rejected(transfers.isEmpty() ? VerificationCode.AMOUNT_MISMATCH : VerificationCode.WRONG_ASSET,
                    "the transaction moves no " + intent.asset().symbol(), observed);
        }
        String payerAccount = creditAccount(intent, intent.payer());
        if (ofAsset.stream().anyMatch(t -> !t.source().equals(payerAccount) || !t.from().equals(delegate))) {
            return PaymentCheck.rejected(VerificationCode.WRONG_PAYER, "a transfer does not debit the payer "
                    + intent.payer() + " under the gateway's delegation", observed);
        }
        Map<String, BigInteger> expected = expectedCredits(intent);
        if (!received.keySet().equals(expected.keySet())) {
            return PaymentCheck.rejected(VerificationCode.WRONG_RECIPIENT,
                    "the transaction does not credit exactly the payee's and the fee recipient's accounts", observed);
        }
        if (!received.equals(expected)) {
            return PaymentCheck.rejected(VerificationCode.AMOUNT_MISMATCH, "charged net " + toPayee + " and fee " + toFee
                    + ", expected exactly " + intent.netUnits() + " and " + intent.feeUnits(), observed);
        }
        return PaymentCheck.verified(observed);
    }

    /** Collects the memos and value movements of a landed transaction; returns its fee payer ("" if none). */
    private static String read(JsonNode tx, List<String> memos, List<Transfer> transfers) {
        List<String> keys = accountKeys(tx, tx.path("meta"));
        for (JsonNode ix : tx.path("transaction").path("message").path("instructions")) {
            String program = key(keys, ix.path("programIdIndex").asInt(-1));
            byte[] data = decodeData(ix.path("data").asText(""));
            List<String> accounts = new ArrayList<>();
            ix.path("accounts").forEach(a -> accounts.add(key(keys, a.asInt(-1))));
            if (program == null || data == null || accounts.contains(null)) {
                continue; // not something we or a wallet build: it cannot pay
            }
            if (SolanaPrograms.MEMO.contains(program)) {
                memos.add(new String(data, StandardCharsets.UTF_8));
            } else if (program.equals(SolanaPrograms.SYSTEM.toBase58()) && isSystemTransfer(data, accounts)) {
                transfers.add(new Transfer(null, accounts.get(0), accounts.get(1), u64(data, 4)));
            } else if (SolanaPrograms.TOKEN_PROGRAMS.contains(program) && isTransferChecked(data, accounts)) {
                // accounts: source, mint, destination, authority; the credited account is derived under the
                // asset's own program, so a transfer under the other program cannot credit it
                transfers.add(new Transfer(accounts.get(1), accounts.get(3), accounts.get(2), u64(data, 1),
                        accounts.get(0)));
            }
        }
        return keys.isEmpty() ? "" : keys.get(0);
    }

    private static PaymentCheck check(PaymentIntent intent, List<String> memos, List<Transfer> transfers,
                                      String feePayer, Instant blockTime) {
        String mint = intent.asset().address();
        List<Transfer> ofAsset = transfers.stream()
                .filter(t -> mint == null ? t.mint() == null : mint.equals(t.mint()))
                .toList();
        Map<String, BigInteger> received = new HashMap<>();
        for (Transfer t : ofAsset) {
            received.merge(t.to(), t.amount(), BigInteger::add);
        }
        String payeeAccount = creditAccount(intent, intent.payee());
        String feeAccount = creditAccount(intent, intent.feeRecipient());
        BigInteger toPayee = received.getOrDefault(payeeAccount, BigInteger.ZERO);
        BigInteger toFee = feeAccount.equals(payeeAccount) ? BigInteger.ZERO : received.getOrDefault(feeAccount, BigInteger.ZERO);
        String payer = ofAsset.stream().map(Transfer::from)
                .filter(from -> intent.payer() != null && !from.equals(intent.payer())).findFirst()
                .orElse(ofAsset.isEmpty() ? feePayer : ofAsset.get(0).from());
        ObservedPayment observed = new ObservedPayment(blockTime, payer, mint, toPayee, toFee);

        if (!memos.contains(intent.memo())) {
            return PaymentCheck.rejected(VerificationCode.MEMO_MISSING,
                    "the transaction does not carry the memo " + intent.memo(), observed);
        }
        if (ofAsset.isEmpty()) {
            return transfers.isEmpty()
                    ? PaymentCheck.rejected(VerificationCode.AMOUNT_MISMATCH, "the transaction transfers nothing", observed)
                    : PaymentCheck.rejected(VerificationCode.WRONG_ASSET,
                            "the transaction pays in another asset than " + intent.asset().symbol(), observed);
        }
        for (Map.Entry<String, BigInteger> expected : expectedCredits(intent).entrySet()) {
            BigInteger actual = received.get(expected.getKey());
            if (actual == null) {
                return PaymentCheck.rejected(VerificationCode.WRONG_RECIPIENT,
                        "the transaction does not pay the expected recipient " + expected.getKey(), observed);
            }
            // At least what was asked: the job is paid, and the excess is visible in `observed`.
            if (actual.compareTo(expected.getValue()) < 0) {
                return PaymentCheck.rejected(VerificationCode.AMOUNT_MISMATCH, "account " + expected.getKey()
                        + " received " + actual + " units, expected " + expected.getValue(), observed);
            }
        }
        if (intent.payer() != null && !payer.equals(intent.payer())) {
            return PaymentCheck.rejected(VerificationCode.WRONG_PAYER,
                    "the payment does not come from the job's payer " + intent.payer(), observed);
        }
        return PaymentCheck.verified(observed);
    }

    /** Accounts that must be credited: the owners for SOL, their associated token accounts for tokens. */
    private static Map<String, BigInteger> expectedCredits(PaymentIntent intent) {
        Map<String, BigInteger> credits = new LinkedHashMap<>();
        credits.merge(creditAccount(intent, intent.payee()), intent.netUnits(), BigInteger::add);
        if (intent.feeUnits().signum() > 0) {
            credits.merge(creditAccount(intent, intent.feeRecipient()), intent.feeUnits(), BigInteger::add);
        }
        credits.values().removeIf(v -> v.signum() == 0);
        return credits;
    }

    private static String key(List<String> keys, int index) {
        return index >= 0 && index < keys.size() ? keys.get(index) : null;
    }

    /** Instruction data as the node sent it (base58); a transaction is at most 1,232 bytes, so is its data. */
    private static byte[] decodeData(String base58) {
        if (base58.length() > MAX_INSTRUCTION_DATA_CHARS || !SolanaSignatures.isBase58(base58)) {
            return null;
        }
        return Base58.decode(base58);
    }

    private static String creditAccount(PaymentIntent intent, String owner) {
        if (intent.asset().isNative()) {
            return owner;
        }
        return SolanaKeys.associatedTokenAccount(new PublicKey(owner), new PublicKey(intent.asset().address()),
                SolanaPrograms.tokenProgramOf(intent.asset())).toBase58();
    }

    private static List<String> accountKeys(JsonNode tx, JsonNode meta) {
        List<String> keys = new ArrayList<>();
        tx.path("transaction").path("message").path("accountKeys").forEach(k -> keys.add(k.asText()));
        // v0 transactions append addresses loaded from lookup tables: writable first, then read-only
        meta.path("loadedAddresses").path("writable").forEach(k -> keys.add(k.asText()));
        meta.path("loadedAddresses").path("readonly").forEach(k -> keys.add(k.asText()));
        return keys;
    }

    private static boolean isSystemTransfer(byte[] data, List<String> accounts) {
        return data.length == 12 && accounts.size() >= 2
                && ByteBuffer.wrap(data, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() == SolanaPrograms.SYSTEM_TRANSFER;
    }

    private static boolean isTransferChecked(byte[] data, List<String> accounts) {
        return data.length == 10 && accounts.size() >= 4 && data[0] == SolanaPrograms.TOKEN_TRANSFER_CHECKED;
    }

    /** An unsigned little-endian u64, as Solana programs encode amounts. */
    static BigInteger u64(byte[] data, int offset) {
        byte[] bigEndian = new byte[9]; // leading zero byte keeps it unsigned
        for (int i = 0; i < 8; i++) {
            bigEndian[8 - i] = data[offset + i];
        }
        return new BigInteger(bigEndian);
    }
}
