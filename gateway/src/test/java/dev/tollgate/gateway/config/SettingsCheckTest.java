package dev.tollgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.gateway.config.SettingsCheck.ConfigType;
import dev.tollgate.lockbox.LockboxConfig;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import jakarta.validation.constraints.Pattern;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The start-up check of every setting, against the real application.yml: the environment variable an operator set
 * is resolved through its placeholder exactly as at start, and the problem names it, the value and what is allowed.
 */
class SettingsCheckTest {
    private static final List<ConfigType> ALL = List.of(ConfigType.of(GatewayConfig.class),
            ConfigType.of(OracleConfig.class), ConfigType.of(PricingConfig.class),
            ConfigType.of(UpstreamConfig.class), ConfigType.of(LockboxConfig.class),
            ConfigType.of(dev.tollgate.gateway.proof.ProofConfig.class),
            new ConfigType(NetworkConfig.class, "tollgate.networks.polygon", "polygon"),
            new ConfigType(AssetConfig.class, "tollgate.networks.polygon.assets.pol", "pol"),
            new ConfigType(AssetConfig.class, "tollgate.networks.polygon.assets.usdc", "usdc"),
            new ConfigType(NetworkConfig.class, "tollgate.networks.solana", "solana"),
            new ConfigType(AssetConfig.class, "tollgate.networks.solana.assets.sol", "sol"),
            new ConfigType(AssetConfig.class, "tollgate.networks.solana.assets.usdc", "usdc"));

    /** Variables as an operator sets them: application.yml's placeholders resolve them like environment variables. */
    private static Optional<SettingProblem> checkWithVariables(String... nameValues) {
        Map<String, Object> variables = new HashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            variables.put(nameValues[i], nameValues[i + 1]);
        }
        try (ApplicationContext context = ApplicationContext.builder().properties(variables).build()) {
            Environment env = context.getEnvironment().start();
            return SettingsCheck.firstProblem(env, ALL, name -> (String) variables.get(name));
        }
    }

    private static String line(String... nameValues) {
        return checkWithVariables(nameValues).map(SettingProblem::line).orElse("(accepted)");
    }

    @Test
    void theShippedDefaultsPassAndUrlDefaultsKeepTheirScheme() {
        assertThat(checkWithVariables()).isEmpty();
        try (ApplicationContext context = ApplicationContext.builder().build()) {
            Environment env = context.getEnvironment().start();
            assertThat(env.getProperty("tollgate.networks.solana.rpc-url", String.class))
                    .contains("https://api.mainnet-beta.solana.com");
            assertThat(env.getProperty("tollgate.networks.polygon.rpc-url", String.class)).contains("https://polygon-rpc.com");
            assertThat(env.getProperty("tollgate.upstream.url", String.class))
                    .contains("https://api.swarms.world/v1/agent/completions");
            assertThat(env.getProperty("tollgate.networks.solana.fee-treasury", String.class).orElse("")).isEmpty();
        }
    }

    @Test
    void aNumberOutOfRangeNamesTheVariableItsValueAndTheRange() {
        assertThat(line("JOB_TTL_SECONDS", "3"))
                .isEqualTo("tollgate: invalid setting JOB_TTL_SECONDS (tollgate.job-ttl-seconds) = \"3\"; allowed: 10..86400");
        assertThat(line("TOLLGATE_SETTLE_WAIT_SECONDS", "601"))
                .isEqualTo("tollgate: invalid setting TOLLGATE_SETTLE_WAIT_SECONDS (tollgate.settle-wait-seconds) "
                        + "= \"601\"; allowed: 1..600");
        assertThat(line("JOB_TTL_SECONDS", "10")).isEqualTo("(accepted)");
    }

    @Test
    void notANumberIsRefusedInsteadOfSilentlyFallingBackToTheDefault() {
        assertThat(line("JOB_TTL_SECONDS", "ten minutes"))
                .isEqualTo("tollgate: invalid setting JOB_TTL_SECONDS (tollgate.job-ttl-seconds) = \"ten minutes\"; "
                        + "allowed: 10..86400");
        assertThat(line("TOLLGATE_UPSTREAM_TIMEOUT_SECONDS", "2m"))
                .endsWith("= \"2m\"; allowed: a whole number, at least 1");
    }

    @Test
    void micronautsOwnEnvironmentNameIsNamedWhenThatIsWhatWasSet() {
        Map<String, String> env = Map.of("TOLLGATE_LOCKBOX_REAPER_BATCH_SIZE", "many");
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("tollgate.lockbox.reaper-batch-size", "many")).build()) {
            Optional<SettingProblem> problem = SettingsCheck.firstProblem(context.getEnvironment().start(), ALL, env::get);
            assertThat(problem.map(SettingProblem::line)).contains("tollgate: invalid setting "
                    + "TOLLGATE_LOCKBOX_REAPER_BATCH_SIZE (tollgate.lockbox.reaper-batch-size) = \"many\"; "
                    + "allowed: a whole number");
        }
    }

    @Test
    void choicesUrlsAddressesAndBooleansSayWhatIsAllowed() {
        assertThat(line("TOLLGATE_UPSTREAM_KIND", "claude")).endsWith("allowed: swarms or openai");
        assertThat(line("TOLLGATE_MIN_COMMITMENT", "final")).endsWith("allowed: processed, confirmed or finalized");
        assertThat(line("SOLANA_RPC_URL", "api.mainnet-beta.solana.com"))
                .isEqualTo("tollgate: invalid setting SOLANA_RPC_URL (tollgate.networks.solana.rpc-url) = "
                        + "\"api.mainnet-beta.solana.com\"; allowed: an http:// or https:// URL");
        assertThat(line("AGENT_TREASURY_PUBKEY", "0x52908400098527886E0F7030069857D2E4169EE7"))
                .endsWith("allowed: a base58 Solana address, or empty");
        assertThat(line("TOLLGATE_POLYGON_FEE_TREASURY", "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp"))
                .endsWith("allowed: a 0x-prefixed 20-byte hex address, or empty");
        assertThat(line("TOLLGATE_POLYGON_ENABLED", "1")).endsWith("= \"1\"; allowed: true or false");
        assertThat(line("TOLLGATE_POLYGON_ENABLED", "yes")).isEqualTo("(accepted)");
        assertThat(line("TOLLGATE_ACCEPT_UNSIGNED_REQUESTS", "maybe"))
                .isEqualTo("tollgate: invalid setting TOLLGATE_ACCEPT_UNSIGNED_REQUESTS"
                        + " (tollgate.proof.accept-unsigned-requests) = \"maybe\"; allowed: true or false");
        assertThat(line("TOLLGATE_ACCEPT_UNSIGNED_REQUESTS", "false")).isEqualTo("(accepted)");
        assertThat(line("INPUT_COST_PER_MILLION_USD", "1e3")).endsWith("allowed: a plain decimal such as 2.5, or empty");
        assertThat(line("INPUT_COST_PER_MILLION_USD", "")).isEqualTo("(accepted)"); // ATP: empty means unset
    }

    @Test
    void networkEntriesAndTheirAssetsAreCheckedFieldByField() {
        assertThat(line("USDC_MINT_ADDRESS", "0x52908400098527886E0F7030069857D2E4169EE7"))
                .isEqualTo("tollgate: invalid setting USDC_MINT_ADDRESS (tollgate.networks.solana.assets.usdc.address) "
                        + "= \"0x52908400098527886E0F7030069857D2E4169EE7\"; allowed: a base58 Solana address, or empty");
        assertThat(line("TOLLGATE_POLYGON_CHAIN_ID", "polygon"))
                .endsWith("(tollgate.networks.polygon.id) = \"eip155:polygon\"; allowed: "
                        + "a CAIP-2 id of a supported family: solana:<genesis hash prefix> or eip155:<chain id>");
        assertThat(line("TOLLGATE_POLYGON_RPC_FALLBACK_URLS", "https://a.example, ftp://b.example"))
                .endsWith("allowed: comma-separated http:// or https:// URLs, or empty");
        assertThat(line("TOLLGATE_POLYGON_RPC_FALLBACK_URLS", "https://a.example/v2/k, https://b.example"))
                .isEqualTo("(accepted)");
        assertThat(line("TOLLGATE_POLYGON_PAYMENT_VALIDITY_SECONDS", "5")).endsWith("allowed: 10..3600");
    }

    @Test
    void aTokenProgramMustBeSplTokenOrToken2022() {
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("tollgate.networks.solana.assets.pyusd.token-program", "11111111111111111111111111111111",
                        "tollgate.networks.solana.assets.pyusd.decimals", "6")).build()) {
            Environment env = context.getEnvironment().start();
            Optional<SettingProblem> problem = SettingsCheck.firstProblem(env, List.of(
                    new ConfigType(AssetConfig.class, "tollgate.networks.solana.assets.pyusd", "pyusd")), name -> null);
            assertThat(problem.map(SettingProblem::line)).contains("tollgate: invalid setting "
                    + "tollgate.networks.solana.assets.pyusd.token-program = \"11111111111111111111111111111111\"; "
                    + "allowed: the SPL Token (Tokenkeg…) or Token-2022 (TokenzQd…) program id, or empty");
        }
    }

    @Test
    void atpsFeeTreasuryNameIsNamedWhenItCarriesTheBadValue() {
        Map<String, String> env = Map.of("SWARMS_TREASURY_PUBKEY", "not-an-address");
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.copyOf(AtpAliases.properties(env::get))).build()) {
            Optional<SettingProblem> problem = SettingsCheck.firstProblem(context.getEnvironment().start(), ALL, env::get);
            assertThat(problem.map(SettingProblem::line)).contains("tollgate: invalid setting SWARMS_TREASURY_PUBKEY "
                    + "(tollgate.networks.solana.fee-treasury) = \"not-an-address\"; allowed: a base58 Solana address, or empty");
        }
    }

    @Test
    void aNetworksSponsorKeyAndBudgetAreCheckedAndTheKeyIsNeverEchoed() {
        List<ConfigType> sponsor = List.of(new ConfigType(SponsorConfig.class, "tollgate.networks.solana.sponsor", "solana"));
        String key = "0x" + "ab".repeat(31); // one byte short
        try (ApplicationContext context = ApplicationContext.builder().properties(Map.of(
                "tollgate.networks.solana.sponsor.key", key)).build()) {
            Optional<SettingProblem> problem = SettingsCheck.firstProblem(context.getEnvironment().start(), sponsor,
                    name -> null);
            assertThat(problem.map(SettingProblem::line)).contains("tollgate: invalid setting "
                    + "tollgate.networks.solana.sponsor.key = (secret, not shown); allowed: " + SponsorConfig.KEY_TEXT);
            assertThat(problem.map(SettingProblem::line).orElseThrow()).doesNotContain("abab");
        }
        try (ApplicationContext context = ApplicationContext.builder().properties(Map.of(
                "tollgate.networks.solana.sponsor.per-payer-units", "1e9")).build()) {
            assertThat(SettingsCheck.firstProblem(context.getEnvironment().start(), sponsor, name -> null)
                    .map(SettingProblem::line)).contains("tollgate: invalid setting "
                    + "tollgate.networks.solana.sponsor.per-payer-units = \"1e9\"; allowed: " + SponsorConfig.UNITS_TEXT);
        }
        try (ApplicationContext context = ApplicationContext.builder().properties(Map.of(
                "tollgate.networks.solana.sponsor.window-seconds", "5")).build()) {
            assertThat(SettingsCheck.firstProblem(context.getEnvironment().start(), sponsor, name -> null)
                    .map(SettingProblem::line).orElseThrow()).endsWith("allowed: 60..2592000");
        }
        try (ApplicationContext context = ApplicationContext.builder().properties(Map.of(
                "tollgate.networks.solana.sponsor.key", "0x" + "ab".repeat(32),
                "tollgate.networks.solana.sponsor.per-payer-units", "50000",
                "tollgate.networks.solana.sponsor.total-units", "100000000000000000000")).build()) {
            Environment env = context.getEnvironment().start();
            assertThat(SettingsCheck.firstProblem(env, sponsor, name -> null)).isEmpty();
            SponsorConfig bound = SponsorConfig.bind(env, "tollgate.networks.solana");
            assertThat(bound.enabled()).isTrue();
            assertThat(bound.perPayer()).isEqualTo(new java.math.BigInteger("50000"));
            assertThat(bound.total()).isEqualTo(new java.math.BigInteger("100000000000000000000"));
            assertThat(bound.windowSeconds()).isEqualTo(86_400);
            assertThat(bound.toString()).doesNotContain("abab");
        }
    }

    @Test
    void aNetworksAllowanceContractMustBeAnEvmAddress() {
        List<ConfigType> allowance = List.of(new ConfigType(AllowanceNetworkConfig.class,
                "tollgate.networks.polygon.allowance", "polygon"));
        try (ApplicationContext context = ApplicationContext.builder().properties(Map.of(
                "tollgate.networks.polygon.allowance.contract", "0x1234")).build()) {
            assertThat(SettingsCheck.firstProblem(context.getEnvironment().start(), allowance, name -> null)
                    .map(SettingProblem::line)).contains("tollgate: invalid setting "
                    + "tollgate.networks.polygon.allowance.contract = \"0x1234\"; allowed: " + Rules.EVM_ADDRESS_TEXT);
        }
        String contract = "0x" + "12".repeat(20);
        try (ApplicationContext context = ApplicationContext.builder().properties(Map.of(
                "tollgate.networks.polygon.allowance.contract", " " + contract + " ")).build()) {
            Environment env = context.getEnvironment().start();
            assertThat(SettingsCheck.firstProblem(env, allowance, name -> null)).isEmpty();
            assertThat(AllowanceNetworkConfig.bind(env, "tollgate.networks.polygon").contract()).isEqualTo(contract);
        }
        try (ApplicationContext context = ApplicationContext.builder().build()) {
            assertThat(AllowanceNetworkConfig.bind(context.getEnvironment().start(), "tollgate.networks.polygon")
                    .contract()).isNull();
        }
    }

    /** A stand-in with a secret-named setting that has a rule, since the real secrets are checked where decoded. */
    record SecretSettings(@Pattern(regexp = "[A-Za-z0-9+/]{43}=", message = "base64 of 32 bytes") String sealingKey) {
    }

    @Test
    void aSecretIsNeverEchoed() {
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("test.secrets.sealing-key", "hunter2-hunter2")).build()) {
            Optional<SettingProblem> problem = SettingsCheck.firstProblem(context.getEnvironment().start(),
                    List.of(new ConfigType(SecretSettings.class, "test.secrets")), name -> null);
            assertThat(problem.map(SettingProblem::line)).contains("tollgate: invalid setting "
                    + "test.secrets.sealing-key = (secret, not shown); allowed: base64 of 32 bytes");
        }
        assertThat(SettingSource.isSecret("tollgate.upstream.api-key")).isTrue();
        assertThat(SettingSource.isSecret("tollgate.oracle.coingecko-api-key")).isTrue();
        assertThat(SettingSource.isSecret("datasources.default.password")).isTrue();
        assertThat(SettingSource.isSecret("tollgate.private-key-settlement")).isFalse();
    }
}
