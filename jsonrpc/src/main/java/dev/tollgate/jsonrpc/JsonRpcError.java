package dev.tollgate.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The error object a node answered with: a verdict about the request (bad params, failed simulation, revert), not
 * an outage. {@code message} is the node's own text: fine for deciding, never for echoing to a client.
 *
 * @param data the node's {@code data} member, or {@code null} when it sent none
 */
public record JsonRpcError(int code, String message, JsonNode data) {
    /** JSON-RPC "invalid params": Agave's answer to a malformed signature, transaction or key. */
    public static final int INVALID_PARAMS = -32602;

    public JsonRpcError {
        message = message == null ? "" : message;
        data = data == null || data.isNull() || data.isMissingNode() ? null : data;
    }

    /** {@code data} as text: a JSON string's value (an EVM revert's hex), else its JSON; {@code null} if absent. */
    public String dataText() {
        return data == null ? null : data.isTextual() ? data.asText() : data.toString();
    }
}
