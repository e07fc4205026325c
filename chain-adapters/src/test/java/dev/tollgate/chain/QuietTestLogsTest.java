package dev.tollgate.chain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Test output keeps warnings but not web3j's DEBUG dump of every RPC request and response. */
class QuietTestLogsTest {
    @Test
    void web3jHttpDumpsAreOffAndWarningsStayVisible() {
        assertThat(LoggerFactory.getLogger("org.web3j.protocol.http.HttpService").isDebugEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger("org.web3j.protocol.http.HttpService").isInfoEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger("dev.tollgate.chain.solana.SolanaRail").isWarnEnabled()).isTrue();
    }
}
