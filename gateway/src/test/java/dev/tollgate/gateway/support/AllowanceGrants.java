package dev.tollgate.gateway.support;

import dev.tollgate.chain.evm.EvmDeployer;
import dev.tollgate.chain.solana.tx.SolanaMessageCompiler;
import dev.tollgate.chain.solana.tx.SolanaTransaction;
import dev.tollgate.chain.solana.tx.SolanaTransactionEncoder;
import dev.tollgate.localnet.evm.AnvilNode;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.core.AccountMeta;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.core.TransactionInstruction;
import org.p2p.solanaj.utils.Base58;
import org.p2p.solanaj.utils.TweetNaclFast;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * What a payer does once before paying billed requests from an allowance, as its own wallet would: an ERC-20
 * {@code approve} to the AllowanceSplitter, or an SPL {@code ApproveChecked} delegating to the gateway's sponsor
 * key; and the per-request {@code SIGN-IN-WITH-X} for the host's URL (EVM: EIP-4361 text, personal_sign), written
 * out here independently of the gateway's builder.
 */
public final class AllowanceGrants {
    private static final PublicKey TOKEN = new PublicKey("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
    private static final PublicKey ASSOCIATED_TOKEN = new PublicKey("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");

    private AllowanceGrants() {
    }

    /** Deploys an AllowanceSplitter on the local anvil whose only biller is {@code biller}. */
    public static String deployAllowanceSplitter(LocalPolygon chain, String biller) {
        try (EvmDeployer deployer = new EvmDeployer(chain.anvil.rpcUrl(), chain.chainId, Duration.ofSeconds(10))) {
            return deployer.deployAllowanceSplitter(AnvilNode.DEV_PRIVATE_KEYS.get(0), List.of(biller));
        } catch (Exception e) {
            throw new IllegalStateException("cannot deploy the AllowanceSplitter", e);
        }
    }

    /** The payer's {@code approve(spender, units)} on the local USDC, mined before return. */
    public static void approve(LocalPolygon chain, Credentials payer, String spender, BigInteger units) throws Exception {
        String data = FunctionEncoder.encode(new Function("approve", List.of(new Address(spender), new Uint256(units)),
                List.of()));
        String tx = chain.send(payer, chain.usdc.address(), BigInteger.ZERO, data);
        org.web3j.protocol.Web3j web3j = org.web3j.protocol.Web3j.build(
                new org.web3j.protocol.http.HttpService(chain.anvil.rpcUrl().toString()));
        try {
            waitMined(web3j, tx);
        } finally {
            web3j.shutdown();
        }
    }

    private static void waitMined(org.web3j.protocol.Web3j web3j, String tx) throws Exception {
        String status = dev.tollgate.chain.support.Poll.until(() -> {
            try {
                return web3j.ethGetTransactionReceipt(tx).send().getTransactionReceipt()
                        .map(r -> r.getStatus()).orElse(null);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, dev.tollgate.chain.support.Poll.LIMIT);
        if (!"0x1".equals(status)) {
            throw new IllegalStateException("approve reverted");
        }
    }

    /** The payer's SPL {@code ApproveChecked} of {@code units} to {@code delegate}, confirmed before return. */
    public static void delegate(LocalSolana chain, Account payer, String delegate, BigInteger units)
            throws InterruptedException {
        PublicKey mint = new PublicKey(chain.usdc.address());
        PublicKey source;
        try {
            source = PublicKey.findProgramAddress(List.of(payer.getPublicKey().toByteArray(), TOKEN.toByteArray(),
                    mint.toByteArray()), ASSOCIATED_TOKEN).getAddress();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        byte[] data = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put((byte) 13)
                .putLong(units.longValueExact()).put((byte) chain.usdc.decimals()).array();
        TransactionInstruction approve = new TransactionInstruction(TOKEN, List.of(new AccountMeta(source, false, true),
                new AccountMeta(mint, false, false), new AccountMeta(new PublicKey(delegate), false, false),
                new AccountMeta(payer.getPublicKey(), true, false)), data);
        String blockhash = chain.node.rpc().call("getLatestBlockhash", Map.of("commitment", "confirmed"))
                .path("value").path("blockhash").asText();
        SolanaTransaction tx = SolanaMessageCompiler.compile(payer.getPublicKey(), List.of(approve),
                Base58.decode(blockhash), -1);
        byte[] signature = new TweetNaclFast.Signature(new byte[0], payer.getSecretKey()).detached(tx.message());
        String txId = chain.node.rpc().call("sendTransaction", Base64.getEncoder().encodeToString(
                SolanaTransactionEncoder.transaction(List.of(signature), tx.message())), Map.of("encoding", "base64"))
                .asText();
        com.fasterxml.jackson.databind.JsonNode status = dev.tollgate.chain.support.Poll.until(() -> {
            var s = chain.node.rpc().call("getSignatureStatuses", List.of(txId)).path("value").path(0);
            return s.isObject() && !"processed".equals(s.path("confirmationStatus").asText("processed")) ? s : null;
        }, dev.tollgate.chain.support.Poll.LIMIT);
        if (!status.path("err").isNull()) {
            throw new IllegalStateException("the delegation failed");
        }
    }

    /** A Solana wallet's SIGN-IN-WITH-X header value for {@code url} on {@code network}. */
    public static String signIn(Account wallet, String network, URI url) {
        Map<String, Object> p = SignInHeaders.payload(wallet, network, URI.create(url.getScheme() + "://"
                + url.getRawAuthority()), url.getRawPath(), Instant.now());
        return SignInHeaders.header(p);
    }

    /** An EVM wallet's SIGN-IN-WITH-X header value (EIP-4361, personal_sign) for {@code url} on {@code network}. */
    public static String signIn(Credentials wallet, String network, URI url) {
        Instant issued = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String address = Keys.toChecksumAddress(wallet.getAddress());
        String nonce = UUID.randomUUID().toString().replace("-", "");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("domain", url.getRawAuthority());
        p.put("address", address);
        p.put("uri", url.toString());
        p.put("version", "1");
        p.put("chainId", network);
        p.put("type", "eip191");
        p.put("nonce", nonce);
        p.put("issuedAt", issued.toString());
        p.put("expirationTime", issued.plusSeconds(240).toString());
        String text = url.getRawAuthority() + " wants you to sign in with your Ethereum account:\n" + address
                + "\n\n\nURI: " + url + "\nVersion: 1\nChain ID: " + network.substring(network.indexOf(':') + 1)
                + "\nNonce: " + nonce + "\nIssued At: " + issued + "\nExpiration Time: " + issued.plusSeconds(240);
        Sign.SignatureData sig = Sign.signPrefixedMessage(text.getBytes(StandardCharsets.UTF_8), wallet.getEcKeyPair());
        byte[] bytes = new byte[65];
        System.arraycopy(sig.getR(), 0, bytes, 0, 32);
        System.arraycopy(sig.getS(), 0, bytes, 32, 32);
        bytes[64] = sig.getV()[0];
        p.put("signature", Numeric.toHexString(bytes));
        return SignInHeaders.header(p);
    }
}
