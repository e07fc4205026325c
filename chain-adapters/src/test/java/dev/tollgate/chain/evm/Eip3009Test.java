package dev.tollgate.chain.evm;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/** The x402 reference vector, computed with viem (shared/spec/x402.md §2.2). */
class Eip3009Test {
    private static final String TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    @Test
    void matchesTheVectorStockClientsSign() {
        byte[] domain = Eip3009.domainSeparator("USD Coin", "2", 31337, TOKEN);
        assertThat(Numeric.toHexString(domain))
                .isEqualTo("0xfc557a58e1177dd0b729c40130003009d1ffed5a502b494889e2711c7726dd52");
        byte[] nonce = new byte[32];
        java.util.Arrays.fill(nonce, (byte) 0x11);
        var auth = new Eip3009.Authorization("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
                "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", BigInteger.valueOf(10_000), BigInteger.ZERO,
                BigInteger.valueOf(1_900_000_000L), nonce);
        byte[] digest = Eip3009.digest(domain, Eip3009.TRANSFER, auth);
        assertThat(Numeric.toHexString(digest))
                .isEqualTo("0xab17de41b97322c8332f4cddd29b3bc518a542391ca1e70c0641173cecab0fc3");
        Sign.SignatureData sig = Sign.signMessage(digest, Credentials.create(
                "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80").getEcKeyPair(), false);
        assertThat(Numeric.toHexStringNoPrefix(sig.getR()) + Numeric.toHexStringNoPrefix(sig.getS())
                + Numeric.toHexStringNoPrefix(sig.getV())).isEqualTo("fc77b6812495556407ac1bbbb7353bf466ecff8c2d06853c"
                + "421256d60fe84df610a70312560b5d7500008b90fc3d3ddd2b74570e244a7e698f45ac53b1ad21d31b");
    }
}
