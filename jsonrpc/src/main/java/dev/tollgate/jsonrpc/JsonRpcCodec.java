package dev.tollgate.jsonrpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JSON-RPC 2.0 over any byte transport: builds requests with fresh ids and reads replies, checking the size first,
 * then that the reply is a JSON-RPC 2.0 object answering <em>this</em> request's id. Thread-safe.
 *
 * <p>Failures to read are {@link JsonRpcProtocolException}s whose messages name the method, never the node's text.
 */
public final class JsonRpcCodec {
    /** Far above any answer a rail asks for (a getTransaction of a full 1,232-byte transaction is a few kB). */
    public static final int DEFAULT_MAX_REPLY_BYTES = 4 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicLong ids = new AtomicLong();
    private final int maxReplyBytes;

    public JsonRpcCodec() {
        this(DEFAULT_MAX_REPLY_BYTES);
    }

    public JsonRpcCodec(int maxReplyBytes) {
        if (maxReplyBytes < 64) {
            throw new IllegalArgumentException("maxReplyBytes must be at least 64");
        }
        this.maxReplyBytes = maxReplyBytes;
    }

    public int maxReplyBytes() {
        return maxReplyBytes;
    }

    /** A request ready to send, with the id its reply must carry. */
    public record Request(String method, long id, byte[] body) {
    }

    /** Positional {@code params}, each turned into JSON by Jackson (maps, lists, strings, numbers, JsonNodes). */
    public Request request(String method, List<?> params) {
        Objects.requireNonNull(method, "method");
        long id = ids.incrementAndGet();
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("id", id);
        request.put("method", method);
        ArrayNode array = request.putArray("params");
        for (Object param : params) {
            array.add(param instanceof JsonNode node ? node : JSON.valueToTree(param));
        }
        try {
            return new Request(method, id, JSON.writeValueAsBytes(request));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(method + " params cannot be written as JSON", e);
        }
    }

    /** The reply to {@code request}: its result or its error object. */
    public JsonRpcReply read(Request request, byte[] body) {
        JsonNode reply = parse(request.method(), body);
        if (!reply.isObject() || !"2.0".equals(reply.path("jsonrpc").asText())) {
            throw new JsonRpcProtocolException(request.method() + " answered something other than a JSON-RPC 2.0 object");
        }
        JsonNode id = reply.get("id");
        JsonNode error = reply.get("error");
        boolean hasError = error != null && !error.isNull();
        // an error about an unreadable request may carry id null; any other reply must answer this request
        if (!(id != null && id.canConvertToLong() && id.asLong() == request.id()) && !(hasError && (id == null || id.isNull()))) {
            throw new JsonRpcProtocolException(request.method() + " answered another request's id");
        }
        if (hasError) {
            if (!error.isObject() || !error.path("code").canConvertToInt()) {
                throw new JsonRpcProtocolException(request.method() + " answered a malformed error object");
            }
            return JsonRpcReply.ofError(new JsonRpcError(error.get("code").asInt(), error.path("message").asText(""),
                    error.get("data")));
        }
        if (!reply.has("result")) {
            throw new JsonRpcProtocolException(request.method() + " answered neither a result nor an error");
        }
        return JsonRpcReply.ofResult(reply.get("result"));
    }

    /** Any JSON text, size-checked before it is parsed. */
    public JsonNode parse(String method, byte[] body) {
        if (body == null || body.length == 0) {
            throw new JsonRpcProtocolException(method + " answered an empty body");
        }
        if (body.length > maxReplyBytes) {
            throw new JsonRpcProtocolException(method + " answered over " + maxReplyBytes + " bytes");
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new JsonRpcProtocolException(method + " answered malformed JSON");
        }
    }

    /** The {@code method} of an already encoded request (e.g. one a library built), or {@code null}. */
    public String methodOf(byte[] request) {
        try {
            JsonNode node = JSON.readTree(request);
            return node != null && node.path("method").isTextual() ? node.get("method").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
