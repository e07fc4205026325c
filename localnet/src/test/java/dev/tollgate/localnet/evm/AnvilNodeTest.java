package dev.tollgate.localnet.evm;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AnvilNodeTest {
    private static AnvilNode anvil;

    @BeforeAll
    static void start() {
        anvil = AnvilNode.start(80002);
    }

    @AfterAll
    static void stop() {
        anvil.close();
    }

    @Test
    void answersWithItsChainIdOnLoopback() {
        assertThat(anvil.rpcUrl().getHost()).isEqualTo("127.0.0.1");
        assertThat(anvil.rpc().call("eth_chainId").asText()).isEqualTo("0x13882");
        assertThat(anvil.chainId()).isEqualTo(80002);
    }

    @Test
    void devAccountsAreFunded() {
        assertThat(anvil.rpc().call("eth_accounts").get(0).asText()).isEqualToIgnoringCase(AnvilNode.DEV_ADDRESSES.get(0));
        assertThat(anvil.balance(AnvilNode.DEV_ADDRESSES.get(9))).isPositive();
    }

    @Test
    void setBalanceSnapshotAndRevert() {
        String someone = "0x00000000000000000000000000000000000000a1";
        String snapshot = anvil.snapshot();
        anvil.setBalance(someone, BigInteger.valueOf(123_456));
        assertThat(anvil.balance(someone)).isEqualTo(123_456);
        assertThat(anvil.revert(snapshot)).isTrue();
        assertThat(anvil.balance(someone)).isZero();
    }

    @Test
    void mineAndIncreaseTimeMoveTheChainOn() {
        long block = anvil.blockNumber();
        long time = anvil.latestTimestamp();
        anvil.increaseTime(3_600);
        anvil.mine(3);
        assertThat(anvil.blockNumber()).isEqualTo(block + 3);
        assertThat(anvil.latestTimestamp()).isGreaterThanOrEqualTo(time + 3_600);
    }

    @Test
    void twoNodesRunSideBySide() {
        try (AnvilNode other = AnvilNode.start(31337)) {
            assertThat(other.rpcUrl()).isNotEqualTo(anvil.rpcUrl());
            assertThat(other.rpc().call("eth_chainId").asText()).isEqualTo("0x7a69");
        }
    }
}
