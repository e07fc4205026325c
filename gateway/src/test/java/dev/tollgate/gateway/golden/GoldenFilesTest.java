package dev.tollgate.gateway.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The golden tooling itself: what the normaliser replaces (and never drops), diffs, and the update switch. */
class GoldenFilesTest {
    private static final String JOB = "3f1c2b9e-1111-4000-8000-000000000000";

    @Test
    void keepsEveryKeyInOrderAndEveryNumberAsSentAndNamesOnlyWhatVaries() {
        String raw = "{\"z\":1,\"job_id\":\"" + JOB + "\",\"memo\":\"ATP:" + JOB + "\",\"a\":5.0,\"big\":0.000166666,"
                + "\"expires_at\":\"2030-01-01T00:10:00.123Z\",\"deadline\":1893456000,\"nonce\":\"abc123XYZ\","
                + "\"calldata\":\"0xAbCdEf01" + "00".repeat(64) + "\",\"other\":\"9a1c2b9e-2222-4000-8000-000000000000\","
                + "\"list\":[\"" + JOB + "\",null,true],\"deep\":{\"recipient\":\"Treas1\"}}";

        String golden = new GoldenNormaliser().known(JOB, "job_id").known("Treas1", "agent_treasury").normalise(402, raw);

        assertThat(golden).isEqualTo("""
                {
                  "status": 402,
                  "body": {
                    "z": 1,
                    "job_id": "<job_id>",
                    "memo": "ATP:<job_id>",
                    "a": 5.0,
                    "big": 0.000166666,
                    "expires_at": "<timestamp>",
                    "deadline": "<number:deadline>",
                    "nonce": "<nonce>",
                    "calldata": "0xabcdef01<2 words>",
                    "other": "<uuid>",
                    "list": [
                      "<job_id>",
                      null,
                      true
                    ],
                    "deep": {
                      "recipient": "<agent_treasury>"
                    }
                  }
                }
                """);
    }

    @Test
    void aValueCannotHaveTwoNames() {
        assertThatThrownBy(() -> new GoldenNormaliser().known("x", "agent_treasury").known("x", "fee_treasury"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMismatchFailsWithALineDiffAndKeepsTheActualText(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b.json"), "{\n  \"status\": 200,\n  \"keep\": 1,\n  \"code\": \"old\"\n}\n");
        GoldenFiles files = new GoldenFiles(dir, dir.resolve("actual"), false);

        assertThatThrownBy(() -> files.assertMatches("b", "{\n  \"status\": 200,\n  \"keep\": 1,\n  \"code\": \"new\"\n}\n"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("-   \"code\": \"old\"")
                .hasMessageContaining("+   \"code\": \"new\"")
                .hasMessageContaining("    \"keep\": 1")
                .hasMessageContaining("-Dgolden.update=true");
        assertThat(dir.resolve("actual/b.json")).content().contains("\"new\"");
    }

    @Test
    void aMissingFileFailsUnlessUpdatingAndUpdatingWritesIt(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> new GoldenFiles(dir, dir.resolve("actual"), false).assertMatches("c", "{}\n"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no golden file");

        new GoldenFiles(dir, dir.resolve("actual"), true).assertMatches("c", "{}\n");

        assertThat(dir.resolve("c.json")).content().isEqualTo("{}\n");
        new GoldenFiles(dir, dir.resolve("actual"), false).assertMatches("c", "{}\n");
    }

    @Test
    void anObjectDeclaredUnorderedKeepsItsLeadingKeysAndSortsTheRest() {
        GoldenNormaliser n = new GoldenNormaliser().unordered("error", 2).unordered("list[]", 0);
        String one = n.normalise(404, "{\"error\":{\"code\":\"c\",\"message\":\"m\",\"z\":1,\"a\":{\"y\":1,\"b\":2}},"
                + "\"list\":[{\"to\":\"x\",\"amount\":\"1\"}]}");
        String other = n.normalise(404, "{\"error\":{\"code\":\"c\",\"message\":\"m\",\"a\":{\"y\":1,\"b\":2},\"z\":1},"
                + "\"list\":[{\"amount\":\"1\",\"to\":\"x\"}]}");

        assertThat(one).isEqualTo(other);
        assertThat(one.indexOf("\"code\"")).isLessThan(one.indexOf("\"message\""));
        assertThat(one.indexOf("\"y\"")).as("only the declared object is sorted").isLessThan(one.indexOf("\"b\""));
        assertThat(n.normalise(404, "{\"error\":{\"message\":\"m\",\"code\":\"c\"}}"))
                .as("the leading keys keep their order").isNotEqualTo(n.normalise(404, "{\"error\":{\"code\":\"c\",\"message\":\"m\"}}"));
    }

    @Test
    void keyOrderIsPartOfTheBody() {
        GoldenNormaliser n = new GoldenNormaliser();
        assertThat(n.normalise(200, "{\"a\":1,\"b\":2}")).isNotEqualTo(n.normalise(200, "{\"b\":2,\"a\":1}"));
    }
}
