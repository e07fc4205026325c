package dev.tollgate.localnet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.jsonrpc.JsonRpcCodec;
import dev.tollgate.jsonrpc.JsonRpcHttp;
import dev.tollgate.jsonrpc.JsonRpcHttpException;
import dev.tollgate.jsonrpc.JsonRpcProtocolException;
import dev.tollgate.jsonrpc.JsonRpcReply;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;

/**
 * A minimal JSON-RPC 2.0 client for driving local nodes (fixtures, test-only RPC methods), on the same codec as the
 * production rails. Local nodes only: its messages carry the node's error text, which the rails never echo.
 */
public final class JsonRpcClient {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final URI endpoint;
    private final JsonRpcCodec codec = new JsonRpcCodec();
    private final JsonRpcHttp http = new JsonRpcHttp(Duration.ofSeconds(5), codec.maxReplyBytes());

    public JsonRpcClient(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Calls {@code method} with positional {@code params}; returns {@code result} or throws with the node's error. */
    public JsonNode call(String method, Object... params) {
        JsonRpcCodec.Request request = codec.request(method, Arrays.asList(params));
        JsonRpcReply reply;
        try {
            reply = codec.read(request, http.post(endpoint, request.body(), DEADLINE, method));
        } catch (JsonRpcHttpException | JsonRpcProtocolException e) {
            if (e instanceof JsonRpcHttpException h && h.kind() == JsonRpcHttpException.Kind.INTERRUPTED) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException(e.getMessage() + " (local node " + endpoint + ")", e);
        }
        if (reply.isError()) {
            throw new IllegalStateException(method + " failed: error " + reply.error().code() + " "
                    + reply.error().message() + (reply.error().data() == null ? "" : " " + reply.error().data()));
        }
        return reply.result();
    }
}
