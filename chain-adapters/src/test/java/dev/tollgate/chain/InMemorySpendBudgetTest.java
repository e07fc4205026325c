package dev.tollgate.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class InMemorySpendBudgetTest {
    private static BigInteger n(long value) {
        return BigInteger.valueOf(value);
    }

    @Test
    void reservesWithinThePerPayerAndTheTotalCapsPerNetworkAndGivesBackOnRelease() {
        InMemorySpendBudget budget = new InMemorySpendBudget(n(10), n(15));
        assertThat(budget.tryReserve("solana:a", "p1", n(10))).isTrue();
        assertThat(budget.tryReserve("solana:a", "p1", n(1))).isFalse(); // per payer
        assertThat(budget.tryReserve("solana:a", "p2", n(6))).isFalse(); // total: 16 > 15
        assertThat(budget.tryReserve("solana:a", "p2", n(5))).isTrue();
        assertThat(budget.tryReserve("solana:b", "p1", n(10))).isTrue(); // another network has its own budget
        assertThat(budget.reservedTotal("solana:a")).isEqualTo(n(15));

        budget.release("solana:a", "p1", n(4));
        assertThat(budget.reserved("solana:a", "p1")).isEqualTo(n(6));
        assertThat(budget.tryReserve("solana:a", "p2", n(4))).isTrue(); // p2 at 9, total back at 15
        assertThat(budget.reservedTotal("solana:a")).isEqualTo(n(15));
        assertThat(budget.tryReserve("solana:a", "p3", n(1))).isFalse();
        budget.release("solana:a", "p3", n(100)); // nothing reserved: nothing goes negative
        assertThat(budget.reserved("solana:a", "p3")).isZero();
    }
}
