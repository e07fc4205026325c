package dev.tollgate.lockbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A signed trade's job is bound to its payer's wallet (V5 {@code jobs.bound_wallet}), and only ever to its payer. */
@MicronautTest(environments = LockboxTestBeans.ENV, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LockboxWalletBindingTest extends LockboxDbTestSupport {

    private static NewJob bound(String payer, String wallet) {
        return new NewJob(SOLANA, "SOL", payer, "payee1", "treasury1", BigInteger.valueOf(1_000),
                BigInteger.valueOf(25), BigInteger.valueOf(975), 250, new BigDecimal("1"), new BigDecimal("150"),
                null, Duration.ofMinutes(5), wallet);
    }

    @Test
    void aBoundJobKeepsItsWalletAndAnUnboundOneHasNone() {
        Job job = lockbox.lock(bound("payer1", "payer1"), output("x"));
        Job found = lockbox.find(job.id()).orElseThrow();
        assertThat(found).isEqualTo(job);
        assertThat(found.boundWallet()).isEqualTo("payer1");
        assertThat(found.isWalletBound()).isTrue();

        Job unbound = lockbox.lock(newJob(Duration.ofMinutes(5)), output("y"));
        assertThat(lockbox.find(unbound.id()).orElseThrow().isWalletBound()).isFalse();
    }

    @Test
    void aJobIsBoundOnlyToItsPayerInJavaAndInTheDatabase() {
        assertThatThrownBy(() -> bound("payer1", "someone-else")).isInstanceOf(IllegalArgumentException.class);
        Job job = lockbox.lock(bound("payer1", "payer1"), output("x"));
        assertThatThrownBy(() -> execute("UPDATE jobs SET bound_wallet = 'someone-else' WHERE id = '" + job.id() + "'"))
                .isInstanceOf(SQLException.class).hasMessageContaining("jobs_bound_wallet_is_payer");
        assertThat(lockbox.find(job.id()).orElseThrow().boundWallet()).isEqualTo("payer1");
    }
}
