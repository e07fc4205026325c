package dev.tollgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentRail;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.evm.EvmNetworkConfig;
import dev.tollgate.chain.evm.EvmRail;
import dev.tollgate.chain.evm.InMemoryNonceReservations;
import dev.tollgate.chain.solana.SolanaNetworkConfig;
import dev.tollgate.chain.solana.SolanaRail;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.utils.Numeric;

/**
 * Pays locally through chain-adapters' rails, built per network and asset from the challenge and the client's own
 * RPC node for that network: the same builders and signers the gateway's key mode uses, but the key never leaves
 * this process. Needs an RPC node (blockhash, nonces, gas, the token's EIP-712 domain); the gateway needs none of it.
 */
public final class RailLocalPayer implements LocalPayer, AutoCloseable {
    /** {@code DOMAIN_SEPARATOR()}. */
    private static final String DOMAIN_SEPARATOR_SELECTOR = "0x3644e515";
    private static final int MAX_RPC_ANSWER_BYTES = 64 * 1024;

    private final Map<String, URI> rpcByNetwork;
    private final Duration rpcTimeout;
    private final Clock clock;
    private final Map<String, PaymentRail> rails = new ConcurrentHashMap<>();
    /** One store for every EVM rail here: payments signed here but not yet broadcast never share a nonce. */
    private final InMemoryNonceReservations evmNonces = new InMemoryNonceReservations();
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    /** @param rpcByNetwork the RPC node of each network (CAIP-2 id) this client pays on */
    public RailLocalPayer(Map<String, URI> rpcByNetwork, Duration rpcTimeout, Clock clock) {
        this.rpcByNetwork = Map.copyOf(rpcByNetwork);
        this.rpcTimeout = rpcTimeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(rpcTimeout).build();
    }

    @Override
    public JournaledPayment signTransaction(Challenge challenge, Wallet wallet, JournaledPayment.Kind kind) {
        requireFamily(challenge, wallet);
        CustodialSigner signer = signer(challenge);
        try (PayerSecret secret = wallet.secretCopy()) {
            SignedPayment signed = signer.signPayment(challenge.intent(wallet.address()), secret);
            return new JournaledPayment(challenge.jobId(), challenge.network(), kind, signed.txId(),
                    Base64.getEncoder().encodeToString(signed.rawTx()), signed.payer(), signed.validUntil(), null,
                    clock.instant());
        } catch (PaymentRejectedException e) {
            throw new TollgateException(0, TollgateException.LOCAL_PAYMENT_FAILED,
                    "The payment could not be signed: " + e.getMessage());
        } catch (RailUnavailableException e) {
            throw new TollgateException(TollgateException.CHAIN_UNREACHABLE,
                    "The RPC node of " + challenge.network() + " could not be asked; nothing was signed", e);
        }
    }

    @Override
    public JournaledPayment authorize(Challenge challenge, EvmWallet wallet) {
        requireFamily(challenge, wallet);
        byte[] domain = domainSeparator(challenge);
        String signature = ReceiveAuthorizationSigner.sign(challenge, wallet, domain);
        return new JournaledPayment(challenge.jobId(), challenge.network(), JournaledPayment.Kind.AUTHORIZATION, null,
                null, wallet.address(), challenge.deadline(), signature, clock.instant());
    }

    @Override
    public void broadcast(Challenge challenge, JournaledPayment payment) {
        SignedPayment signed = new SignedPayment(payment.txId(), payment.wireBytes(), payment.from(), payment.deadline());
        try {
            signer(challenge).submit(signed, false);
        } catch (PaymentRejectedException e) {
            throw new TollgateException(0, TollgateException.LOCAL_PAYMENT_FAILED,
                    "The node refused the payment; it was not sent: " + e.getMessage());
        } catch (RailUnavailableException e) {
            throw new TollgateException(TollgateException.CHAIN_UNREACHABLE,
                    "The RPC node of " + challenge.network() + " did not answer the broadcast; its outcome is unknown", e);
        }
    }

    private static void requireFamily(Challenge challenge, Wallet wallet) {
        if (!challenge.network().startsWith(wallet.namespace() + ":")) {
            throw new IllegalArgumentException("a " + wallet.namespace() + " wallet cannot pay on " + challenge.network());
        }
    }

    private CustodialSigner signer(Challenge challenge) {
        String key = challenge.network() + "|" + challenge.paymentToken() + "|" + challenge.asset() + "|"
                + (challenge.isEvm() ? challenge.splitter() : "");
        return rails.computeIfAbsent(key, k -> rail(challenge)).custodialSigner()
                .orElseThrow(() -> new IllegalStateException("no signer on " + challenge.network()));
    }

    private PaymentRail rail(Challenge c) {
        URI rpc = rpcOf(c.network());
        NetworkId network = NetworkId.of(c.network());
        ChainAsset asset = c.chainAsset();
        if (c.isSolana()) {
            return c.isNative()
                    ? new SolanaRail(new SolanaNetworkConfig(network, rpc, null, rpcTimeout))
                    : new SolanaRail(SolanaNetworkConfig.withTokens(network, rpc, List.of(asset), rpcTimeout));
        }
        if (c.isEvm()) {
            ChainAsset nativeCoin = c.isNative() ? asset : EvmNetworkConfig.POL;
            Map<String, ChainAsset> tokens = c.isNative() ? Map.of() : Map.of(asset.symbol(), asset);
            return new EvmRail(new EvmNetworkConfig(network, c.chainId(), rpc, c.splitter(), nativeCoin, tokens, 1,
                    false, rpcTimeout, null), evmNonces);
        }
        throw new IllegalArgumentException("no local payments on " + c.network());
    }

    private URI rpcOf(String network) {
        URI rpc = rpcByNetwork.get(network);
        if (rpc == null) {
            throw new IllegalStateException("no RPC node configured for " + network + " (TollgateClient.Builder.rpc)");
        }
        return rpc;
    }

    /** The token's own EIP-712 domain separator, read once per payment (tokens may change it with the chain id). */
    private byte[] domainSeparator(Challenge c) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_call\",\"params\":[{\"to\":\"" + c.asset()
                + "\",\"data\":\"" + DOMAIN_SEPARATOR_SELECTOR + "\"},\"latest\"]}";
        HttpRequest request = HttpRequest.newBuilder(rpcOf(c.network())).timeout(rpcTimeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] bytes;
            try (InputStream in = response.body()) {
                bytes = in.readNBytes(MAX_RPC_ANSWER_BYTES + 1);
            }
            JsonNode answer = bytes.length > MAX_RPC_ANSWER_BYTES ? null : json.readTree(bytes);
            String result = answer == null ? "" : answer.path("result").asText("");
            if (!result.matches("0x[0-9a-fA-F]{64}")) {
                throw new TollgateException(0, TollgateException.LOCAL_PAYMENT_FAILED,
                        "The token " + c.asset() + " has no EIP-712 domain separator (not an EIP-3009 token?)");
            }
            return Numeric.hexStringToByteArray(result);
        } catch (IOException e) {
            throw new TollgateException(TollgateException.CHAIN_UNREACHABLE,
                    "The RPC node of " + c.network() + " could not be asked", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TollgateException(TollgateException.CHAIN_UNREACHABLE, "interrupted", e);
        }
    }

    @Override
    public void close() {
        rails.values().forEach(r -> {
            if (r instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // best effort: the rail's HTTP clients hold no state worth keeping
                }
            }
        });
        rails.clear();
    }
}
