package dev.tollgate.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonRpcCodecTest {
    private final JsonRpcCodec codec = new JsonRpcCodec(256);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void requestsCarryFreshIdsAndPositionalParams() {
        JsonRpcCodec.Request first = codec.request("getBalance", List.of("abc", Map.of("commitment", "confirmed")));
        JsonRpcCodec.Request second = codec.request("getSlot", List.of());
        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":" + first.id()
                + ",\"method\":\"getBalance\",\"params\":[\"abc\",{\"commitment\":\"confirmed\"}]}");
        assertThat(codec.methodOf(second.body())).isEqualTo("getSlot");
    }

    @Test
    void aResultIsExtractedIncludingNull() {
        JsonRpcCodec.Request request = codec.request("m", List.of());
        JsonRpcReply reply = codec.read(request, utf8("{\"jsonrpc\":\"2.0\",\"id\":" + request.id() + ",\"result\":{\"value\":7}}"));
        assertThat(reply.isError()).isFalse();
        assertThat(reply.result().path("value").asLong()).isEqualTo(7);
        JsonRpcReply none = codec.read(request, utf8("{\"jsonrpc\":\"2.0\",\"id\":" + request.id() + ",\"result\":null}"));
        assertThat(none.result().isNull()).isTrue();
    }

    @Test
    void anErrorObjectBecomesATypedValueWithCodeMessageAndData() {
        JsonRpcCodec.Request request = codec.request("sendTransaction", List.of("x"));
        JsonRpcReply reply = codec.read(request, utf8("{\"jsonrpc\":\"2.0\",\"id\":" + request.id()
                + ",\"error\":{\"code\":-32002,\"message\":\"simulation failed\",\"data\":{\"err\":\"BlockhashNotFound\"}}}"));
        assertThat(reply.isError()).isTrue();
        assertThat(reply.error().code()).isEqualTo(-32002);
        assertThat(reply.error().message()).isEqualTo("simulation failed");
        assertThat(reply.error().data().path("err").asText()).isEqualTo("BlockhashNotFound");
        JsonRpcReply revert = codec.read(request, utf8("{\"jsonrpc\":\"2.0\",\"id\":null,"
                + "\"error\":{\"code\":3,\"message\":\"execution reverted\",\"data\":\"0x08c379a0\"}}"));
        assertThat(revert.error().dataText()).isEqualTo("0x08c379a0");
    }

    @Test
    void repliesToAnotherIdOrWithoutJsonRpcShapeAreProtocolFaults() {
        JsonRpcCodec.Request request = codec.request("m", List.of());
        assertThatThrownBy(() -> codec.read(request, utf8("{\"jsonrpc\":\"2.0\",\"id\":" + (request.id() + 1) + ",\"result\":1}")))
                .isInstanceOf(JsonRpcProtocolException.class).hasMessage("m answered another request's id");
        assertThatThrownBy(() -> codec.read(request, utf8("{\"id\":" + request.id() + ",\"result\":1}")))
                .isInstanceOf(JsonRpcProtocolException.class);
        assertThatThrownBy(() -> codec.read(request, utf8("{\"jsonrpc\":\"2.0\",\"id\":" + request.id() + "}")))
                .isInstanceOf(JsonRpcProtocolException.class);
        assertThatThrownBy(() -> codec.read(request, utf8("{\"jsonrpc\":\"2.0\",\"id\":" + request.id() + ",\"error\":\"boom\"}")))
                .isInstanceOf(JsonRpcProtocolException.class);
        assertThatThrownBy(() -> codec.read(request, utf8("<html>secret-key</html>")))
                .isInstanceOf(JsonRpcProtocolException.class).hasMessage("m answered malformed JSON");
    }

    @Test
    void aBodyOverTheCapIsRefusedBeforeParsing() {
        JsonRpcCodec.Request request = codec.request("m", List.of());
        byte[] big = utf8("{\"jsonrpc\":\"2.0\",\"id\":" + request.id() + ",\"result\":\"" + "a".repeat(300) + "\"}");
        assertThatThrownBy(() -> codec.read(request, big))
                .isInstanceOf(JsonRpcProtocolException.class).hasMessage("m answered over 256 bytes");
    }
}
