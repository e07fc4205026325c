package dev.tollgate.gateway.settle;

import dev.tollgate.gateway.api.JsonBodies;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

@Controller
public class SettleController {
    private final SettlementDesk desk;
    private final JsonBodies json;

    SettleController(SettlementDesk desk, JsonBodies json) {
        this.desk = desk;
        this.json = json;
    }

    /** Pays (or verifies a payment for) a locked job and releases its output once (ATP §1.3). */
    @Post(value = "/v1/agent/settle", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    // a virtual thread: a settle waits on the chain for seconds, and must not hold a platform thread meanwhile
    @ExecuteOn(TaskExecutors.VIRTUAL)
    public HttpResponse<String> settle(@Body String body) {
        SettlementDesk.Answer answer = desk.settle(SettleRequest.parse(json.readObject(body)));
        return HttpResponse.<String>status(answer.status())
                .header("Cache-Control", "no-store")
                .body(json.write(answer.body()));
    }
}
