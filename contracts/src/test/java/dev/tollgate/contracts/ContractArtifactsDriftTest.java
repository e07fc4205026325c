package dev.tollgate.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.localnet.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed artifacts and wrappers are exactly what {@code contracts/generate.sh} makes from the Solidity
 * sources today: recompiles with the pinned solc-js and regenerates the wrappers into a temp dir, then compares.
 */
class ContractArtifactsDriftTest {
    private static final String PACKAGE_PATH = "dev/tollgate/contracts/generated";
    private static final String FIX = " differs from the Solidity sources: run contracts/generate.sh and commit the result";

    @TempDir
    static Path out;
    private static Path contracts;

    @BeforeAll
    static void regenerate() throws Exception {
        contracts = RepoPaths.root().resolve("contracts");
        if (!Files.isDirectory(contracts.resolve("node_modules/solc"))) {
            throw new IllegalStateException(contracts + "/node_modules is missing: run `npm ci --prefix " + contracts + "`");
        }
        run(List.of("node", "compile.mjs", out.resolve("main").toString(), out.resolve("test").toString()));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        run(List.of(java, "-cp", classpath, "tools/GenerateWrappers.java", "dev.tollgate.contracts.generated",
                out.resolve("main").toString(), out.resolve("src-main").toString(),
                out.resolve("test").toString(), out.resolve("src-test").toString()));
    }

    @Test
    void compiledArtifactsMatchTheSources() throws IOException {
        assertSameFiles(contracts.resolve("src/main/resources/dev/tollgate/contracts"), out.resolve("main"), ".json");
        assertSameFiles(contracts.resolve("src/test/resources/dev/tollgate/contracts"), out.resolve("test"), ".json");
    }

    @Test
    void wrappersMatchTheArtifacts() throws IOException {
        assertSameFiles(contracts.resolve("src/main/java").resolve(PACKAGE_PATH), out.resolve("src-main").resolve(PACKAGE_PATH), ".java");
        assertSameFiles(contracts.resolve("src/test/java").resolve(PACKAGE_PATH), out.resolve("src-test").resolve(PACKAGE_PATH), ".java");
    }

    @Test
    void bothContractsAreBuilt() throws IOException {
        // which artifacts exist exactly is compiledArtifactsMatchTheSources' job (committed set = regenerated set)
        assertThat(files(out.resolve("main"), ".json")).containsKeys("FeeSplitter.json", "TestUSDC.json",
                "SplitVault.json", "SplitVaultFactory.json");
        assertThat(files(out.resolve("main"), ".json")).containsKeys("LocalPermit2.json", "LocalUptoPermit2Proxy.json",
                "UptoSplitter.json", "AllowanceSplitter.json");
        assertThat(files(out.resolve("main"), ".json").get("FeeSplitter.json")).contains("\"bytecode\": \"0x60");
    }

    private static void assertSameFiles(Path committed, Path regenerated, String suffix) throws IOException {
        Map<String, String> expected = files(regenerated, suffix);
        Map<String, String> actual = files(committed, suffix);
        assertThat(actual.keySet()).as(committed + FIX).isEqualTo(expected.keySet());
        for (var e : expected.entrySet()) {
            String difference = firstDifference(actual.get(e.getKey()), e.getValue());
            assertThat(difference).as(committed.resolve(e.getKey()) + FIX).isNull();
        }
    }

    /** The first line that differs, as a short message (the files themselves are too long to print). */
    private static String firstDifference(String actual, String expected) {
        if (actual.equals(expected)) {
            return null;
        }
        String[] a = actual.split("\n", -1);
        String[] b = expected.split("\n", -1);
        int line = 0;
        while (line < Math.min(a.length, b.length) && a[line].equals(b[line])) {
            line++;
        }
        return "line " + (line + 1) + ": committed " + abbreviate(line < a.length ? a[line] : "<end of file>")
                + " but regenerated " + abbreviate(line < b.length ? b[line] : "<end of file>");
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? "'" + text + "'" : "'" + text.substring(0, 120) + "...'";
    }

    private static Map<String, String> files(Path dir, String suffix) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> list = Files.list(dir)) {
                for (Path p : list.filter(f -> f.toString().endsWith(suffix)).toList()) {
                    contents.put(p.getFileName().toString(), Files.readString(p));
                }
            }
        }
        return contents;
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(new ArrayList<>(command)).directory(contracts.toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command.subList(0, 2)) + " failed:\n" + output);
        }
    }
}
