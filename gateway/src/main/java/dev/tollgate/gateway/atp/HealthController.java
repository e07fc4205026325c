package dev.tollgate.gateway.atp;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.LinkedHashMap;
import java.util.Map;

/** ATP's liveness probe. Readiness with database and disk checks is at /management/health. */
@Controller
public class HealthController {
    @Get("/health")
    public Map<String, Object> health() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "healthy");
        body.put("service", "Tollgate ATP Gateway");
        return body;
    }
}
