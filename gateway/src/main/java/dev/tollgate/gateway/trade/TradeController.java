package dev.tollgate.gateway.trade;

import dev.tollgate.gateway.api.JsonBodies;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

@Controller
public class TradeController {
    private final TradeDesk desk;
    private final JsonBodies json;

    TradeController(TradeDesk desk, JsonBodies json) {
        this.desk = desk;
        this.json = json;
    }

    /** Runs the agent and answers 402 with the payment challenge (ATP §1.1–1.2). */
    @Post(value = "/v1/agent/trade", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    // a virtual thread: the upstream agent may take up to its deadline, and must not hold a platform thread
    @ExecuteOn(TaskExecutors.VIRTUAL)
    public HttpResponse<String> trade(@Body String body) {
        TradeRequest request = TradeRequest.parse(json.readObject(body));
        return HttpResponse.<String>status(HttpStatus.PAYMENT_REQUIRED)
                .header("Cache-Control", "no-store")
                .body(json.write(desk.trade(request)));
    }
}
