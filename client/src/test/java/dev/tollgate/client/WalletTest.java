package dev.tollgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.utils.Base58;

/** Keys stay in the wallet: redacted in text, copied on the way in, zeroed on close, refused when forged. */
class WalletTest {

    @Test
    void solanaWalletNeverShowsItsKeyAndIsUnusableOnceClosed() {
        Account account = new Account();
        byte[] keypair = account.getSecretKey();
        SolanaWallet wallet = SolanaWallet.fromBase58(Base58.encode(keypair));

        assertThat(wallet.address()).isEqualTo(account.getPublicKeyBase58());
        assertThat(wallet.toString()).contains(account.getPublicKeyBase58()).contains("redacted")
                .doesNotContain(Base58.encode(keypair)).doesNotContain(Base58.encode(Arrays.copyOf(keypair, 32)));
        byte[] live = wallet.liveKey();
        wallet.close();
        assertThat(live).containsOnly(0);
        assertThatThrownBy(() -> wallet.signMessage("hello")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void solanaWalletCopiesTheCallersBytes() {
        Account account = new Account();
        byte[] keypair = account.getSecretKey().clone();
        try (SolanaWallet wallet = SolanaWallet.fromKeypair(keypair)) {
            Arrays.fill(keypair, (byte) 0);
            assertThat(wallet.signMessage("hello")).isNotBlank();
        }
    }

    @Test
    void solanaKeypairWhosePublicHalfIsNotItsSeedsIsRefused() {
        byte[] forged = new Account().getSecretKey().clone();
        System.arraycopy(new Account().getPublicKey().toByteArray(), 0, forged, 32, 32);

        assertThatThrownBy(() -> SolanaWallet.fromKeypair(forged)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(Base58.encode(forged));
    }

    @Test
    void evmWalletNeverShowsItsKeyAndIsUnusableOnceClosed() {
        String key = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
        EvmWallet wallet = EvmWallet.fromHex(key);

        assertThat(wallet.address()).isEqualTo("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23");
        assertThat(wallet.toString()).doesNotContain(key).doesNotContain(key.substring(0, 16));
        byte[] live = wallet.liveKey();
        wallet.close();
        assertThat(live).containsOnly(0);
        assertThatThrownBy(() -> wallet.signDigest(new byte[32])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void evmKeysOutsideTheCurveAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> EvmWallet.fromHex("00".repeat(32))).hasMessageNotContaining("0000000000");
        assertThatThrownBy(() -> EvmWallet.fromHex("ff".repeat(32))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EvmWallet.fromHex("zz".repeat(32))).isInstanceOf(IllegalArgumentException.class);
    }
}
