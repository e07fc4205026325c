package dev.tollgate.gateway.x402;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.chain.VerificationCode;
import org.junit.jupiter.api.Test;

/** A settlement that landed and failed is reported with x402's own reason string for its family. */
class FailedSettlementReasonTest {

    @Test
    void aTransactionThatFailedOnChainIsX402sTransactionFailedOfItsFamily() {
        assertThat(X402Answers.failedSettlementReason("eip155:8453", VerificationCode.TX_FAILED))
                .isEqualTo("invalid_exact_evm_transaction_failed");
        assertThat(X402Answers.failedSettlementReason("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1",
                VerificationCode.TX_FAILED)).isEqualTo("invalid_exact_svm_transaction_failed");
    }

    @Test
    void otherVerdictsAndOtherFamiliesKeepOurVerificationCode() {
        assertThat(X402Answers.failedSettlementReason("eip155:8453", VerificationCode.TX_EXPIRED))
                .isEqualTo("tx_expired");
        assertThat(X402Answers.failedSettlementReason("solana:x", VerificationCode.AMOUNT_MISMATCH))
                .isEqualTo("amount_mismatch");
        assertThat(X402Answers.failedSettlementReason("cosmos:hub", VerificationCode.TX_FAILED)).isEqualTo("tx_failed");
    }
}
