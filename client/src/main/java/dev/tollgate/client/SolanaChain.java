package dev.tollgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.solana.SolanaNetworkConfig;
import dev.tollgate.chain.solana.tx.SolanaMessageCompiler;
import dev.tollgate.chain.solana.tx.SolanaTransaction;
import dev.tollgate.chain.solana.tx.SolanaTransactionEncoder;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.core.TransactionInstruction;
import org.p2p.solanaj.utils.Base58;

/**
 * What the client reads from and sends to its own Solana node: mints, token accounts (decoded from their fixed SPL
 * layout, size-checked), the latest blockhash, and transactions it signed itself, awaited until confirmed.
 */
final class SolanaChain {
    static final PublicKey ASSOCIATED_TOKEN_PROGRAM = new PublicKey("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");
    static final List<String> TOKEN_PROGRAMS = List.of(SolanaNetworkConfig.TOKEN_PROGRAM,
            SolanaNetworkConfig.TOKEN_2022_PROGRAM);
    /** SPL mint: decimals at offset 44 of at least 82 bytes. */
    private static final int MINT_BYTES = 82;
    /** SPL token account base layout; Token-2022 accounts may carry extensions after it. */
    private static final int TOKEN_ACCOUNT_BYTES = 165;
    /** Base64 of a token account with every Token-2022 extension stays far below this. */
    private static final int MAX_ACCOUNT_BASE64_CHARS = 16 * 1024;

    private final ChainRpc rpc;
    private final String network;

    SolanaChain(ChainRpc rpc, String network) {
        this.rpc = rpc;
        this.network = network;
    }

    /** A mint: its token program (the account's owner) and decimals. */
    record Mint(String address, String tokenProgram, int decimals) {
    }

    /** The SPL token account fields a grant is read from. */
    record TokenAccount(String mint, String owner, BigInteger amount, String delegate, BigInteger delegatedAmount) {
    }

    record Blockhash(String blockhash, long lastValidBlockHeight) {
    }

    Mint mint(String address) {
        JsonNode value = accountInfo(address);
        if (value == null) {
            throw refused("the mint " + address + " does not exist on " + network);
        }
        String owner = value.path("owner").asText("");
        byte[] data = data(value);
        if (!TOKEN_PROGRAMS.contains(owner) || data.length < MINT_BYTES) {
            throw refused(address + " is not an SPL mint on " + network);
        }
        return new Mint(address, owner, data[44] & 0xff);
    }

    /** The token account at {@code address}, or {@code null} when it does not exist. */
    TokenAccount tokenAccount(String address) {
        JsonNode value = accountInfo(address);
        if (value == null) {
            return null;
        }
        byte[] data = data(value);
        if (!TOKEN_PROGRAMS.contains(value.path("owner").asText("")) || data.length < TOKEN_ACCOUNT_BYTES) {
            throw refused(address + " is not an SPL token account on " + network);
        }
        ByteBuffer le = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        String delegate = le.getInt(72) == 1 ? Base58.encode(Arrays.copyOfRange(data, 76, 108)) : null;
        return new TokenAccount(Base58.encode(Arrays.copyOfRange(data, 0, 32)),
                Base58.encode(Arrays.copyOfRange(data, 32, 64)), u64(le, 64), delegate,
                delegate == null ? BigInteger.ZERO : u64(le, 121));
    }

    /** The associated token account of {@code owner} for {@code mint} under {@code tokenProgram}. */
    static String associatedTokenAccount(String owner, String mint, String tokenProgram) {
        try {
            return PublicKey.findProgramAddress(List.of(new PublicKey(owner).toByteArray(),
                    new PublicKey(tokenProgram).toByteArray(), new PublicKey(mint).toByteArray()),
                    ASSOCIATED_TOKEN_PROGRAM).getAddress().toBase58();
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot derive the associated token account", e);
        }
    }

    Blockhash latestBlockhash() {
        JsonNode value = rpc.call("getLatestBlockhash", Map.of("commitment", "confirmed")).path("value");
        String hash = value.path("blockhash").asText("");
        if (hash.isEmpty() || hash.length() > 44) {
            throw new TollgateException(TollgateException.CHAIN_UNREACHABLE,
                    "The RPC node of " + network + " gave no blockhash; nothing was signed", null);
        }
        return new Blockhash(hash, value.path("lastValidBlockHeight").asLong(-1));
    }

    /**
     * Compiles {@code instructions} with {@code feePayer} (legacy message with {@code version} -1, else v0), and
     * fills the slot of {@code wallet} with its signature; other slots stay empty. The wire bytes.
     */
    static byte[] signAs(SolanaWallet wallet, PublicKey feePayer, List<TransactionInstruction> instructions,
                         String blockhash, int version) {
        byte[] hash = Base58.decode(blockhash);
        if (hash.length != 32) {
            throw new IllegalArgumentException("the blockhash is not base58 of 32 bytes");
        }
        SolanaTransaction unsigned = SolanaMessageCompiler.compile(feePayer, instructions, hash, version);
        List<byte[]> slots = new ArrayList<>(unsigned.signatures());
        boolean signed = false;
        for (int i = 0; i < unsigned.header().requiredSignatures(); i++) {
            if (Base58.encode(unsigned.accountKeys().get(i)).equals(wallet.address())) {
                slots.set(i, wallet.signBytes(unsigned.message()));
                signed = true;
            }
        }
        if (!signed) {
            throw new IllegalStateException("the transaction does not need the wallet's signature");
        }
        return SolanaTransactionEncoder.transaction(slots, unsigned.message());
    }

    /** Sends fully signed bytes (with preflight: a transaction the node would fail is refused, never landed). */
    String send(byte[] wire) {
        try {
            return rpc.call("sendTransaction", Base64.getEncoder().encodeToString(wire),
                    Map.of("encoding", "base64", "preflightCommitment", "confirmed")).asText();
        } catch (ChainRpc.Refused e) {
            throw new TollgateException(0, TollgateException.LOCAL_PAYMENT_FAILED,
                    "The node of " + network + " refused the transaction; it was not sent (JSON-RPC error "
                            + e.code() + ")");
        }
    }

    /**
     * Polls until {@code signature} is confirmed; a failed transaction, one whose blockhash expired unseen
     * ({@code lastValidBlockHeight} passed: it can never land) or the deadline is an exception.
     */
    void awaitConfirmed(String signature, long lastValidBlockHeight, Instant deadline, Clock clock) {
        while (true) {
            JsonNode status = rpc.call("getSignatureStatuses", List.of(signature),
                    Map.of("searchTransactionHistory", true)).path("value").path(0);
            if (status.isObject()) {
                if (status.hasNonNull("err")) {
                    throw new TollgateException(0, TollgateException.LOCAL_PAYMENT_FAILED,
                            "The transaction " + signature + " failed on " + network);
                }
                String level = status.path("confirmationStatus").asText("");
                if (level.equals("confirmed") || level.equals("finalized")) {
                    return;
                }
            }
            if (!status.isObject() && lastValidBlockHeight > 0
                    && rpc.call("getBlockHeight", Map.of("commitment", "confirmed")).asLong(0) > lastValidBlockHeight) {
                throw new TollgateException(0, TollgateException.LOCAL_PAYMENT_FAILED, "The transaction " + signature
                        + " expired unconfirmed on " + network + "; it can never land");
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new TollgateException(0, TollgateException.STILL_PENDING, "The transaction " + signature
                        + " is not confirmed on " + network + " yet; read the allowance again before granting anew");
            }
            Pause.briefly();
        }
    }

    private JsonNode accountInfo(String address) {
        JsonNode value = rpc.call("getAccountInfo", address, Map.of("encoding", "base64", "commitment", "confirmed"))
                .path("value");
        return value.isObject() ? value : null;
    }

    private byte[] data(JsonNode value) {
        JsonNode data = value.path("data");
        String b64 = data.isArray() ? data.path(0).asText("") : "";
        if (b64.length() > MAX_ACCOUNT_BASE64_CHARS) {
            throw refused("an account on " + network + " is larger than any token account");
        }
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw refused("an account on " + network + " is not base64");
        }
    }

    private static BigInteger u64(ByteBuffer le, int offset) {
        return new BigInteger(Long.toUnsignedString(le.getLong(offset)));
    }

    private TollgateException refused(String message) {
        return new TollgateException(0, TollgateException.LOCAL_PAYMENT_FAILED, message);
    }
}
