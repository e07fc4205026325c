package dev.tollgate.gateway.sweep;

import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.operator.OperatorAccess;
import dev.tollgate.lockbox.Sweep;
import dev.tollgate.lockbox.SweepStore;
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

/**
 * Every movement through the settlement wallet, for the operator: each x402 payment that landed there (source),
 * what it owes on (net, fee), its state, and every sweep transaction with its outcome; oldest first, a page at a time.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class SweepsController {
    private final SweepStore store;
    private final OperatorAccess access;
    private final JsonBodies json;

    SweepsController(SweepStore store, OperatorAccess access, JsonBodies json) {
        this.store = store;
        this.access = access;
        this.json = json;
    }

    @Get("/v1/operator/sweeps")
    @Produces("application/json")
    public String sweeps(@Nullable @Header("Authorization") String authorization,
                         @Nullable @QueryValue String after, @Nullable @QueryValue Integer limit) {
        OperatorAccess.Page request = access.authorize(authorization, after, limit);
        List<Sweep> page = store.page(request.after(), request.size());
        List<Map<String, Object>> items = new ArrayList<>();
        for (Sweep sweep : page) {
            items.add(render(sweep, store.transactions(sweep.id())));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sweeps", items);
        body.put("next_after", request.full(page.size()) ? page.get(page.size() - 1).id().toString() : null);
        return json.write(body);
    }

    static Map<String, Object> render(Sweep s, List<Sweep.Transaction> txs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id().toString());
        m.put("network", s.network());
        m.put("job_id", s.jobId().toString());
        m.put("source_tx_signature", s.sourceTxId());
        m.put("payment_token", s.asset());
        m.put("settlement_wallet", s.settlementWallet());
        m.put("total_units", s.netUnits().add(s.feeUnits()).toString());
        m.put("net_units", s.netUnits().toString());
        m.put("fee_units", s.feeUnits().toString());
        m.put("agent_treasury", s.payee());
        m.put("fee_treasury", s.feeRecipient());
        m.put("state", s.state().name().toLowerCase(java.util.Locale.ROOT));
        m.put("sweep_tx_signature", s.sweepTxId());
        m.put("attempts", s.attempts());
        m.put("recorded_at", s.recordedAt().toString());
        m.put("done_at", s.doneAt() == null ? null : s.doneAt().toString());
        List<Map<String, Object>> sent = new ArrayList<>();
        for (Sweep.Transaction tx : txs) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("tx_signature", tx.txId());
            t.put("outcome", tx.outcome());
            t.put("recorded_at", tx.recordedAt().toString());
            t.put("decided_at", tx.decidedAt() == null ? null : tx.decidedAt().toString());
            sent.add(t);
        }
        m.put("transactions", sent);
        return m;
    }
}
