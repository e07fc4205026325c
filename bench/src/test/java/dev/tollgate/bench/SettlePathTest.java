package dev.tollgate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettlePathTest {

    @Test
    void signedPathsSendTheWireBytesAsSignedTransaction() {
        for (SettlePath path : List.of(SettlePath.SIGNED_TRANSACTION, SettlePath.SPONSORED_TRANSACTION)) {
            Map<String, Object> body = path.settleBody("job-1", "AQID", null);
            assertThat(body).containsExactly(Map.entry("job_id", "job-1"), Map.entry("signed_transaction", "AQID"));
        }
    }

    @Test
    void authorizationGoesUnderItsOwnKeyWithAnOptionalProof() {
        Map<String, Object> auth = Map.of("from", "0xabc", "deadline", 12L, "signature", "0x01");
        Map<String, Object> proof = Map.of("signature", "0x02");
        Map<String, Object> body = SettlePath.AUTHORIZATION.settleBody("job-2", auth, proof);
        assertThat(body.keySet()).containsExactly("job_id", "authorization", "payer_proof");
        assertThat(body.get("authorization")).isEqualTo(auth);
        assertThat(body.get("payer_proof")).isEqualTo(proof);
    }

    @Test
    void proofSettleNamesTheTxIdAndNeedsTheProof() {
        Map<String, Object> proof = Map.of("signature", "sig");
        assertThat(SettlePath.PROOF.settleBody("job-3", "5xTx", proof))
                .containsExactly(Map.entry("job_id", "job-3"), Map.entry("tx_signature", "5xTx"),
                        Map.entry("payer_proof", proof));
        assertThatThrownBy(() -> SettlePath.PROOF.settleBody("job-3", "5xTx", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("proof");
    }

    @Test
    void rowNamesSayPathNetworkTokenAndConcurrency() {
        assertThat(SignedSettleScenario.name("polygon", "USDC", SettlePath.AUTHORIZATION, 4))
                .isEqualTo("settle gasless authorization polygon USDC, 4 concurrent");
        assertThat(SignedSettleScenario.name("solana", "SOL", SettlePath.PROOF, 8))
                .isEqualTo("settle proof by tx id solana SOL, 8 concurrent");
    }

    @Test
    void settlePathsIsASectionOfItsOwn() {
        BenchOptions only = BenchOptions.parse("--only", "settle-paths");
        assertThat(only.runs("settle-paths")).isTrue();
        assertThat(only.runs("settle")).isFalse();
        assertThat(BenchOptions.parse().runs("settle-paths")).isTrue();
        assertThat(BenchOptions.parse("--only", "settle").runs("settle-paths")).isFalse();
    }
}
