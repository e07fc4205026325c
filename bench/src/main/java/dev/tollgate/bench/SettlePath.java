package dev.tollgate.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a benchmarked settle pays the job, other than key mode: what the settle request carries. The client's own work
 * (signing, its node's reads, its own broadcast and wait) happens before the timed request.
 */
enum SettlePath {
    /** {@code signed_transaction}: the payer signs (and pays the network fee); the gateway checks and broadcasts. */
    SIGNED_TRANSACTION("signed tx"),
    /** {@code signed_transaction} with the gateway's {@code fee_payer} in slot 0: it co-signs and pays the fee. */
    SPONSORED_TRANSACTION("signed tx, sponsored fee"),
    /** {@code authorization}: a gasless EIP-3009 signature the gateway's relayer submits (Polygon USDC). */
    AUTHORIZATION("gasless authorization"),
    /** {@code tx_signature} + {@code payer_proof}: the payer broadcast and saw it confirmed; the gateway looks it up. */
    PROOF("proof by tx id");

    private final String label;

    SettlePath(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /**
     * The settle body: {@code payment} is the base64 wire bytes (signed paths), the {@code {from, deadline,
     * signature}} map (authorisation) or the tx id (proof); {@code proof} the Sign-In-With-X payload or {@code null}.
     */
    Map<String, Object> settleBody(String jobId, Object payment, Map<String, Object> proof) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job_id", jobId);
        body.put(switch (this) {
            case SIGNED_TRANSACTION, SPONSORED_TRANSACTION -> "signed_transaction";
            case AUTHORIZATION -> "authorization";
            case PROOF -> "tx_signature";
        }, payment);
        if (proof != null) {
            body.put("payer_proof", proof);
        } else if (this == PROOF) {
            throw new IllegalArgumentException("a settle by tx id needs the payer's proof");
        }
        return body;
    }
}
