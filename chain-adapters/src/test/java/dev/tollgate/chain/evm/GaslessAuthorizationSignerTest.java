package dev.tollgate.chain.evm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.chain.ClientPayment.GaslessAuthorization;
import java.math.BigInteger;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/** The offline signer and checker, without a chain: terms bind the signature, malleable and malformed forms fail. */
class GaslessAuthorizationSignerTest {
    private static final BigInteger CURVE_ORDER =
            new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);
    private static final Credentials PAYER =
            Credentials.create("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
    private static final byte[] DOMAIN = Eip3009.domainSeparator("USD Coin", "2", 137, EvmNetworkConfig.POLYGON_USDC);
    private static final GaslessTerms TERMS = new GaslessTerms("0x1111111111111111111111111111111111111111",
            EvmNetworkConfig.POLYGON_USDC, FeeSplitterAbi.jobRef("ATP:job-1"), "0x2222222222222222222222222222222222222222",
            BigInteger.valueOf(1_500_000), "0x3333333333333333333333333333333333333333", BigInteger.valueOf(78_947),
            1_900_000_000L);

    @Test
    void aSignatureVerifiesForItsTermsOnly() {
        GaslessAuthorization auth = GaslessAuthorizationSigner.sign(PAYER, TERMS, DOMAIN);
        assertThat(auth.from()).isEqualTo(EvmAddresses.checksummed(PAYER.getAddress()));
        assertThat(auth.deadline()).isEqualTo(TERMS.deadline());
        assertThat(auth.signature()).matches("0x[0-9a-f]{130}");
        assertThat(GaslessAuthorizationSigner.verifies(TERMS, DOMAIN, auth)).isTrue();

        GaslessTerms otherFee = new GaslessTerms(TERMS.splitter(), TERMS.token(), TERMS.jobRef(), TERMS.payee(),
                TERMS.net(), TERMS.feeRecipient(), TERMS.fee().add(BigInteger.ONE), TERMS.deadline());
        GaslessTerms otherJob = new GaslessTerms(TERMS.splitter(), TERMS.token(), FeeSplitterAbi.jobRef("ATP:job-2"),
                TERMS.payee(), TERMS.net(), TERMS.feeRecipient(), TERMS.fee(), TERMS.deadline());
        assertThat(GaslessAuthorizationSigner.verifies(otherFee, DOMAIN, auth)).isFalse();
        assertThat(GaslessAuthorizationSigner.verifies(otherJob, DOMAIN, auth)).isFalse();
        assertThat(GaslessAuthorizationSigner.verifies(TERMS,
                Eip3009.domainSeparator("USD Coin", "2", 80002, EvmNetworkConfig.POLYGON_USDC), auth)).isFalse();
        assertThat(GaslessAuthorizationSigner.verifies(TERMS, DOMAIN,
                new GaslessAuthorization("0x2222222222222222222222222222222222222222", auth.deadline(), auth.signature())))
                .isFalse();
    }

    @Test
    void theMalleableTwinAndMalformedSignaturesAreRefusedAndVZeroOrOneIsAccepted() {
        GaslessAuthorization auth = GaslessAuthorizationSigner.sign(PAYER, TERMS, DOMAIN);
        byte[] sig = Numeric.hexStringToByteArray(auth.signature());

        byte[] twin = sig.clone(); // (r, n - s, flipped v) recovers the same key, but the token's ECDSA refuses it
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        System.arraycopy(Numeric.toBytesPadded(CURVE_ORDER.subtract(s), 32), 0, twin, 32, 32);
        twin[64] = (byte) (sig[64] == 27 ? 28 : 27);
        assertThat(GaslessAuthorizationSigner.verifies(TERMS, DOMAIN, with(auth, twin))).isFalse();

        byte[] zeroOne = sig.clone();
        zeroOne[64] = (byte) (sig[64] - 27);
        assertThat(GaslessAuthorizationSigner.verifies(TERMS, DOMAIN, with(auth, zeroOne))).isTrue();
        assertThat(GaslessAuthorizationSigner.parse(Numeric.toHexString(zeroOne)).getV()[0]).isEqualTo(sig[64]);

        byte[] badV = sig.clone();
        badV[64] = 29;
        assertThat(GaslessAuthorizationSigner.verifies(TERMS, DOMAIN, with(auth, badV))).isFalse();
        for (String malformed : new String[] {null, "", "0x", auth.signature().substring(2), auth.signature() + "00",
                auth.signature().substring(0, 131) + "g"}) {
            assertThat(GaslessAuthorizationSigner.parse(malformed)).as(String.valueOf(malformed)).isNull();
        }
    }

    @Test
    void theAuthorisationIsToTheSplitterForTheTotalUntilTheDeadlineInclusive() {
        Eip3009.Authorization auth = TERMS.authorization(PAYER.getAddress());
        assertThat(auth.to()).isEqualTo(TERMS.splitter());
        assertThat(auth.value()).isEqualTo(BigInteger.valueOf(1_578_947));
        assertThat(auth.validAfter()).isZero();
        assertThat(auth.validBefore()).isEqualTo(BigInteger.valueOf(1_900_000_001L));
        assertThat(auth.nonce()).isEqualTo(TERMS.authorizationNonce()).hasSize(32);
    }

    private static GaslessAuthorization with(GaslessAuthorization auth, byte[] signature) {
        return new GaslessAuthorization(auth.from(), auth.deadline(), Numeric.toHexString(signature));
    }
}
