package dev.tollgate.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.chain.evm.Eip3009;
import java.math.BigInteger;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/** The gasless authorisation: signed by the wallet, for the splitter only, its nonce bound to the exact terms. */
class ReceiveAuthorizationSignerTest {
    private static final byte[] DOMAIN = Eip3009.domainSeparator("USD Coin", "2", 80002, GoldenChallenges.POLYGON_USDC);

    @Test
    void signsReceiveWithAuthorizationToTheSplitterForTheTotalUntilTheDeadline() throws Exception {
        Challenge c = Challenge.parse(GoldenChallenges.body("trade_402_polygon_usdc.json"));
        try (EvmWallet wallet = EvmWallet.fromHex("33".repeat(32))) {
            String signature = ReceiveAuthorizationSigner.sign(c, wallet, DOMAIN);

            Eip3009.Authorization terms = ReceiveAuthorizationSigner.terms(c, wallet.address());
            assertThat(terms.to()).isEqualTo(GoldenChallenges.SPLITTER);
            assertThat(terms.value()).isEqualTo(BigInteger.valueOf(25_000));
            assertThat(terms.validAfter()).isZero();
            assertThat(terms.validBefore()).isEqualTo(BigInteger.valueOf(GoldenChallenges.DEADLINE + 1));
            byte[] sig = Numeric.hexStringToByteArray(signature);
            assertThat(sig).hasSize(65);
            Sign.SignatureData data = new Sign.SignatureData(sig[64], Arrays.copyOfRange(sig, 0, 32),
                    Arrays.copyOfRange(sig, 32, 64));
            BigInteger key = Sign.signedMessageHashToKey(Eip3009.digest(DOMAIN, Eip3009.RECEIVE, terms), data);
            assertThat(Keys.toChecksumAddress(Keys.getAddress(key))).isEqualTo(wallet.address());
        }
    }

    @Test
    void theNonceCommitsToEveryTerm() {
        byte[] ref = ReceiveAuthorizationSigner.jobRef("ATP:job");
        BigInteger net = BigInteger.valueOf(950);
        BigInteger fee = BigInteger.valueOf(50);
        String s = GoldenChallenges.SPLITTER;
        String t = GoldenChallenges.POLYGON_USDC;
        String p = GoldenChallenges.POLYGON_AGENT;
        String f = GoldenChallenges.POLYGON_FEE;
        byte[] base = ReceiveAuthorizationSigner.authorizationNonce(s, ref, t, p, net, f, fee, 100);

        assertThat(base).hasSize(32);
        assertThat(ReceiveAuthorizationSigner.authorizationNonce(s, ref, t, p, net, f, fee, 100)).isEqualTo(base);
        assertThat(ReceiveAuthorizationSigner.authorizationNonce(s, ref, t, f, net, p, fee, 100)).isNotEqualTo(base);
        assertThat(ReceiveAuthorizationSigner.authorizationNonce(s, ref, t, p, net.add(BigInteger.ONE), f,
                fee.subtract(BigInteger.ONE), 100)).isNotEqualTo(base);
        assertThat(ReceiveAuthorizationSigner.authorizationNonce(s, ref, t, p, net, f, fee, 101)).isNotEqualTo(base);
        assertThat(ReceiveAuthorizationSigner.authorizationNonce(p, ref, t, p, net, f, fee, 100)).isNotEqualTo(base);
        assertThat(ReceiveAuthorizationSigner.authorizationNonce(s, ReceiveAuthorizationSigner.jobRef("ATP:other"),
                t, p, net, f, fee, 100)).isNotEqualTo(base);
    }
}
