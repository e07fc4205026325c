package dev.tollgate.gateway.atp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.ClientPayment;
import dev.tollgate.chain.Commitment;
import dev.tollgate.gateway.core.Code;
import dev.tollgate.gateway.core.Refusal;
import dev.tollgate.gateway.core.SettleCommand;
import dev.tollgate.gateway.proof.PayerProofs;
import dev.tollgate.gateway.proof.SiwxPayload;
import static dev.tollgate.gateway.api.RequestFields.invalid;
import static dev.tollgate.gateway.api.RequestFields.optionalText;

import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a {@code POST /v1/agent/settle} body: ATP's {@code {job_id, private_key, skip_preflight, commitment}}, or
 * the non-custodial {@code {job_id, tx_signature}} (the payer sent the payment itself), {@code {job_id,
 * signed_transaction}} (standard base64 of a transaction the payer signed, for the gateway to check and broadcast)
 * or {@code {job_id, authorization: {from, deadline, signature}}} (an EVM gasless authorisation the gateway relays);
 * exactly one of the four. Optionally with a wallet-signed {@code payer_proof} (or the {@code SIGN-IN-WITH-X}
 * header) that lets the output be handed over.
 */
final class AtpSettleRequest {
    /** Longer than any key form we accept (a JSON byte array of 64 entries is under 300), checked before decoding. */
    static final int MAX_KEY_CHARS = 512;
    static final int MAX_TX_CHARS = 128;
    static final int MAX_JOB_ID_CHARS = 64;
    /** Base64 of 3072 bytes: above any Solana packet (1232) or EVM payment transaction; checked before decoding. */
    static final int MAX_SIGNED_TX_CHARS = 4096;
    private static final Pattern STANDARD_BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
    private static final Pattern EVM_ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern EVM_SIGNATURE = Pattern.compile("0x[0-9a-fA-F]{130}");
    private static final String ONE_OF = "send exactly one of private_key, tx_signature, signed_transaction, authorization";

    private AtpSettleRequest() {
    }

    /** @param headerProof the proof from the {@code SIGN-IN-WITH-X} header, or {@code null} */
    static SettleCommand parse(JsonNode body, SiwxPayload headerProof, PayerProofs.Caller caller) {
        String jobId = optionalText(body, "job_id");
        if (jobId == null || jobId.isBlank()) {
            throw invalid("job_id", "job_id is required");
        }
        if (jobId.length() > MAX_JOB_ID_CHARS) {
            throw invalid("job_id", "job_id is not a job id");
        }
        String key = optionalText(body, "private_key");
        String tx = optionalText(body, "tx_signature");
        ClientPayment clientPayment = clientPayment(body);
        if (key != null && tx != null) {
            throw invalid("private_key", "send either private_key or tx_signature, not both");
        }
        if (clientPayment != null && (key != null || tx != null)) {
            throw invalid(clientPayment instanceof ClientPayment.SignedTransaction ? "signed_transaction"
                    : "authorization", ONE_OF);
        }
        if (clientPayment == null && (key == null || key.isBlank()) && (tx == null || tx.isBlank())) {
            throw invalid("private_key", "private_key is required (or tx_signature, if you paid yourself)");
        }
        if (key != null && key.length() > MAX_KEY_CHARS) {
            // refused before any decoding: decoding cost grows with the input
            throw new Refusal(Code.INVALID_PRIVATE_KEY, "Invalid private_key: it is longer than any key form.");
        }
        if (tx != null && (tx.isBlank() || tx.length() > MAX_TX_CHARS)) {
            throw invalid("tx_signature", "tx_signature must be a transaction signature or hash");
        }
        JsonNode skip = body.get("skip_preflight");
        if (skip != null && !skip.isNull() && !skip.isBoolean()) {
            throw invalid("skip_preflight", "skip_preflight must be true or false");
        }
        Commitment commitment;
        try {
            commitment = Commitment.parse(optionalText(body, "commitment"));
        } catch (IllegalArgumentException e) {
            throw invalid("commitment", e.getMessage());
        }
        JsonNode bodyProof = body.get("payer_proof");
        boolean hasBodyProof = bodyProof != null && !bodyProof.isNull();
        if (hasBodyProof && headerProof != null) {
            throw invalid("payer_proof", "send the proof either as payer_proof or in the SIGN-IN-WITH-X header, not both");
        }
        SiwxPayload proof = hasBodyProof ? SiwxPayload.parse(bodyProof) : headerProof;
        return new SettleCommand(jobId.trim(), key, tx == null ? null : tx.trim(),
                skip != null && skip.asBoolean(false), commitment, proof, caller, clientPayment);
    }

    /** The client-signed payment of the body, if any; every size is checked before anything is decoded. */
    private static ClientPayment clientPayment(JsonNode body) {
        JsonNode signed = body.get("signed_transaction");
        JsonNode authorization = body.get("authorization");
        boolean hasSigned = signed != null && !signed.isNull();
        boolean hasAuthorization = authorization != null && !authorization.isNull();
        if (hasSigned && hasAuthorization) {
            throw invalid("signed_transaction", ONE_OF);
        }
        if (hasSigned) {
            return signedTransaction(signed);
        }
        return hasAuthorization ? authorization(authorization) : null;
    }

    private static ClientPayment.SignedTransaction signedTransaction(JsonNode node) {
        if (!node.isTextual()) {
            throw invalid("signed_transaction", "signed_transaction must be a string (standard base64 of the wire bytes)");
        }
        String text = node.asText().strip();
        if (text.isEmpty() || text.length() > MAX_SIGNED_TX_CHARS || text.length() % 4 != 0
                || !STANDARD_BASE64.matcher(text).matches()) {
            throw new Refusal(Code.INVALID_SIGNED_TRANSACTION, "signed_transaction is not standard base64 of at most "
                    + MAX_SIGNED_TX_CHARS + " characters.", Map.of("field", "signed_transaction"));
        }
        try {
            return new ClientPayment.SignedTransaction(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new Refusal(Code.INVALID_SIGNED_TRANSACTION, "signed_transaction is not standard base64.",
                    Map.of("field", "signed_transaction"));
        }
    }

    private static ClientPayment.GaslessAuthorization authorization(JsonNode node) {
        if (!node.isObject() || node.size() > 3) {
            throw invalid("authorization", "authorization must be an object {from, deadline, signature}");
        }
        String from = optionalText(node, "from");
        String signature = optionalText(node, "signature");
        JsonNode deadline = node.get("deadline");
        if (from == null || from.length() > 42 || !EVM_ADDRESS.matcher(from).matches()) {
            throw invalid("authorization", "authorization.from must be the payer's 0x address");
        }
        if (signature == null || signature.length() > 132 || !EVM_SIGNATURE.matcher(signature).matches()) {
            throw invalid("authorization", "authorization.signature must be 0x and 130 hex digits (r, s, v)");
        }
        if (deadline == null || !deadline.isIntegralNumber() || !deadline.canConvertToLong() || deadline.asLong() <= 0) {
            throw invalid("authorization", "authorization.deadline must be the signed deadline in unix seconds");
        }
        return new ClientPayment.GaslessAuthorization(from, deadline.asLong(), signature);
    }
}
