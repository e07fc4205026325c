package dev.tollgate.chain.evm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.transport.RailTransport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.web3j.protocol.Service;

/**
 * web3j's transport replaced by the rail's: web3j encodes and parses (contract wrappers, receipt polling), the
 * rail's transport carries. Requests that send a transaction are never retried nor failed over.
 */
final class TransportWeb3jService extends Service {
    private static final Set<String> SENDS = Set.of("eth_sendRawTransaction", "eth_sendTransaction");

    private final RailTransport transport;

    TransportWeb3jService(RailTransport transport) {
        super(false);
        this.transport = transport;
    }

    @Override
    protected InputStream performIO(String payload) throws IOException {
        JsonNode request = objectMapper.readTree(payload);
        String method = request.path("method").isTextual() ? request.get("method").asText() : "batch";
        boolean idempotent = request.isObject() && !SENDS.contains(method);
        return new ByteArrayInputStream(transport.exchange(method, payload.getBytes(StandardCharsets.UTF_8), idempotent));
    }

    @Override
    public void close() {
        // the rail's transport owns no connection to close
    }
}
