package dev.tollgate.bench;

import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.solana.SolanaClientTransactions;
import dev.tollgate.client.Challenge;
import dev.tollgate.client.JournaledPayment;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Client-signed settles at a fixed concurrency (closed model, as {@link SettleScenario}): each operation trades
 * (untimed), signs the payment in this process with the Java client's offline signers (its node reads: blockhash,
 * nonce, gas, the token's domain; untimed), then sends {@code signed_transaction} or {@code authorization} to
 * {@code POST /v1/agent/settle}: the timed part is that request alone (the gateway's checks, broadcast, wait for
 * the chain, release). No {@code payer_proof}: the first broadcast of the bytes proves the payer.
 */
final class SignedSettleScenario {
    private final GatewayProcess gateway;
    private final Http http;
    private final PayerSide side;
    private final ChainWait chain;
    /** Per scenario, the failed operations by cause (empty when all settled). */
    final Map<String, String> failures = new LinkedHashMap<>();

    SignedSettleScenario(GatewayProcess gateway, Http http, PayerSide side) {
        this.gateway = gateway;
        this.http = http;
        this.side = side;
        this.chain = new ChainWait(http);
    }

    /** Whether the gateway's 402 for {@code token} on {@code network} names a {@code fee_payer} (one trade). */
    boolean sponsorOffered(String network, String token) throws Exception {
        Challenge c = side.trade(network, token, new Refusals());
        return c != null && c.feePayer() != null;
    }

    LoadResult run(String network, String token, SettlePath path, int workers, int total) {
        Histogram settleMicros = new ConcurrentHistogram(3);
        Refusals refusals = new Refusals();
        LoadResult whole = ClosedLoad.run("settle", workers, total, () -> {
            Challenge c = side.trade(network, token, refusals);
            if (c == null) {
                return false;
            }
            Object payment;
            try {
                payment = sign(c, path);
            } catch (Exception e) {
                refusals.count("signing:", e);
                throw e;
            }
            long t0 = System.nanoTime();
            Http.Reply settled;
            try {
                settled = http.postJson(gateway.url("/v1/agent/settle"), path.settleBody(c.jobId(), payment, null));
            } catch (java.io.IOException e) {
                refusals.count("no answer", e);
                throw e;
            }
            settleMicros.recordValue((System.nanoTime() - t0) / 1000);
            if (settled.status() != 200) {
                refusals.count(Refusals.code(settled));
            }
            return settled.status() == 200;
        });
        String name = name(network, token, path, workers);
        if (!refusals.isEmpty()) {
            failures.put(name, refusals.toString());
            System.err.println("bench: " + name + ": failed " + refusals);
        }
        return LoadResult.of(name, workers, whole.sent(), whole.ok(), whole.failed(), whole.seconds(), settleMicros);
    }

    static String name(String network, String token, SettlePath path, int workers) {
        return "settle " + path.label() + " " + network + " " + token + ", " + workers + " concurrent";
    }

    /** The payment as the settle body carries it (see {@link SettlePath#settleBody}). */
    private Object sign(Challenge c, SettlePath path) throws Exception {
        return switch (path) {
            case SIGNED_TRANSACTION ->
                    side.payer.signTransaction(c, side.wallet(c), JournaledPayment.Kind.SIGNED_TRANSACTION).wire();
            case SPONSORED_TRANSACTION -> sponsored(c);
            case AUTHORIZATION -> {
                JournaledPayment auth = side.payer.authorize(c, side.evm);
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("from", auth.from());
                a.put("deadline", auth.deadline());
                a.put("signature", auth.signature());
                yield a;
            }
            case PROOF -> throw new IllegalArgumentException("a proof settle is ProofSettleScenario's");
        };
    }

    /**
     * A Solana payment whose fee the gateway pays: its {@code fee_payer} in slot 0 (left empty), the payer's own
     * signature only (the client would do this by itself only for a wallet without SOL; here it is forced).
     */
    private String sponsored(Challenge c) throws Exception {
        if (c.feePayer() == null) {
            throw new IllegalStateException("the 402 offers no fee_payer");
        }
        String blockhash = chain.call(side.solanaRpc, "getLatestBlockhash", Map.of("commitment", "confirmed"))
                .path("value").path("blockhash").asText();
        try (PayerSecret secret = SolanaClientTransactions.parseKey(side.solanaSecret)) {
            byte[] wire = SolanaClientTransactions.sign(c.intent(side.solana.address()), secret, blockhash,
                    SolanaClientTransactions.Options.sponsoredBy(c.feePayer()));
            return Base64.getEncoder().encodeToString(wire);
        }
    }
}
