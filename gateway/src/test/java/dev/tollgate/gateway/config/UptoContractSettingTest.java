package dev.tollgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.gateway.config.SettingsCheck.ConfigType;
import io.micronaut.context.ApplicationContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code tollgate.networks.<n>.x402.upto-contract} (x402 upto's UptoSplitter) is checked at start like every setting. */
class UptoContractSettingTest {
    private static final List<ConfigType> X402 = List.of(
            new ConfigType(X402NetworkConfig.class, "tollgate.networks.polygon.x402", "polygon"));

    private static Optional<SettingProblem> check(String value) {
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("tollgate.networks.polygon.x402.upto-contract", value)).build()) {
            return SettingsCheck.firstProblem(context.getEnvironment().start(), X402, name -> null);
        }
    }

    @Test
    void aMalformedAddressIsRefusedNamingTheSettingAndAWellFormedOneIsBound() {
        assertThat(check("0x1234").map(SettingProblem::line).orElse("(accepted)"))
                .contains("tollgate.networks.polygon.x402.upto-contract").contains("0x1234");
        assertThat(check("0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002")).isEmpty();
        try (ApplicationContext context = ApplicationContext.builder().properties(Map.of(
                "tollgate.networks.polygon.x402.upto-contract", " 0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002 ")).build()) {
            assertThat(X402NetworkConfig.bind(context.getEnvironment().start(), "tollgate.networks.polygon").uptoContract())
                    .isEqualTo("0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002");
        }
    }
}
