package dev.tollgate.gateway.operator;

import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.UnhonouredPayment;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
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
    private final Lockbox lockbox;
    private final OperatorAccess access;
    private final JsonBodies json;

    RefundsController(Lockbox lockbox, OperatorAccess access, JsonBodies json) {
        this.lockbox = lockbox;
        this.access = access;
        this.json = json;
    }

    @Get("/v1/operator/refunds")
    @Produces("application/json")
    public String refunds(@Nullable @Header("Authorization") String authorization,
                          @Nullable @QueryValue String after, @Nullable @QueryValue Integer limit) {
        OperatorAccess.Page request = access.authorize(authorization, after, limit);
        List<UnhonouredPayment> page = lockbox.unhonoured(request.after(), request.size());
        List<Map<String, Object>> items = new ArrayList<>();
        for (UnhonouredPayment p : page) {
            items.add(render(p));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("refunds", items);
        body.put("next_after", !request.full(page.size()) ? null
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
}
