package dev.tollgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.gateway.config.SettingsCheck.ConfigType;
import dev.tollgate.lockbox.LockboxConfig;
import dev.tollgate.lockbox.testing.SharedTestDatabase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The check runs in every application context and finds every configuration record by itself. */
@MicronautTest(startApplication = false, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettingsCheckDiscoveryTest implements TestPropertyProvider {
    @Inject
    SettingsCheck check;

    @Override
    public Map<String, String> getProperties() {
        return SharedTestDatabase.stringProperties();
    }

    @Test
    void everyConfigurationRecordOfGatewayAndLockboxIsChecked() {
        assertThat(check.checked()).map(ConfigType::type).contains(GatewayConfig.class, OracleConfig.class,
                NetworkConfig.class, AssetConfig.class, PricingConfig.class, UpstreamConfig.class,
                LockboxConfig.class, dev.tollgate.gateway.proof.ProofConfig.class,
                dev.tollgate.gateway.operator.OperatorConfig.class, dev.tollgate.gateway.limits.RateLimitConfig.class,
                dev.tollgate.gateway.upstream.AgentConfigCaps.class);
        assertThat(check.checked()).contains(new ConfigType(GatewayConfig.class, "tollgate"),
                new ConfigType(LockboxConfig.class, "tollgate.lockbox"),
                new ConfigType(NetworkConfig.class, "tollgate.networks.solana", "solana"),
                new ConfigType(NetworkConfig.class, "tollgate.networks.polygon", "polygon"),
                new ConfigType(AssetConfig.class, "tollgate.networks.solana.assets.usdc", "usdc"),
                new ConfigType(SponsorConfig.class, "tollgate.networks.solana.sponsor", "solana"),
                new ConfigType(SponsorConfig.class, "tollgate.networks.polygon.sponsor", "polygon"));
    }
}
