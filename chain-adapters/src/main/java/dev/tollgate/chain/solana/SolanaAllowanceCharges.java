package dev.tollgate.chain.solana;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.allowance.AllowanceCharges;
import dev.tollgate.chain.allowance.AllowanceRefusedException;
import dev.tollgate.chain.allowance.AllowanceState;
import dev.tollgate.chain.solana.tx.SolanaMessageCompiler;
import dev.tollgate.chain.solana.tx.SolanaTransaction;
import dev.tollgate.chain.solana.tx.SolanaTransactionEncoder;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.core.TransactionInstruction;
import org.p2p.solanaj.utils.Base58;

/**
 * Charging SPL delegations on a Solana rail: the payer runs SPL {@code Approve} on its associated token account with
 * the gateway's sponsor key as delegate; a charge is one legacy transaction the sponsor alone signs, as fee payer
 * and as the delegate: {@code TransferChecked} of the net to the payee's account and of the fee to the fee
 * recipient's (each created idempotently first when missing, its rent paid by the sponsor), and the memo
 * {@code ATP:<job id>}. The fee, and any rent, is reserved from the sponsor's budget under the payer, and given back
 * if the charge is never broadcast.
 *
 * <p>The sponsor key also pays fees of client-signed and x402 transactions; those paths refuse any instruction that
 * names it, so a client can never borrow its delegate authority.
 */
final class SolanaAllowanceCharges implements AllowanceCharges {
    private static final long LAMPORTS_PER_SIGNATURE = 5_000;
    /** SPL token account: mint(32) owner(32) amount(8) delegate(4+32) state(1) is_native(4+8) delegated(8) close(4+32). */
    private static final int ACCOUNT_LENGTH = 165;
    private static final int AMOUNT = 64;
    private static final int DELEGATE_TAG = 72;
    private static final int DELEGATE = 76;
    private static final int STATE = 108;
    private static final int DELEGATED_AMOUNT = 121;
    private static final int INITIALIZED = 1;
    /** A Token-2022 associated account carries the ImmutableOwner extension: 165 + account type + TLV header. */
    private static final int TOKEN_2022_ATA_LENGTH = 170;

    private final SolanaRail rail;
    private final SolanaRpc rpc;
    private final SolanaSponsor sponsor;
    /** Lamports reserved per signed, not yet broadcast charge. */
    private final Map<String, Reserved> reservations = new ConcurrentHashMap<>();

    private record Reserved(String payer, BigInteger lamports) {
    }

    /** What the payer's account says, read once. */
    private record Account(boolean exists, String delegate, BigInteger delegated, BigInteger amount, boolean usable) {
    }

    SolanaAllowanceCharges(SolanaRail rail, SolanaRpc rpc, SolanaSponsor sponsor) {
        this.rail = rail;
        this.rpc = rpc;
        this.sponsor = sponsor;
    }

    @Override
    public String spender(ChainAsset asset) {
        requireToken(asset);
        return sponsor.address();
    }

    /** The delegated amount when the payer's account delegates to the sponsor (zero when to anyone else). */
    @Override
    public AllowanceState read(String payer, ChainAsset asset) {
        ChainAsset token = requireToken(asset);
        if (!SolanaKeys.isValidAddress(payer)) {
            throw new IllegalArgumentException("not a Solana address: " + payer);
        }
        Account account = account(payer, token);
        BigInteger allowance = account.usable() && sponsor.address().equals(account.delegate())
                ? account.delegated() : BigInteger.ZERO;
        return new AllowanceState(sponsor.address(), allowance, account.amount());
    }

    @Override
    public SignedPayment prepare(PaymentIntent intent) throws AllowanceRefusedException {
        if (!intent.network().equals(rail.network())) {
            throw new IllegalArgumentException("intent is for " + intent.network() + ", not " + rail.network());
        }
        ChainAsset token = tokenOf(intent.asset());
        if (token == null) {
            throw new AllowanceRefusedException("wrong_asset", intent.asset().symbol()
                    + " cannot be charged from a delegation on " + rail.network());
        }
        if (intent.payer() == null || !SolanaKeys.isValidAddress(intent.payer())
                || !SolanaKeys.isValidAddress(intent.payee()) || !SolanaKeys.isValidAddress(intent.feeRecipient())) {
            throw new IllegalArgumentException("an allowance charge needs Solana addresses for payer, payee and fee recipient");
        }
        BigInteger total = intent.totalUnits();
        if (total.bitLength() > 63) {
            throw new AllowanceRefusedException("allowance_insufficient", "no delegation covers " + total + " units");
        }
        Account account = account(intent.payer(), token);
        if (!account.usable() || !sponsor.address().equals(account.delegate())) {
            throw new AllowanceRefusedException("not_delegated", "the payer's " + token.symbol()
                    + " account does not delegate to the gateway " + sponsor.address());
        }
        if (account.delegated().compareTo(total) < 0) {
            throw new AllowanceRefusedException("allowance_insufficient", "the payer delegated " + account.delegated()
                    + " units, the charge is " + total);
        }
        if (account.amount().compareTo(total) < 0) {
            throw new AllowanceRefusedException("balance_insufficient", "the payer holds " + account.amount()
                    + " units, the charge is " + total);
        }
        PublicKey delegate = new PublicKey(sponsor.address());
        PublicKey mint = new PublicKey(token.address());
        PublicKey program = SolanaPrograms.tokenProgramOf(token);
        PublicKey source = SolanaKeys.associatedTokenAccount(new PublicKey(intent.payer()), mint, program);
        byte decimals = (byte) token.decimals();
        List<TransactionInstruction> ixs = new ArrayList<>();
        long lamports = LAMPORTS_PER_SIGNATURE;
        String[] recipients = {intent.payee(), intent.feeRecipient()};
        BigInteger[] amounts = {intent.netUnits(), intent.feeUnits()};
        for (int i = 0; i < 2; i++) {
            if (amounts[i].signum() == 0) {
                continue;
            }
            PublicKey owner = new PublicKey(recipients[i]);
            PublicKey destination = SolanaKeys.associatedTokenAccount(owner, mint, program);
            if (i == 0 || !recipients[1].equals(recipients[0])) {
                if (!exists(destination)) {
                    ixs.add(SolanaPaymentBuilder.createAtaIdempotent(delegate, owner, mint, program));
                    lamports += rent(program);
                }
            }
            ixs.add(SolanaPaymentBuilder.transferChecked(program, source, destination, amounts[i].longValueExact(),
                    decimals, delegate, mint));
        }
        ixs.add(SolanaPaymentBuilder.memoV2(delegate, intent.memo()));
        JsonNode latest = rpc.read("getLatestBlockhash", Map.of("commitment", "confirmed")).path("value");
        SolanaTransaction unsigned = SolanaMessageCompiler.compile(delegate, ixs,
                Base58.decode(latest.path("blockhash").asText()), -1);
        byte[] signature = sponsor.sign(unsigned.message());
        String txId = Base58.encode(signature);
        BigInteger fee = BigInteger.valueOf(lamports);
        if (!sponsor.budget().tryReserve(rail.network().value(), intent.payer(), fee)) {
            throw new AllowanceRefusedException("sponsor_budget_exhausted", "paying this charge's network fee ("
                    + lamports + " lamports) would pass the gateway's budget for " + intent.payer());
        }
        reservations.put(txId, new Reserved(intent.payer(), fee));
        byte[] wire = SolanaTransactionEncoder.transaction(List.of(signature), unsigned.message());
        return new SignedPayment(txId, wire, sponsor.address(), latest.path("lastValidBlockHeight").asLong());
    }

    /** Broadcasts once with preflight; a refusal gives the fee back, a send that may have happened keeps it spent. */
    @Override
    public CustodialSigner.Submission submit(SignedPayment prepared) throws PaymentRejectedException {
        if (!sponsor.address().equals(prepared.payer())) {
            throw new PaymentRejectedException(PaymentRejectedException.Reason.INVALID_REQUEST, "not a charge of this delegate");
        }
        try {
            CustodialSigner.Submission submission = rail.submit(prepared, false);
            reservations.remove(prepared.txId());
            return submission;
        } catch (PaymentRejectedException refused) {
            discard(prepared); // refused by the node's preflight: never landed, nothing charged
            throw refused;
        } catch (RailUnavailableException maybeSent) {
            reservations.remove(prepared.txId());
            throw maybeSent;
        }
    }

    /**
     * VERIFIED only when the landed transaction carries the job's memo and moved exactly net and fee from the payer's
     * account under the sponsor's delegation (the rail's usual waiting and dropping rules apply).
     */
    @Override
    public PaymentCheck check(PaymentIntent intent, String txId, Commitment commitment, long validUntil) {
        if (intent.payer() == null || tokenOf(intent.asset()) == null) {
            throw new IllegalArgumentException("an allowance charge is checked against its payer and SPL token");
        }
        return rail.checkAllowanceCharge(intent, sponsor.address(), txId, commitment, validUntil);
    }

    @Override
    public void discard(SignedPayment prepared) {
        Reserved reserved = reservations.remove(prepared.txId());
        if (reserved != null) {
            sponsor.budget().release(rail.network().value(), reserved.payer(), reserved.lamports());
        }
    }

    // ---- helpers ----

    private Account account(String owner, ChainAsset token) {
        PublicKey program = SolanaPrograms.tokenProgramOf(token);
        String ata = SolanaKeys.associatedTokenAccount(new PublicKey(owner), new PublicKey(token.address()), program)
                .toBase58();
        JsonNode value = rpc.read("getAccountInfo", ata, Map.of("encoding", "base64", "commitment", "confirmed"))
                .path("value");
        if (value.isNull() || value.isMissingNode()) {
            return new Account(false, null, BigInteger.ZERO, BigInteger.ZERO, false);
        }
        String data64 = value.path("data").path(0).asText("");
        // an account is a few hundred bytes at most; refuse to decode anything far larger
        if (data64.length() > 4 * 1024 || !program.toBase58().equals(value.path("owner").asText())) {
            return new Account(false, null, BigInteger.ZERO, BigInteger.ZERO, false);
        }
        byte[] data = Base64.getDecoder().decode(data64);
        if (data.length < ACCOUNT_LENGTH
                || !Arrays.equals(Arrays.copyOfRange(data, 0, 32), new PublicKey(token.address()).toByteArray())
                || !Arrays.equals(Arrays.copyOfRange(data, 32, 64), new PublicKey(owner).toByteArray())) {
            return new Account(false, null, BigInteger.ZERO, BigInteger.ZERO, false);
        }
        BigInteger amount = SolanaPaymentVerifier.u64(data, AMOUNT);
        boolean hasDelegate = data[DELEGATE_TAG] == 1 && data[DELEGATE_TAG + 1] == 0 && data[DELEGATE_TAG + 2] == 0
                && data[DELEGATE_TAG + 3] == 0;
        String delegate = hasDelegate ? Base58.encode(Arrays.copyOfRange(data, DELEGATE, DELEGATE + 32)) : null;
        boolean initialized = data[STATE] == INITIALIZED; // 2 is frozen: nothing can move
        return new Account(true, delegate, hasDelegate ? SolanaPaymentVerifier.u64(data, DELEGATED_AMOUNT)
                : BigInteger.ZERO, amount, initialized);
    }

    private boolean exists(PublicKey account) {
        JsonNode value = rpc.read("getAccountInfo", account.toBase58(),
                Map.of("encoding", "base64", "commitment", "confirmed")).path("value");
        return !value.isNull() && !value.isMissingNode();
    }

    private long rent(PublicKey program) {
        int size = SolanaPrograms.TOKEN_2022.toBase58().equals(program.toBase58()) ? TOKEN_2022_ATA_LENGTH : ACCOUNT_LENGTH;
        return rpc.read("getMinimumBalanceForRentExemption", size).asLong();
    }

    private ChainAsset requireToken(ChainAsset asset) {
        ChainAsset token = tokenOf(asset);
        if (token == null) {
            throw new IllegalArgumentException(asset.symbol() + " is not an SPL token of " + rail.network());
        }
        return token;
    }

    private ChainAsset tokenOf(ChainAsset asset) {
        if (asset == null || asset.isNative()) {
            return null;
        }
        return rail.assets().values().stream().filter(a -> !a.isNative() && a.address().equals(asset.address()))
                .findFirst().orElse(null);
    }
}
