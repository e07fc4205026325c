package dev.tollgate.billing.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.sse.Event;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/** A small host API behind the billing filter (test sources only). Counts handler runs. */
@Controller
@Requires(property = "billing-test.host", value = "micronaut")
public class HostApp {

    static final AtomicInteger RUNS = new AtomicInteger();

    @Get("/v1/quote")
    public Map<String, Object> quote() {
        RUNS.incrementAndGet();
        return Map.of("quote", 42, "text", "SECRET-QUOTE");
    }

    @Post(uri = "/v1/chat/completions", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public String chat(@Body String request) {
        RUNS.incrementAndGet();
        return "{\"id\":\"c1\",\"choices\":[{\"message\":{\"content\":\"SECRET-ANSWER\"}}],"
                + "\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":500,\"total_tokens\":1500}}";
    }

    @Post(uri = "/v1/stream", consumes = MediaType.APPLICATION_JSON)
    @Produces(MediaType.TEXT_EVENT_STREAM)
    public Publisher<Event<String>> stream(@Body String request) {
        RUNS.incrementAndGet();
        return Flux.just(
                Event.of("{\"choices\":[{\"delta\":{\"content\":\"SECRET-\"}}]}"),
                Event.of("{\"choices\":[{\"delta\":{\"content\":\"STREAM\"}}]}"),
                Event.of("{\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2}}"),
                Event.of("[DONE]"));
    }

    @Get("/v1/broken")
    public HttpResponse<String> broken() {
        RUNS.incrementAndGet();
        return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE).body("upstream busy");
    }

    @Get("/v1/list")
    public Publisher<Map<String, Object>> list() {
        RUNS.incrementAndGet();
        return Flux.just(Map.of("n", 1), Map.of("n", 2));
    }

    @Get("/v1/throws")
    public String throwing() {
        RUNS.incrementAndGet();
        throw new IllegalStateException("handler bug");
    }

    @Get(uri = "/v1/big", produces = MediaType.TEXT_PLAIN)
    public String big() {
        RUNS.incrementAndGet();
        return "x".repeat(5000);
    }

    @Get(uri = "/free", produces = MediaType.TEXT_PLAIN)
    public String free() {
        RUNS.incrementAndGet();
        return "free";
    }
}
