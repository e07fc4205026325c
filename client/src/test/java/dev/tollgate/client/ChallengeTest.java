package dev.tollgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.chain.PaymentIntent;
import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The client reads the gateway's real 402 bodies (its golden files) into exact integer terms. */
class ChallengeTest {

    @Test
    void readsASolanaSolChallenge() {
        Challenge c = Challenge.parse(GoldenChallenges.body("trade_402_solana_sol.json"));

        assertThat(c.jobId()).isEqualTo(GoldenChallenges.JOB_ID);
        assertThat(c.paymentToken()).isEqualTo("SOL");
        assertThat(c.network()).isEqualTo(GoldenChallenges.SOLANA_NETWORK);
        assertThat(c.isSolana()).isTrue();
        assertThat(c.isNative()).isTrue();
        assertThat(c.totalUnits()).isEqualTo(BigInteger.valueOf(166_666));
        assertThat(c.feeUnits()).isEqualTo(BigInteger.valueOf(8_333));
        assertThat(c.netUnits()).isEqualTo(BigInteger.valueOf(158_333));
        assertThat(c.decimals()).isEqualTo(9);
        assertThat(c.payee()).isEqualTo(GoldenChallenges.SOLANA_AGENT);
        assertThat(c.feeRecipient()).isEqualTo(GoldenChallenges.SOLANA_FEE);
        assertThat(c.memo()).isEqualTo("ATP:" + GoldenChallenges.JOB_ID);
        assertThat(c.expiresAt()).isEqualTo(Instant.parse("2030-01-01T00:10:00Z"));
        assertThat(c.ttlSeconds()).isEqualTo(600);
        assertThat(c.feeBps()).isEqualTo(500);
        assertThat(c.instructions().path("transfers")).hasSize(2);
    }

    @Test
    void readsASolanaUsdcChallengeWithItsMintAndTokenProgram() {
        Challenge c = Challenge.parse(GoldenChallenges.body("trade_402_solana_usdc.json"));

        assertThat(c.isNative()).isFalse();
        assertThat(c.asset()).isEqualTo(GoldenChallenges.SOLANA_USDC);
        assertThat(c.tokenProgram()).isEqualTo("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
        assertThat(c.decimals()).isEqualTo(6);
        assertThat(c.totalUnits()).isEqualTo(BigInteger.valueOf(25_000));
        assertThat(c.netUnits()).isEqualTo(BigInteger.valueOf(23_750));
        PaymentIntent intent = c.intent("payer");
        assertThat(intent.asset().address()).isEqualTo(GoldenChallenges.SOLANA_USDC);
        assertThat(intent.asset().tokenProgram()).isEqualTo("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
        assertThat(intent.payBy()).isEqualTo(c.expiresAt());
        assertThat(intent.totalUnits()).isEqualTo(c.totalUnits());
    }

    @Test
    void readsAPolygonPolChallengeWithEighteenDecimalsExactly() {
        Challenge c = Challenge.parse(GoldenChallenges.body("trade_402_polygon_pol.json"));

        assertThat(c.isEvm()).isTrue();
        assertThat(c.isNative()).isTrue();
        assertThat(c.chainId()).isEqualTo(80002);
        assertThat(c.decimals()).isEqualTo(18);
        assertThat(c.totalUnits()).isEqualTo(new BigInteger("100000000000000000"));
        assertThat(c.feeUnits()).isEqualTo(new BigInteger("5000000000000000"));
        assertThat(c.splitter()).isEqualTo(GoldenChallenges.SPLITTER);
        assertThat(c.deadline()).isEqualTo(GoldenChallenges.DEADLINE);
    }

    @Test
    void readsAPolygonUsdcChallengeWithItsToken() {
        Challenge c = Challenge.parse(GoldenChallenges.body("trade_402_polygon_usdc.json"));

        assertThat(c.asset()).isEqualTo(GoldenChallenges.POLYGON_USDC);
        assertThat(c.tokenProgram()).isNull();
        assertThat(c.decimals()).isEqualTo(6);
        assertThat(c.payee()).isEqualTo(GoldenChallenges.POLYGON_AGENT);
        assertThat(c.feeRecipient()).isEqualTo(GoldenChallenges.POLYGON_FEE);
        assertThat(c.chainAsset().tokenProgram()).isNull();
    }

    @Test
    void refusesAChallengeWhoseSplitDoesNotAddUp() {
        JsonNode body = GoldenChallenges.body("trade_402_solana_sol.json");
        ((ObjectNode) body.get("fee_breakdown")).put("fee_lamports", 8_334);

        assertThatThrownBy(() -> Challenge.parse(body)).isInstanceOfSatisfying(TollgateException.class, e -> {
            assertThat(e.code()).isEqualTo(TollgateException.MALFORMED_RESPONSE);
            assertThat(e.getMessage()).contains("agent_receives_lamports");
        });
    }

    @Test
    void refusesAChallengeWithoutAJobIdOrWithAForeignOne() {
        JsonNode body = GoldenChallenges.body("trade_402_solana_sol.json");
        ((ObjectNode) body).remove("job_id");
        assertThatThrownBy(() -> Challenge.parse(body)).hasMessageContaining("job_id");

        JsonNode traversal = GoldenChallenges.body("trade_402_solana_sol.json");
        ((ObjectNode) traversal).put("job_id", "../../etc/passwd");
        assertThatThrownBy(() -> Challenge.parse(traversal)).hasMessageContaining("job_id is not a job id");
    }
}
