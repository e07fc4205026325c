package dev.tollgate.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A scripted {@link BillingGateway} in memory, for unit tests of the engine (no HTTP, no chain). Credentials with
 * header/key "good…" are authorised, anything else refused 402 {@code invalid_signature}; settle answers with
 * {@link #settleWith}. Records every call.
 */
public final class InMemoryBillingGateway implements BillingGateway {

    public final List<BillingTerms> offered = new CopyOnWriteArrayList<>();
    public final List<AuthorizeRequest> authorized = new CopyOnWriteArrayList<>();
    public final List<SettleRequest> settled = new CopyOnWriteArrayList<>();
    public final List<String> released = new CopyOnWriteArrayList<>();
    public final Map<String, String> kinds = new ConcurrentHashMap<>();
    public volatile Function<SettleRequest, SettleResult> settleWith = InMemoryBillingGateway::paid;
    public volatile boolean down;

    static final JsonNode PAYMENT_REQUIRED = json("{\"x402Version\":2,\"error\":\"payment_required\","
            + "\"resource\":{\"url\":\"http://h/x\"},\"accepts\":[{\"scheme\":\"exact\",\"network\":\"eip155:31337\","
            + "\"amount\":\"10000\"}],\"extensions\":{\"sign-in-with-x\":{}}}");

    static JsonNode json(String text) {
        try {
            return BillingWire.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static SettleResult paid(SettleRequest request) {
        ObjectNode body = (ObjectNode) json("{\"status\":\"paid\",\"job_id\":\"j1\",\"tx_id\":\"0xtx\","
                + "\"atp_settlement\":{\"status\":\"paid\",\"transaction_signature\":\"0xtx\",\"job_id\":\"j1\"}}");
        body.put("payment_response", "UEFJRA==");
        return new SettleResult.Paid(body);
    }

    private void check() {
        if (down) {
            throw new BillingGatewayException("any", 0, "gateway unreachable");
        }
    }

    @Override
    public Offers offers(BillingTerms terms) {
        check();
        offered.add(terms);
        return new Offers(PAYMENT_REQUIRED, json("[{\"network\":\"eip155:31337\",\"asset\":\"USDC\"}]"), null);
    }

    @Override
    public AuthorizeResult authorize(AuthorizeRequest request) {
        check();
        authorized.add(request);
        String secret = switch (request.credential()) {
            case Credential.X402 x -> x.header();
            case Credential.Siwx s -> s.header();
            case Credential.PrivateKey k -> k.key();
        };
        if (!secret.startsWith("good")) {
            return new AuthorizeResult.Refused(402, json("{\"error\":{\"code\":\"payment_invalid\",\"message\":"
                    + "\"bad signature\"},\"detail\":\"the signature does not verify\",\"reason\":"
                    + "\"invalid_signature\",\"payment_required\":" + PAYMENT_REQUIRED + "}"));
        }
        String kind = switch (request.credential()) {
            case Credential.X402 x -> request.terms().usagePriced() ? "upto" : "exact";
            case Credential.Siwx s -> "allowance";
            case Credential.PrivateKey k -> "private_key";
        };
        String id = UUID.randomUUID().toString();
        kinds.put(id, kind);
        return new AuthorizeResult.Authorized(new Authorization(id, kind, "eip155:31337", "USDC", "0xpayer",
                BigInteger.TEN, "2030-01-01T00:00:00Z"));
    }

    @Override
    public SettleResult settle(SettleRequest request) {
        check();
        settled.add(request);
        return settleWith.apply(request);
    }

    @Override
    public void release(String authorizationId) {
        check();
        released.add(authorizationId);
    }
}
