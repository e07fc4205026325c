package dev.tollgate.devstack;

import dev.tollgate.gateway.support.GatewayProcess;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts {@code ./tollgate dev} as the script does ({@link DevApplication}: DevStack and the gateway, in its own
 * JVM) and runs every command the printed walkthrough shows, exactly as printed, through bash. {@code curl} is
 * wrapped only to report each answer's HTTP status on stderr; the commands themselves are untouched.
 */
class DevWalkthroughTest {
    /** A command: a block that starts with a line indented by exactly three spaces (prose has one). */
    private static final Pattern COMMAND_START = Pattern.compile("^ {3}\\S.*");
    private static final Pattern STATUS = Pattern.compile("HTTP_STATUS=(\\d{3})");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    @Test
    void everyPrintedCommandWorksAsPrinted() throws Exception {
        try (GatewayProcess dev = GatewayProcess.startMain(DevApplication.class.getName(), workDir,
                Map.of("TOLLGATE_PORT", "0"))) {
            dev.awaitLine(l -> l.startsWith(" Ctrl-C stops"), Duration.ofMinutes(4));
            List<String> commands = commands(walkthrough(dev.lines()));

            assertThat(commands).hasSize(4);
            assertThat(commands).filteredOn(c -> c.contains("/v1/agent/trade")).hasSize(2);
            assertThat(commands).filteredOn(c -> c.contains("/v1/agent/settle")).hasSize(2);
            Path bin = curlReportingItsStatus();
            for (String command : commands) {
                Result result = bash(command, bin);
                if (command.contains("/v1/agent/trade")) {
                    assertThat(result.status()).as(command + "\n" + result).isEqualTo(402);
                    assertThat(result.json().path("job_id").asText()).as(result.toString()).isNotBlank();
                } else {
                    assertThat(result.status()).as(command + "\n" + result).isEqualTo(200);
                    assertThat(result.json().path("status").asText()).isEqualTo("success");
                    assertThat(result.json().path("agent_output").asText()).as(result.toString()).contains("[demo]");
                }
            }
        }
    }

    /** The block between the first and the last rule of "=" signs after the gateway announced itself. */
    private static List<String> walkthrough(List<String> output) {
        int start = -1;
        for (int i = 0; i < output.size(); i++) {
            if (output.get(i).startsWith(" Tollgate dev is up:")) {
                start = i;
            }
        }
        assertThat(start).as("walkthrough printed").isPositive();
        int end = start;
        while (!output.get(end).startsWith(" Ctrl-C stops")) {
            end++;
        }
        return output.subList(start, end + 1);
    }

    /** Commands are blank-line separated blocks whose first line is indented by exactly three spaces. */
    static List<String> commands(List<String> lines) {
        List<String> commands = new ArrayList<>();
        StringBuilder current = null;
        for (String line : lines) {
            if (line.isBlank()) {
                if (current != null) {
                    commands.add(current.toString());
                }
                current = null;
            } else if (current != null) {
                current.append('\n').append(line);
            } else if (COMMAND_START.matcher(line).matches()) {
                current = new StringBuilder(line);
            }
        }
        if (current != null) {
            commands.add(current.toString());
        }
        return commands;
    }

    private record Result(int exit, int status, String stdout, String stderr) {
        JsonNode json() throws IOException {
            return JSON.readTree(stdout);
        }
    }

    private Result bash(String command, Path bin) throws Exception {
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("command finished: " + command).isTrue();
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        Matcher status = STATUS.matcher(stderr);
        return new Result(process.exitValue(), status.find() ? Integer.parseInt(status.group(1)) : -1,
                Files.readString(out, StandardCharsets.UTF_8), stderr);
    }

    /** A {@code curl} first on PATH that runs the real one and also writes the HTTP status to stderr. */
    private Path curlReportingItsStatus() throws IOException {
        Path realCurl = Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "curl")).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("curl is not installed"));
        Path bin = Files.createDirectories(workDir.resolve("bin"));
        Path shim = bin.resolve("curl");
        Files.writeString(shim, "#!/bin/sh\nexec '" + realCurl + "' -w '%{stderr}HTTP_STATUS=%{http_code}\\n' \"$@\"\n");
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }
}
