import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.web3j.codegen.SolidityFunctionWrapperGenerator;

/**
 * Writes web3j wrappers for every {@code <Contract>.json} artifact in a directory (as written by compile.mjs), into
 * {@code <source-root>/<package path>/}, replacing the wrappers already there. Run by generate.sh and by
 * ContractArtifactsDriftTest as a single-file program, one pair of directories per source set:
 * {@code java -cp <web3j codegen classpath> GenerateWrappers.java <package> (<artifact-dir> <source-root>)...}.
 */
public class GenerateWrappers {
    private static final int ADDRESS_LENGTH_BYTES = 20;

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length % 2 != 1) {
            System.err.println("usage: GenerateWrappers <package> (<artifact-dir> <source-root>)...");
            System.exit(2);
        }
        for (int i = 1; i < args.length; i += 2) {
            generate(Path.of(args[i]), Path.of(args[i + 1]), args[0]);
        }
    }

    private static void generate(Path artifacts, Path sourceRoot, String packageName) throws Exception {
        deleteOldWrappers(sourceRoot.resolve(packageName.replace('.', '/')));
        Path scratch = Files.createTempDirectory("web3j-codegen");
        ObjectMapper json = new ObjectMapper();
        for (Path artifact : sorted(artifacts, ".json")) {
            JsonNode node = json.readTree(artifact.toFile());
            String name = node.get("contractName").asText();
            Path abi = Files.writeString(scratch.resolve(name + ".abi"), json.writeValueAsString(node.get("abi")));
            Path bin = Files.writeString(scratch.resolve(name + ".bin"), node.get("bytecode").asText());
            // Java native types (BigInteger, String, byte[]) rather than Solidity wrapper types.
            new SolidityFunctionWrapperGenerator(bin.toFile(), abi.toFile(), sourceRoot.toFile(), name, packageName,
                    true, false, ADDRESS_LENGTH_BYTES).generate();
        }
    }

    private static void deleteOldWrappers(Path packageDir) throws IOException {
        if (Files.isDirectory(packageDir)) {
            for (Path old : sorted(packageDir, ".java")) {
                Files.delete(old);
            }
        }
    }

    private static List<Path> sorted(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }
}
