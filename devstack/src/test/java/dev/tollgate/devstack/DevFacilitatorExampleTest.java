package dev.tollgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.gateway.support.GatewayProcess;
import dev.tollgate.localnet.RepoPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's facilitator example, run as documented: {@code ./tollgate dev} ({@link DevApplication} in its own
 * JVM), then {@code interop/examples/x402-express-on-tollgate-dev.sh evm} and {@code ... solana} from the directory
 * holding {@code .tollgate/dev.json}: a stock {@code @x402/express} server settles through the dev gateway's
 * {@code /x402} and the stock {@code @x402/fetch} client pays it. The seller's balance is read from the chain by the
 * script before and after, and must grow by exactly the price.
 */
class DevFacilitatorExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    @Test
    void theStockExpressServerExampleIsPaidOnBothRailsThroughTheDevGatewaysFacilitator() throws Exception {
        try (GatewayProcess dev = GatewayProcess.startMain(DevApplication.class.getName(), workDir,
                Map.of("TOLLGATE_PORT", "0"))) {
            dev.awaitLine(l -> l.startsWith(" Ctrl-C stops"), Duration.ofMinutes(4));
            assertThat(workDir.resolve(".tollgate/dev.json")).exists();
            for (String rail : List.of("evm", "solana")) {
                List<String> out = example(rail);
                assertThat(out).as(rail).contains("seller_usdc_before=0", "seller_usdc_after=10000");
                JsonNode paid = JSON.readTree(out.stream().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
                assertThat(paid.path("status").asInt()).as(paid.toString()).isEqualTo(200);
                assertThat(paid.path("body").path("paid").asBoolean()).isTrue();
                assertThat(paid.path("paymentResponse").path("success").asBoolean()).as(paid.toString()).isTrue();
            }
        }
    }

    private List<String> example(String rail) throws Exception {
        Path script = RepoPaths.root().resolve("interop/examples/x402-express-on-tollgate-dev.sh");
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        Process process = new ProcessBuilder("bash", script.toString(), rail).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("the example finished").isTrue();
        assertThat(process.exitValue()).as(Files.readString(err, StandardCharsets.UTF_8)).isZero();
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }
}
