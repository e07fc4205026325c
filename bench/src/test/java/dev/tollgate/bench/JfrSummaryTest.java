package dev.tollgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JfrSummaryTest {

    @Test
    void specificPrefixesWinOverGeneralOnes() {
        assertThat(JfrSummary.subsystemOf("io.micronaut.data.runtime.operations.DefaultBlockingReactiveRepositoryOperations"))
                .isEqualTo("Micronaut Data + transactions");
        assertThat(JfrSummary.subsystemOf("io.micronaut.http.server.netty.RoutingInBoundHandler"))
                .isEqualTo("Micronaut HTTP server + router");
        assertThat(JfrSummary.subsystemOf("io.micronaut.context.DefaultBeanContext"))
                .isEqualTo("Micronaut core/inject/AOP/validation");
        assertThat(JfrSummary.subsystemOf("dev.tollgate.devstack.DemoAgent")).isEqualTo("demo agent (devstack)");
        assertThat(JfrSummary.subsystemOf("sun.net.httpserver.ServerImpl$Exchange")).isEqualTo("demo agent (devstack)");
        assertThat(JfrSummary.subsystemOf("sun.nio.ch.SocketChannelImpl")).isEqualTo("JDK NIO/sockets");
        assertThat(JfrSummary.subsystemOf("dev.tollgate.lockbox.OutputSealer")).isEqualTo("sealing (AES-GCM, SecureRandom)");
        assertThat(JfrSummary.subsystemOf("dev.tollgate.lockbox.Lockbox")).isEqualTo("Tollgate gateway/lockbox/pricing");
    }

    @Test
    void librariesByTheirPackages() {
        assertThat(JfrSummary.subsystemOf("com.zaxxer.hikari.pool.HikariPool")).isEqualTo("Hikari pool");
        assertThat(JfrSummary.subsystemOf("org.postgresql.core.v3.QueryExecutorImpl")).isEqualTo("PostgreSQL driver (pgjdbc)");
        assertThat(JfrSummary.subsystemOf("com.fasterxml.jackson.core.json.UTF8StreamJsonParser"))
                .isEqualTo("Jackson / Micronaut Serde");
        assertThat(JfrSummary.subsystemOf("jdk.internal.net.http.HttpClientImpl")).isEqualTo("JDK HttpClient (upstream call)");
        assertThat(JfrSummary.subsystemOf("io.netty.channel.nio.NioEventLoop")).isEqualTo("Netty");
        assertThat(JfrSummary.subsystemOf("java.lang.String")).isNull();
    }
}
