package dev.tollgate.gateway.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.memory.InMemoryRail;
import dev.tollgate.gateway.rails.BillingCapableRailBuilder;
import dev.tollgate.gateway.support.InMemoryGatewayProperties;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The offers built from the rails' capabilities, over real HTTP on a rail that declares an {@code UptoScheme} and
 * {@code AllowanceCharges}: a usage price gets one {@code upto} entry for its ceiling (fresh job id), every rail with
 * allowances an {@code allowances} entry (spender, asset, decimals), and the {@code sign-in-with-x} declaration bound
 * to the resource's URL (not the gateway's) on those chains; a fixed price gets no upto entry.
 */
@MicronautTest(transactional = false, environments = BillingCapableRailBuilder.ENVIRONMENT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillingOffersForUsagePricesTest implements TestPropertyProvider {
    private static final String NETWORK = "solana:billcaps";
    private static final String USDC = InMemoryRail.newAccount().getPublicKeyBase58();
    private static final String PAY_TO = InMemoryRail.newAccount().getPublicKeyBase58();
    private static final String FEE_TO = InMemoryRail.newAccount().getPublicKeyBase58();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = InMemoryGatewayProperties.solana(NETWORK, USDC);
        p.put("tollgate.billing.token", BillingApiOnInMemoryRailTest.TOKEN);
        return p;
    }

    private JsonNode offers(com.fasterxml.jackson.databind.node.ObjectNode terms) {
        BillingHttp.Reply r = new BillingHttp(server.getURI(), BillingApiOnInMemoryRailTest.TOKEN)
                .call("offers", BillingHttp.wrap("terms", terms));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body();
    }

    @Test
    void aUsagePriceIsOfferedAsUptoForItsCeilingWithAllowancesAndASignInForTheResource() {
        JsonNode body = offers(BillingHttp.usageTerms("2.5", "10", "0.05", "solana", PAY_TO, FEE_TO, 500));
        JsonNode accepts = body.path("payment_required").path("accepts");
        assertThat(accepts).hasSize(1);
        JsonNode upto = accepts.get(0);
        assertThat(upto.path("scheme").asText()).isEqualTo("upto");
        assertThat(upto.path("network").asText()).isEqualTo(NETWORK);
        assertThat(upto.path("amount").asText()).as("the ceiling, 0.05 USD").isEqualTo("50000");
        assertThat(upto.path("asset").asText()).isEqualTo(USDC);
        assertThat(upto.path("payTo").asText()).isEqualTo(BillingCapableRailBuilder.UPTO_PAY_TO);
        assertThat(upto.path("extra").path("facilitatorAddress").asText()).isEqualTo(BillingCapableRailBuilder.SPENDER);
        UUID.fromString(upto.path("extra").path("tollgateJobId").asText());

        JsonNode allowance = body.path("allowances").get(0);
        assertThat(body.path("allowances")).hasSize(1);
        assertThat(allowance.path("network").asText()).isEqualTo(NETWORK);
        assertThat(allowance.path("asset").asText()).isEqualTo("USDC");
        assertThat(allowance.path("asset_address").asText()).isEqualTo(USDC);
        assertThat(allowance.path("spender").asText()).isEqualTo(BillingCapableRailBuilder.SPENDER);
        assertThat(allowance.path("decimals").asInt()).isEqualTo(6);

        JsonNode siwx = body.path("payment_required").path("extensions").path("sign-in-with-x");
        assertThat(siwx.path("info").path("domain").asText()).isEqualTo("api.host.test:8080");
        assertThat(siwx.path("info").path("uri").asText()).isEqualTo(BillingHttp.RESOURCE);
        assertThat(siwx.path("info").path("nonce").asText()).matches("[A-Za-z0-9]{24}");
        assertThat(siwx.path("supportedChains")).hasSize(1);
        assertThat(siwx.path("supportedChains").get(0).path("chainId").asText()).isEqualTo(NETWORK);
        assertThat(siwx.path("supportedChains").get(0).path("type").asText()).isEqualTo("ed25519");
        assertThat(siwx.path("schema").path("required")).isNotEmpty();
    }

    @Test
    void aFixedPriceGetsExactButNoUptoEntry() {
        JsonNode body = offers(BillingHttp.fixedTerms("0.01", "solana", PAY_TO, FEE_TO, 500));
        JsonNode accepts = body.path("payment_required").path("accepts");
        assertThat(accepts).hasSize(1);
        assertThat(accepts.get(0).path("scheme").asText()).isEqualTo("exact");
        assertThat(body.path("allowances")).hasSize(1);
    }
}
