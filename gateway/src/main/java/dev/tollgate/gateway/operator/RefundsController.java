package dev.tollgate.gateway.operator;

import dev.tollgate.gateway.api.ApiException;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.api.RequestFields;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.UnhonouredPayment;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The payments Tollgate received but could not honour (late, for a job already paid or gone, underpaid, from
 * another wallet, or an overpayment's excess): what the operator owes back, oldest first, a page at a time.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class RefundsController {
    static final int MAX_PAGE = 500;

    private final Lockbox lockbox;
    private final OperatorConfig config;
    private final JsonBodies json;

    RefundsController(Lockbox lockbox, OperatorConfig config, JsonBodies json) {
        this.lockbox = lockbox;
        this.config = config;
        this.json = json;
    }

    @Get("/v1/operator/refunds")
    @Produces("application/json")
    public String refunds(@Nullable @Header("Authorization") String authorization,
                          @Nullable @QueryValue String after, @Nullable @QueryValue Integer limit) {
        authorize(authorization);
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw RequestFields.invalid("limit", "limit must be within 1.." + MAX_PAGE);
        }
        UUID afterId = null;
        if (after != null) {
            try {
                afterId = UUID.fromString(after);
            } catch (IllegalArgumentException e) {
                throw RequestFields.invalid("after", "after must be the next_after of a previous page");
            }
        }
        List<UnhonouredPayment> page = lockbox.unhonoured(afterId, size);
        List<Map<String, Object>> items = new ArrayList<>();
        for (UnhonouredPayment p : page) {
            items.add(render(p));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("refunds", items);
        body.put("next_after", page.size() < size ? null
                : lockbox.unhonouredId(page.get(page.size() - 1).network(), page.get(page.size() - 1).txId())
                        .map(UUID::toString).orElse(null));
        return json.write(body);
    }

    private static Map<String, Object> render(UnhonouredPayment p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("network", p.network());
        m.put("tx_signature", p.txId());
        m.put("job_id", p.jobId().toString());
        m.put("reason", p.reason());
        m.put("payer", p.payer());
        m.put("payment_token", p.asset());
        m.put("owed_units", p.total());
        m.put("to_agent_treasury_units", p.toPayee());
        m.put("to_fee_treasury_units", p.toFeeRecipient());
        m.put("agent_treasury", p.payee());
        m.put("fee_treasury", p.feeRecipient());
        m.put("landed_at", p.blockTime() == null ? null : p.blockTime().toString());
        m.put("recorded_at", p.recordedAt().toString());
        return m;
    }

    private void authorize(String authorization) {
        if (!config.enabled()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "operator_api_disabled",
                    "The operator API is off: set TOLLGATE_OPERATOR_TOKEN to turn it on.");
        }
        String expected = "Bearer " + config.token();
        if (authorization == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                authorization.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized",
                    "The operator API needs Authorization: Bearer <TOLLGATE_OPERATOR_TOKEN>.");
        }
    }
}
