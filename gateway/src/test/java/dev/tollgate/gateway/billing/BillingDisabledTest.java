package dev.tollgate.gateway.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.chain.memory.InMemoryRail;
import dev.tollgate.gateway.rails.InMemoryRailBuilder;
import dev.tollgate.gateway.support.InMemoryGatewayProperties;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without {@code tollgate.billing.token} the billing API is off: every endpoint answers 404 billing_disabled. */
@MicronautTest(transactional = false, environments = InMemoryRailBuilder.ENVIRONMENT)
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class BillingDisabledTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        return InMemoryGatewayProperties.solana("solana:billoff", InMemoryRail.newAccount().getPublicKeyBase58());
    }

    @Test
    void everyEndpointAnswers404BillingDisabled() {
        BillingHttp http = new BillingHttp(server.getURI(), null);
        for (String endpoint : List.of("offers", "authorize", "settle", "release")) {
            for (String auth : new String[] {null, "Bearer ", "Bearer anything"}) {
                BillingHttp.Reply r = http.call(endpoint, "{}", auth);
                assertThat(r.status()).as(endpoint).isEqualTo(404);
                assertThat(r.code()).isEqualTo("billing_disabled");
            }
        }
    }
}
