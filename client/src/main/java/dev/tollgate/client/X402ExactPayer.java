package dev.tollgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.evm.Eip3009;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.p2p.solanaj.core.AccountMeta;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.core.TransactionInstruction;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * Pays an x402 v2 {@code exact} requirement (an {@code accepts[]} entry of a {@code PAYMENT-REQUIRED}) from Java,
 * as the stock {@code @x402/evm} / {@code @x402/svm} 2.27 clients do: the {@code PAYMENT-SIGNATURE} header value is
 * standard base64 of {@code {x402Version: 2, payload, resource, accepted}}, {@code accepted} being the entry verbatim.
 *
 * <ul>
 *   <li><b>EVM</b> (EIP-3009, no RPC needed): {@code payload = {signature, authorization: {from, to, value,
 *       validAfter, validBefore, nonce}}}, a {@code TransferWithAuthorization} of exactly {@code amount} to
 *       {@code payTo} (on a billed endpoint: its split vault), numbers as decimal strings, {@code validAfter = "0"},
 *       {@code validBefore = now + maxTimeoutSeconds}, a random 32-byte nonce, signed over the EIP-712 domain
 *       {@code extra.name}/{@code extra.version}, the chain id and the token.</li>
 *   <li><b>Solana</b> (needs the client's RPC node for the mint and a blockhash): {@code payload = {transaction}},
 *       base64 of a v0 transaction whose fee payer is {@code extra.feePayer} (its signature slot left empty for the
 *       gateway), with SetComputeUnitLimit(20000), SetComputeUnitPrice(1), TransferChecked of exactly
 *       {@code amount} from the wallet's token account to {@code payTo}'s associated token account, and a Memo v2
 *       of {@code extra.memo} (or 16 random bytes in hex), signed by the wallet only.</li>
 * </ul>
 *
 * The wallet pays nothing until the server settles; the payload pays exactly one requirement once.
 */
public final class X402ExactPayer {
    static final int COMPUTE_UNIT_LIMIT = 20_000;
    static final long COMPUTE_UNIT_PRICE_MICRO_LAMPORTS = 1;
    static final String MEMO_PROGRAM = "MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr";
    private static final String COMPUTE_BUDGET = "ComputeBudget111111111111111111111111111111";
    private static final byte TRANSFER_CHECKED = 12;
    private static final int MAX_MEMO_BYTES = 256;
    private static final int MAX_TIMEOUT_SECONDS = 86_400;
    private static final Pattern UNITS = Pattern.compile("[1-9][0-9]{0,76}");
    private static final Pattern EVM_ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern SOLANA_ADDRESS = Pattern.compile("[1-9A-HJ-NP-Za-km-z]{32,44}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, URI> rpcByNetwork;
    private final Duration rpcTimeout;
    private final Clock clock;
    private final Map<String, ChainRpc> nodes = new ConcurrentHashMap<>();

    /** @param rpcByNetwork the client's RPC node of each Solana network it pays on (EVM needs none) */
    public X402ExactPayer(Map<String, URI> rpcByNetwork, Duration rpcTimeout, Clock clock) {
        this.rpcByNetwork = Map.copyOf(rpcByNetwork);
        this.rpcTimeout = Objects.requireNonNull(rpcTimeout, "rpcTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The {@code PAYMENT-SIGNATURE} value paying {@code accept} (scheme {@code exact}, on the wallet's chain family)
     * of {@code paymentRequired} (the decoded {@code PAYMENT-REQUIRED}; its {@code resource} is echoed).
     *
     * @throws IllegalArgumentException the entry is not an exact requirement this wallet can pay
     */
    public String paymentSignature(Wallet wallet, JsonNode paymentRequired, JsonNode accept) {
        Map<String, Object> payload = wallet instanceof EvmWallet evm
                ? evmPayload(evm, accept, BigInteger.valueOf(clock.instant().getEpochSecond() + timeoutOf(accept)),
                        randomNonce())
                : solanaPayload((SolanaWallet) wallet, accept);
        return encode(paymentRequired, accept, payload);
    }

    /** {@code base64({x402Version: 2, payload, resource, accepted})}, the wire order of @x402/fetch 2.27. */
    static String encode(JsonNode paymentRequired, JsonNode accept, Map<String, Object> payload) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("x402Version", 2);
        envelope.put("payload", payload);
        if (paymentRequired != null && paymentRequired.path("resource").isObject()) {
            envelope.put("resource", paymentRequired.get("resource"));
        }
        envelope.put("accepted", accept);
        try {
            return Base64.getEncoder().encodeToString(GatewayHttp.JSON.writeValueAsBytes(envelope));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a payment payload", e);
        }
    }

    /** The EIP-3009 payload for {@code accept}, valid until {@code validBefore}, with {@code nonce} (32 bytes). */
    static Map<String, Object> evmPayload(EvmWallet wallet, JsonNode accept, BigInteger validBefore, byte[] nonce) {
        requireExact(accept, "eip155:");
        long chainId = EvmChain.chainIdOf(accept.path("network").asText());
        String asset = address(accept, "asset", EVM_ADDRESS);
        String payTo = Keys.toChecksumAddress(address(accept, "payTo", EVM_ADDRESS));
        BigInteger value = amount(accept);
        JsonNode extra = accept.path("extra");
        String method = extra.path("assetTransferMethod").asText("eip3009");
        if (!"eip3009".equals(method)) {
            throw new IllegalArgumentException("only EIP-3009 exact requirements are paid here, not " + method);
        }
        if (!extra.path("name").isTextual() || !extra.path("version").isTextual()) {
            throw new IllegalArgumentException("an EVM exact requirement names the token's EIP-712 extra.name and version");
        }
        if (nonce.length != 32) {
            throw new IllegalArgumentException("an EIP-3009 nonce is 32 bytes");
        }
        Eip3009.Authorization auth = new Eip3009.Authorization(wallet.address(), payTo, value, BigInteger.ZERO,
                validBefore, nonce);
        byte[] digest = Eip3009.digest(Eip3009.domainSeparator(extra.get("name").asText(), extra.get("version").asText(),
                chainId, asset), Eip3009.TRANSFER, auth);
        Map<String, Object> authorization = new LinkedHashMap<>();
        authorization.put("from", wallet.address());
        authorization.put("to", payTo);
        authorization.put("value", value.toString());
        authorization.put("validAfter", "0");
        authorization.put("validBefore", validBefore.toString());
        authorization.put("nonce", Numeric.toHexString(nonce));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("authorization", authorization);
        payload.put("signature", wallet.signDigest(digest));
        return payload;
    }

    /** The partially signed SVM transaction for {@code accept}, on a fresh blockhash from the client's node. */
    Map<String, Object> solanaPayload(SolanaWallet wallet, JsonNode accept) {
        requireExact(accept, "solana:");
        String network = accept.path("network").asText();
        String mintAddress = address(accept, "asset", SOLANA_ADDRESS);
        String payTo = address(accept, "payTo", SOLANA_ADDRESS);
        BigInteger amount = amount(accept);
        if (amount.bitLength() > 64) {
            throw new IllegalArgumentException("amount exceeds u64");
        }
        JsonNode extra = accept.path("extra");
        String feePayer = extra.path("feePayer").asText("");
        if (!SOLANA_ADDRESS.matcher(feePayer).matches()) {
            throw new IllegalArgumentException("a Solana exact requirement names its extra.feePayer");
        }
        if (feePayer.equals(wallet.address())) {
            throw new IllegalArgumentException("the fee payer must not be the paying wallet");
        }
        String memo = extra.hasNonNull("memo") ? extra.get("memo").asText() : HexFormat.of().formatHex(randomBytes(16));
        if (memo.getBytes(StandardCharsets.UTF_8).length > MAX_MEMO_BYTES) {
            throw new IllegalArgumentException("extra.memo is longer than " + MAX_MEMO_BYTES + " bytes");
        }
        SolanaChain chain = new SolanaChain(rpc(network), network);
        SolanaChain.Mint mint = chain.mint(mintAddress);
        List<TransactionInstruction> ixs = List.of(
                new TransactionInstruction(new PublicKey(COMPUTE_BUDGET), List.of(),
                        ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN).put((byte) 2).putInt(COMPUTE_UNIT_LIMIT).array()),
                new TransactionInstruction(new PublicKey(COMPUTE_BUDGET), List.of(),
                        ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) 3)
                                .putLong(COMPUTE_UNIT_PRICE_MICRO_LAMPORTS).array()),
                transferChecked(wallet.address(), mint, payTo, amount),
                new TransactionInstruction(new PublicKey(MEMO_PROGRAM), List.of(), memo.getBytes(StandardCharsets.UTF_8)));
        byte[] wire = SolanaChain.signAs(wallet, new PublicKey(feePayer), ixs, chain.latestBlockhash().blockhash(), 0);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("transaction", Base64.getEncoder().encodeToString(wire));
        return payload;
    }

    /** SPL {@code TransferChecked}: [source ATA (w), mint, destination ATA (w), authority (signer)]. */
    static TransactionInstruction transferChecked(String owner, SolanaChain.Mint mint, String payTo, BigInteger amount) {
        String source = SolanaChain.associatedTokenAccount(owner, mint.address(), mint.tokenProgram());
        String destination = SolanaChain.associatedTokenAccount(payTo, mint.address(), mint.tokenProgram());
        byte[] data = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put(TRANSFER_CHECKED)
                .putLong(amount.longValue()).put((byte) mint.decimals()).array();
        return new TransactionInstruction(new PublicKey(mint.tokenProgram()), List.of(
                new AccountMeta(new PublicKey(source), false, true),
                new AccountMeta(new PublicKey(mint.address()), false, false),
                new AccountMeta(new PublicKey(destination), false, true),
                new AccountMeta(new PublicKey(owner), true, false)), data);
    }

    private static void requireExact(JsonNode accept, String namespace) {
        if (accept == null || !accept.isObject() || !"exact".equals(accept.path("scheme").asText())) {
            throw new IllegalArgumentException("not an exact requirement");
        }
        if (!accept.path("network").asText("").startsWith(namespace)) {
            throw new IllegalArgumentException("the requirement is on " + accept.path("network").asText("")
                    + ", not a " + namespace + " network this wallet pays on");
        }
    }

    private static String address(JsonNode accept, String field, Pattern form) {
        String text = accept.path(field).asText("");
        if (!form.matcher(text).matches()) {
            throw new IllegalArgumentException(field + " is not an address of " + accept.path("network").asText(""));
        }
        return text;
    }

    /** {@code amount}: a positive decimal integer string (x402 v2). */
    static BigInteger amount(JsonNode accept) {
        String text = accept.path("amount").asText("");
        if (!UNITS.matcher(text).matches()) {
            throw new IllegalArgumentException("amount is not a positive integer of atomic units");
        }
        return new BigInteger(text);
    }

    private static int timeoutOf(JsonNode accept) {
        JsonNode t = accept.path("maxTimeoutSeconds");
        if (!t.canConvertToInt() || t.asInt() < 1 || t.asInt() > MAX_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException("maxTimeoutSeconds must be 1 to " + MAX_TIMEOUT_SECONDS);
        }
        return t.asInt();
    }

    private static byte[] randomNonce() {
        return randomBytes(32);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private ChainRpc rpc(String network) {
        URI url = rpcByNetwork.get(network);
        if (url == null) {
            throw new IllegalStateException("no RPC node configured for " + network);
        }
        return nodes.computeIfAbsent(network, n -> new ChainRpc(n, url, rpcTimeout));
    }
}
