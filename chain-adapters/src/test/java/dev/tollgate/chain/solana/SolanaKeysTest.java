package dev.tollgate.chain.solana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.PaymentRejectedException.Reason;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.utils.Base58;

/** Key parsing needs no node: forged keypairs and oversized text are refused before anything else happens. */
class SolanaKeysTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void aKeypairParsesInBothFormsAndBelongsToItsAddress() throws Exception {
        Account account = new Account();
        byte[] keypair = account.getSecretKey();
        String json = IntStream.range(0, 64).mapToObj(i -> Integer.toString(keypair[i] & 0xff))
                .collect(Collectors.joining(", ", "[", "]"));
        for (String form : new String[] {Base58.encode(keypair), json, " " + json.replace(", ", ",\n  ") + "\n"}) {
            try (PayerSecret secret = SolanaKeys.parse(form)) {
                assertThat(SolanaKeys.addressOf(secret)).isEqualTo(account.getPublicKeyBase58());
            }
        }
    }

    /** Solanaj's Account(byte[64]) copies bytes 32..64 as the public key: 32 random bytes then the payer's key. */
    @Test
    void aForgedKeypairNamingSomeoneElsesPublicKeyIsRefused() {
        String victim = new Account().getPublicKeyBase58();
        byte[] forged = new byte[64];
        RANDOM.nextBytes(forged);
        System.arraycopy(Base58.decode(victim), 0, forged, 32, 32);

        for (String form : new String[] {Base58.encode(forged), json(forged)}) {
            assertThatThrownBy(() -> SolanaKeys.parse(form))
                    .isInstanceOfSatisfying(PaymentRejectedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.INVALID_KEY);
                        assertThat(e.getMessage()).doesNotContain(victim);
                    });
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard only: the outcome is what is asserted
    void oversizedKeyTextIsRefusedBeforeDecoding() {
        String mib = "9".repeat(1 << 20);
        String jsonMib = "[" + "1,".repeat((1 << 20) / 2) + "1]";
        String tooManyEntries = "[" + "1,".repeat(64) + "1]";
        String longEntry = "[" + "1,".repeat(63) + "0001]";
        for (String text : new String[] {mib, " " + mib, jsonMib, tooManyEntries, longEntry, "9".repeat(89), "[+1]"}) {
            assertThatThrownBy(() -> SolanaKeys.parse(text))
                    .isInstanceOfSatisfying(PaymentRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_KEY));
        }
    }

    @Test
    void addressesAreCheckedByLengthAndAlphabet() {
        assertThat(SolanaKeys.isValidAddress(new Account().getPublicKeyBase58())).isTrue();
        assertThat(SolanaKeys.isValidAddress("0".repeat(44))).isFalse();
        assertThat(SolanaKeys.isValidAddress("1".repeat(1 << 20))).isFalse();
    }

    private static String json(byte[] bytes) {
        return Arrays.toString(IntStream.range(0, bytes.length).map(i -> bytes[i] & 0xff).toArray());
    }
}
