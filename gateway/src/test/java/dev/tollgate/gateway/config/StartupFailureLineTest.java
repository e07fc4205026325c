package dev.tollgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.context.exceptions.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whatever stops start-up becomes one line, never a stack trace or a framework's multi-line message. */
class StartupFailureLineTest {

    @Test
    void aRefusedSettingIsShownAsItsOwnLine() {
        SettingProblem problem = new SettingProblem("tollgate.job-ttl-seconds", "JOB_TTL_SECONDS", "3", "10..86400");
        Throwable failure = new BeanInstantiationException("Error instantiating bean\nPath Taken: ...",
                new InvalidSettingException(problem));

        assertThat(StartupFailureLine.of(failure, null, name -> null)).isEqualTo(problem.line());
    }

    @Test
    void aConfigurationErrorFromABeanIsItsFirstLinePrefixedWithTheVariableSet() {
        Throwable failure = new BeanInstantiationException("Error instantiating bean of type [OutputSealer]\n\n"
                + "Message: ...\nPath Taken: new OutputSealer(...)", new ConfigurationException(
                "tollgate.lockbox.sealing-key must decode to 32 bytes (AES-256), got 5\nsecond line"));
        try (ApplicationContext context = ApplicationContext.builder().build()) {
            Environment env = context.getEnvironment().start();
            String line = StartupFailureLine.of(failure, env, Map.of("TOLLGATE_SEALING_KEY", "c2hvcnQ=")::get);

            assertThat(line).isEqualTo("tollgate: invalid setting TOLLGATE_SEALING_KEY: "
                    + "tollgate.lockbox.sealing-key must decode to 32 bytes (AES-256), got 5");
        }
    }

    @Test
    void anyOtherFailureIsItsRootCauseOnOneLine() {
        Throwable failure = new BeanInstantiationException("Error instantiating bean of type [DataSource]\nPath...",
                new RuntimeException("pool", new java.net.ConnectException("Connection refused\n\tat somewhere")));

        assertThat(StartupFailureLine.of(failure, null, name -> null))
                .isEqualTo("tollgate: cannot start: ConnectException: Connection refused");
    }
}
