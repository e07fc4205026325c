package dev.tollgate.chain.solana;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.transport.RailTransport;
import dev.tollgate.jsonrpc.JsonRpcError;
import dev.tollgate.jsonrpc.JsonRpcReply;
import java.util.Arrays;

/**
 * Solana JSON-RPC over the rail's {@link RailTransport} (deadlines, read retries and fallbacks, breakers, metrics).
 * Solanaj's own client hides Agave's error codes and data (which tell a failed simulation from an outage), so the
 * rail talks JSON-RPC itself and uses Solanaj for keys and transactions.
 */
final class SolanaRpc {
    /** JSON-RPC "invalid params": Agave's answer to a malformed signature, transaction or key. */
    static final int INVALID_PARAMS = JsonRpcError.INVALID_PARAMS;

    private final RailTransport transport;

    SolanaRpc(RailTransport transport) {
        this.transport = transport;
    }

    /** An error object the node answered with: a verdict about the request, not an outage. */
    static final class RpcError extends Exception {
        final int code;
        final JsonNode data;

        RpcError(JsonRpcError error) {
            super(error.message(), null, false, false);
            this.code = error.code();
            this.data = error.data();
        }
    }

    /** An idempotent read (retried, failed over); its error object is thrown as a value for the caller to judge. */
    JsonNode call(String method, Object... params) throws RpcError {
        return resultOf(transport.read(method, Arrays.asList(params)));
    }

    /** sendTransaction and the like: one node, once, never repeated (the caller looks the signature up instead). */
    JsonNode send(String method, Object... params) throws RpcError {
        return resultOf(transport.send(method, Arrays.asList(params)));
    }

    private static JsonNode resultOf(JsonRpcReply reply) throws RpcError {
        if (reply.isError()) {
            throw new RpcError(reply.error());
        }
        return reply.result();
    }

    /** For reads whose errors can only mean the node misbehaves. The node's text stays out: codes only. */
    JsonNode read(String method, Object... params) {
        try {
            return call(method, params);
        } catch (RpcError e) {
            throw unavailable(method, e);
        }
    }

    static RailUnavailableException unavailable(String method, RpcError e) {
        return new RailUnavailableException("Solana RPC " + method + " answered error " + e.code);
    }
}
