package dev.tollgate.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * One answer: either a {@code result} (possibly JSON {@code null}) or an {@link JsonRpcError}, never both.
 */
public record JsonRpcReply(JsonNode result, JsonRpcError error) {
    public JsonRpcReply {
        if (error == null) {
            result = result == null ? NullNode.getInstance() : result;
        } else if (result != null) {
            throw new IllegalArgumentException("a reply holds a result or an error, not both");
        }
    }

    public static JsonRpcReply ofResult(JsonNode result) {
        return new JsonRpcReply(result, null);
    }

    public static JsonRpcReply ofError(JsonRpcError error) {
        return new JsonRpcReply(null, error);
    }

    public boolean isError() {
        return error != null;
    }
}
