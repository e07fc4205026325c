package dev.tollgate.jsonrpc;

/** The node answered, but not in JSON-RPC 2.0 (too large, not JSON, another id): the node is at fault. */
public final class JsonRpcProtocolException extends RuntimeException {
    public JsonRpcProtocolException(String message) {
        super(message, null, false, false);
    }
}
