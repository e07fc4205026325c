package dev.tollgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.chain.ClientPayment.GaslessAuthorization;
import dev.tollgate.chain.evm.Eip3009;
import dev.tollgate.chain.evm.GaslessAuthorizationSigner;
import dev.tollgate.chain.evm.GaslessTerms;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;

/**
 * What the client hands chain-adapters' gasless signer ({@code EvmRail.signGasless}, the one the gateway checks
 * against) is read from the 402 alone: the challenge's intent and deadline give the splitter's terms, and the
 * signature the wallet makes over them verifies for exactly that challenge. A Solana challenge names the sponsor.
 */
class GaslessTermsOfAChallengeTest {
    private static final byte[] DOMAIN = Eip3009.domainSeparator("USD Coin", "2", 80002, GoldenChallenges.POLYGON_USDC);
    private static final String KEY = "0x" + "33".repeat(32);

    @Test
    void theChallengeGivesReceiveWithAuthorizationToTheSplitterForTheTotalUntilTheDeadline() {
        Challenge c = Challenge.parse(GoldenChallenges.body("trade_402_polygon_usdc.json"));
        Credentials payer = Credentials.create(KEY);
        GaslessTerms terms = GaslessTerms.of(c.intent(payer.getAddress()), c.splitter(), c.deadline());

        Eip3009.Authorization auth = terms.authorization(payer.getAddress());
        assertThat(auth.to()).isEqualToIgnoringCase(GoldenChallenges.SPLITTER);
        assertThat(auth.value()).isEqualTo(BigInteger.valueOf(25_000));
        assertThat(auth.validAfter()).isZero();
        assertThat(auth.validBefore()).isEqualTo(BigInteger.valueOf(GoldenChallenges.DEADLINE + 1));
        assertThat(terms.payee()).isEqualTo(GoldenChallenges.POLYGON_AGENT);
        assertThat(terms.feeRecipient()).isEqualTo(GoldenChallenges.POLYGON_FEE);
        assertThat(terms.net()).isEqualTo(BigInteger.valueOf(23_750));
        assertThat(terms.fee()).isEqualTo(BigInteger.valueOf(1_250));
        assertThat(terms.jobRef()).isEqualTo(Hash.sha3(("ATP:" + GoldenChallenges.JOB_ID).getBytes(StandardCharsets.UTF_8)));

        GaslessAuthorization signed = GaslessAuthorizationSigner.sign(payer, terms, DOMAIN);
        assertThat(signed.deadline()).isEqualTo(GoldenChallenges.DEADLINE);
        assertThat(GaslessAuthorizationSigner.verifies(terms, DOMAIN, signed)).isTrue();
        GaslessTerms otherJob = GaslessTerms.of(new Challenge(c.jobId(), c.paymentToken(), c.network(), c.totalUnits(),
                c.netUnits(), c.feeUnits(), c.decimals(), c.payee(), c.feeRecipient(), "ATP:other", c.expiresAt(),
                c.ttlSeconds(), c.feeBps(), c.asset(), c.tokenProgram(), c.instructions(), c.body())
                .intent(payer.getAddress()), c.splitter(), c.deadline());
        assertThat(GaslessAuthorizationSigner.verifies(otherJob, DOMAIN, signed)).isFalse();
    }

    @Test
    void aSolanaChallengeNamesTheGatewaysFeePayerOnlyWhenItSponsors() {
        ObjectNode body = (ObjectNode) GoldenChallenges.body("trade_402_solana_usdc.json");
        assertThat(Challenge.parse(body).feePayer()).isNull();

        ((ObjectNode) body.get("payment_instructions")).put("fee_payer", GoldenChallenges.SOLANA_FEE);
        assertThat(Challenge.parse(body).feePayer()).isEqualTo(GoldenChallenges.SOLANA_FEE);

        ((ObjectNode) body.get("payment_instructions")).put("fee_payer", "0xnot-solana");
        assertThatThrownBy(() -> Challenge.parse(body).feePayer()).isInstanceOfSatisfying(TollgateException.class,
                e -> assertThat(e.code()).isEqualTo(TollgateException.MALFORMED_RESPONSE));
        assertThat(Challenge.parse(GoldenChallenges.body("trade_402_polygon_usdc.json")).feePayer()).isNull();
    }
}
