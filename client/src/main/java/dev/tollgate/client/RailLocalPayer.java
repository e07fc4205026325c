package dev.tollgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.ClientPayment.GaslessAuthorization;
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
import dev.tollgate.chain.solana.SolanaClientTransactions;
import dev.tollgate.chain.solana.SolanaNetworkConfig;
import dev.tollgate.chain.solana.SolanaRail;
import dev.tollgate.chain.solana.tx.MalformedTransactionException;
import dev.tollgate.chain.solana.tx.SolanaTransaction;
import dev.tollgate.chain.solana.tx.SolanaTransactionDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
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
import org.p2p.solanaj.utils.Base58;

/**
 * Pays locally through chain-adapters' rails, built per network and asset from the challenge and the client's own
 * RPC node for that network: the same builders and signers the gateway's key mode uses, but the key never leaves
 * this process. Needs an RPC node (blockhash, nonces, gas, the token's EIP-712 domain); the gateway needs none of it.
 */
public final class RailLocalPayer implements LocalPayer, AutoCloseable {
    /** What one signature costs on Solana: a wallet holding less cannot pay its own fee. */
    private static final long LAMPORTS_PER_SIGNATURE = 5_000;
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
        return withKey(challenge, wallet, secret -> {
            if (kind == JournaledPayment.Kind.SIGNED_TRANSACTION && sponsored(challenge, wallet)) {
                return signSponsored(challenge, wallet, secret);
            }
            SignedPayment signed = signer(challenge).signPayment(challenge.intent(wallet.address()), secret);
            return new JournaledPayment(challenge.jobId(), challenge.network(), kind, signed.txId(),
                    Base64.getEncoder().encodeToString(signed.rawTx()), signed.payer(), signed.validUntil(), null,
                    clock.instant());
        });
    }

    /** Something signed with a copy of the wallet's key, zeroed afterwards. */
    private interface Signing {
        JournaledPayment sign(PayerSecret secret) throws PaymentRejectedException;
    }

    private static JournaledPayment withKey(Challenge challenge, Wallet wallet, Signing signing) {
        try (PayerSecret secret = wallet.secretCopy()) {
            return signing.sign(secret);
        } catch (PaymentRejectedException e) {
            throw new TollgateException(0, TollgateException.LOCAL_PAYMENT_FAILED,
                    "The payment could not be signed: " + e.getMessage());
        } catch (RailUnavailableException e) {
            throw new TollgateException(TollgateException.CHAIN_UNREACHABLE,
                    "The RPC node of " + challenge.network() + " could not be asked; nothing was signed", e);
        }
    }

    /**
     * A Solana token payment the gateway offers to sponsor ({@code fee_payer} in the 402) from a wallet that cannot
     * pay the network fee itself: the payer then signs only its own slot and the gateway pays the fee.
     */
    private boolean sponsored(Challenge challenge, Wallet wallet) {
        return challenge.isSolana() && !challenge.isNative() && challenge.feePayer() != null
                && rail(challenge).balanceOf(wallet.address(), SolanaNetworkConfig.SOL)
                        .compareTo(BigInteger.valueOf(LAMPORTS_PER_SIGNATURE)) < 0;
    }

    /**
     * The sponsored transaction: the gateway's fee payer in slot 0 (left empty for its co-signature), no account
     * creation (a payer without SOL cannot fund one). Its id is the gateway's signature, named in the settle
     * answer; the journal keeps the payer's own signature in its place.
     */
    private JournaledPayment signSponsored(Challenge challenge, Wallet wallet, PayerSecret secret) {
        JsonNode latest = solanaRpc(challenge, "getLatestBlockhash").path("value");
        byte[] wire = SolanaClientTransactions.sign(challenge.intent(wallet.address()), secret,
                latest.path("blockhash").asText(), SolanaClientTransactions.Options.sponsoredBy(challenge.feePayer()));
        SolanaTransaction tx;
        try {
            tx = SolanaTransactionDecoder.decode(wire);
        } catch (MalformedTransactionException e) {
            throw new IllegalStateException("the transaction just built does not decode", e);
        }
        String payerSignature = null;
        for (int i = 0; i < tx.header().requiredSignatures(); i++) {
            if (Base58.encode(tx.accountKeys().get(i)).equals(wallet.address())) {
                payerSignature = Base58.encode(tx.signatures().get(i));
            }
        }
        return new JournaledPayment(challenge.jobId(), challenge.network(), JournaledPayment.Kind.SIGNED_TRANSACTION,
                payerSignature, Base64.getEncoder().encodeToString(wire), wallet.address(),
                latest.path("lastValidBlockHeight").asLong(-1), null, clock.instant());
    }

    @Override
    public JournaledPayment authorize(Challenge challenge, EvmWallet wallet) {
        requireFamily(challenge, wallet);
        if (challenge.isNative()) {
            throw new IllegalArgumentException("a gasless authorisation pays an EVM token, not " + challenge.paymentToken());
        }
        EvmRail rail = (EvmRail) rail(challenge);
        return withKey(challenge, wallet, secret -> {
            GaslessAuthorization auth = rail.signGasless(challenge.intent(wallet.address()), secret, challenge.deadline());
            return new JournaledPayment(challenge.jobId(), challenge.network(), JournaledPayment.Kind.AUTHORIZATION,
                    null, null, auth.from(), auth.deadline(), auth.signature(), clock.instant());
        });
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
        return rail(challenge).custodialSigner()
                .orElseThrow(() -> new IllegalStateException("no signer on " + challenge.network()));
    }

    /** One rail per network, asset and splitter, built on first use. */
    private PaymentRail rail(Challenge challenge) {
        String key = challenge.network() + "|" + challenge.paymentToken() + "|" + challenge.asset() + "|"
                + (challenge.isEvm() ? challenge.splitter() : "");
        return rails.computeIfAbsent(key, k -> newRail(challenge));
    }

    private PaymentRail newRail(Challenge c) {
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

    /** The result of a parameterless-but-commitment Solana RPC call on the client's own node, size-checked. */
    private JsonNode solanaRpc(Challenge c, String method) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method
                + "\",\"params\":[{\"commitment\":\"confirmed\"}]}";
        HttpRequest request = HttpRequest.newBuilder(rpcOf(c.network())).timeout(rpcTimeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] bytes;
            try (InputStream in = response.body()) {
                bytes = in.readNBytes(MAX_RPC_ANSWER_BYTES + 1);
            }
            JsonNode result = bytes.length > MAX_RPC_ANSWER_BYTES ? null : json.readTree(bytes).get("result");
            if (result == null || !result.isObject()) {
                throw new TollgateException(TollgateException.CHAIN_UNREACHABLE,
                        "The RPC node of " + c.network() + " gave no answer to " + method + "; nothing was signed", null);
            }
            return result;
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
