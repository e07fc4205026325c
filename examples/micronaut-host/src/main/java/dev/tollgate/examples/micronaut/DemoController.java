package dev.tollgate.examples.micronaut;

import dev.tollgate.examples.api.DemoApi;
import dev.tollgate.examples.api.DemoResponse;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.nio.charset.StandardCharsets;

/** The host's own handlers: they know nothing of billing (the filter wraps them). */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class DemoController {
    private final DemoApi api = new DemoApi();

    @Post(DemoApi.CHAT_PATH)
    @Consumes(MediaType.ALL)
    public HttpResponse<byte[]> chat(@Body byte[] body) {
        return answer(api.chat(body == null ? new byte[0] : body));
    }

    @Get(DemoApi.QUOTE_PATH)
    public HttpResponse<byte[]> quote() {
        return answer(api.quote());
    }

    @Get(DemoApi.FAIL_PREFIX + "{status}")
    public HttpResponse<byte[]> fail(@PathVariable String status) {
        return answer(api.failure(status));
    }

    @Get(DemoApi.HEALTH_PATH)
    public HttpResponse<byte[]> health() {
        return answer(api.health());
    }

    private static HttpResponse<byte[]> answer(DemoResponse r) {
        return HttpResponse.<byte[]>status(io.micronaut.http.HttpStatus.OK).status(r.status())
                .contentType(r.contentType()).body(r.body().getBytes(StandardCharsets.UTF_8));
    }
}
