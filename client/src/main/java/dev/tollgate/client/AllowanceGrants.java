package dev.tollgate.client;

import dev.tollgate.chain.allowance.AllowanceState;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.p2p.solanaj.core.AccountMeta;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.core.TransactionInstruction;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * The up-front grant a payer makes so a billed endpoint can charge it after each request without its key (issue 10,
 * {@link AllowanceOffer}), signed here and sent to the client's own RPC node, and read back from the chain.
 *
 * <ul>
 *   <li>EVM: ERC-20 {@code approve(spender, units)} on the token, from the wallet (it pays the gas). An approve
 *       <em>sets</em> the allowance to {@code units}; it does not add to it.</li>
 *   <li>Solana: SPL {@code ApproveChecked} on the wallet's associated token account of the mint (decimals checked
 *       by the token program), delegating {@code units} to the spender; the wallet pays the fee. A token account has
 *       one delegate: this replaces any other delegate of that account, and sets the amount to {@code units}.</li>
 * </ul>
 *
 * A grant returns once the chain confirmed it (confirmed on Solana, mined on EVM), so the next billed request sees it.
 */
public final class AllowanceGrants {
    /** SPL Token {@code ApproveChecked}: amount u64 and decimals, checked against the mint. */
    private static final byte APPROVE_CHECKED = 13;
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger UINT256_MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    private final Map<String, URI> rpcByNetwork;
    private final Duration rpcTimeout;
    private final Clock clock;
    private final Map<String, ChainRpc> nodes = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param rpcByNetwork the client's RPC node of each network (CAIP-2 id) it grants on */
    public AllowanceGrants(Map<String, URI> rpcByNetwork, Duration rpcTimeout, Clock clock) {
        this.rpcByNetwork = Map.copyOf(rpcByNetwork);
        this.rpcTimeout = Objects.requireNonNull(rpcTimeout, "rpcTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A confirmed grant: its transaction id and the allowance it set. */
    public record Grant(String network, String txId, BigInteger units) {
    }

    /**
     * What {@code owner} has granted the offer's spender and holds, read from the chain now (Solana: the delegated
     * amount of its associated token account when the delegate is the spender, else zero).
     */
    public AllowanceState read(AllowanceOffer offer, String owner) {
        if (offer.isEvm()) {
            EvmChain chain = evm(offer.network());
            BigInteger allowance = chain.callUint(offer.assetAddress(), FunctionEncoder.encode(new Function("allowance",
                    List.of(new Address(owner), new Address(offer.spender())), List.of())));
            BigInteger balance = chain.callUint(offer.assetAddress(), FunctionEncoder.encode(new Function("balanceOf",
                    List.of(new Address(owner)), List.of())));
            return new AllowanceState(offer.spender(), allowance, balance);
        }
        SolanaChain chain = solana(offer.network());
        SolanaChain.Mint mint = chain.mint(offer.assetAddress());
        SolanaChain.TokenAccount account = chain.tokenAccount(
                SolanaChain.associatedTokenAccount(owner, mint.address(), mint.tokenProgram()));
        if (account == null) {
            return new AllowanceState(offer.spender(), BigInteger.ZERO, BigInteger.ZERO);
        }
        if (!account.mint().equals(mint.address()) || !account.owner().equals(owner)) {
            throw new TollgateException(0, TollgateException.LOCAL_PAYMENT_FAILED,
                    "the associated token account of " + owner + " holds another mint or owner");
        }
        BigInteger delegated = offer.spender().equals(account.delegate()) ? account.delegatedAmount() : BigInteger.ZERO;
        return new AllowanceState(offer.spender(), delegated, account.amount());
    }

    /**
     * Sets the wallet's allowance for the offer's spender to {@code units} (0 withdraws it) and waits until the chain
     * confirmed it (at most {@code wait}).
     *
     * @throws TollgateException {@code local_payment_failed} when the node refused or the grant failed on chain
     *                           (nothing granted); {@code still_pending} when it was sent but not confirmed in time;
     *                           {@code chain_unreachable} when the node could not be asked
     */
    public Grant grant(Wallet wallet, AllowanceOffer offer, BigInteger units, Duration wait) {
        Objects.requireNonNull(units, "units");
        if (units.signum() < 0) {
            throw new IllegalArgumentException("units must not be negative");
        }
        if (!offer.network().startsWith(wallet.namespace() + ":")) {
            throw new IllegalArgumentException("a " + wallet.namespace() + " wallet cannot grant on " + offer.network());
        }
        Instant deadline = clock.instant().plus(wait);
        if (wallet instanceof EvmWallet evm) {
            if (units.compareTo(UINT256_MAX) > 0) {
                throw new IllegalArgumentException("units exceed uint256");
            }
            EvmChain chain = evm(offer.network());
            String hash = chain.send(evm, offer.assetAddress(), FunctionEncoder.encode(new Function("approve",
                    List.of(new Address(offer.spender()), new Uint256(units)), List.of())));
            chain.awaitSuccess(hash, deadline, clock);
            return new Grant(offer.network(), hash, units);
        }
        SolanaWallet sol = (SolanaWallet) wallet;
        if (units.compareTo(U64_MAX) > 0) {
            throw new IllegalArgumentException("units exceed u64");
        }
        SolanaChain chain = solana(offer.network());
        SolanaChain.Mint mint = chain.mint(offer.assetAddress());
        if (mint.decimals() != offer.decimals()) {
            throw new TollgateException(0, TollgateException.LOCAL_PAYMENT_FAILED, "the mint " + mint.address()
                    + " has " + mint.decimals() + " decimals, the offer says " + offer.decimals() + "; nothing granted");
        }
        SolanaChain.Blockhash blockhash = chain.latestBlockhash();
        byte[] wire = SolanaChain.signAs(sol, new PublicKey(sol.address()),
                List.of(approveChecked(sol.address(), mint, offer.spender(), units)), blockhash.blockhash(), -1);
        String signature = chain.send(wire);
        chain.awaitConfirmed(signature, blockhash.lastValidBlockHeight(), deadline, clock);
        return new Grant(offer.network(), signature, units);
    }

    /** SPL {@code ApproveChecked}: [source (w), mint, delegate, owner (signer)], data 13 ‖ u64 LE ‖ decimals. */
    static TransactionInstruction approveChecked(String owner, SolanaChain.Mint mint, String delegate, BigInteger units) {
        String source = SolanaChain.associatedTokenAccount(owner, mint.address(), mint.tokenProgram());
        byte[] data = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put(APPROVE_CHECKED)
                .putLong(units.longValue()).put((byte) mint.decimals()).array();
        return new TransactionInstruction(new PublicKey(mint.tokenProgram()), List.of(
                new AccountMeta(new PublicKey(source), false, true),
                new AccountMeta(new PublicKey(mint.address()), false, false),
                new AccountMeta(new PublicKey(delegate), false, false),
                new AccountMeta(new PublicKey(owner), true, false)), data);
    }

    private EvmChain evm(String network) {
        return new EvmChain(rpc(network), network);
    }

    private SolanaChain solana(String network) {
        return new SolanaChain(rpc(network), network);
    }

    private ChainRpc rpc(String network) {
        URI url = rpcByNetwork.get(network);
        if (url == null) {
            throw new IllegalStateException("no RPC node configured for " + network);
        }
        return nodes.computeIfAbsent(network, n -> new ChainRpc(n, url, rpcTimeout));
    }
}
