package dev.tollgate.gateway.config;

import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns whatever stopped start-up into the one line an operator sees: no stack trace, no multi-line framework
 * message. A refused setting says so itself; a configuration error raised while building a bean is shown by its
 * message, prefixed with the environment variable the operator set for the property it names.
 */
public final class StartupFailureLine {
    private static final Pattern PROPERTY = Pattern.compile("\\b(tollgate(?:\\.[a-z0-9-]*[a-z0-9])+)");
    private static final int MAX_LENGTH = 400;

    private StartupFailureLine() {
    }

    public static String of(Throwable failure, @Nullable Environment env, UnaryOperator<String> getenv) {
        Throwable configProblem = null;
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidSettingException invalid) {
                return invalid.getMessage();
            }
            if (t instanceof ConfigurationException || t instanceof IllegalArgumentException) {
                configProblem = t;
            }
            root = t;
            if (t.getCause() == t) {
                break;
            }
        }
        if (configProblem != null) {
            String message = firstLine(configProblem.getMessage());
            String variable = env == null ? null : variableNamedIn(message, env, getenv);
            return clip("tollgate: invalid setting " + (variable == null ? "" : variable + ": ") + message);
        }
        return clip("tollgate: cannot start: " + root.getClass().getSimpleName() + ": " + firstLine(root.getMessage()));
    }

    @Nullable
    private static String variableNamedIn(String message, Environment env, UnaryOperator<String> getenv) {
        Matcher m = PROPERTY.matcher(message);
        return m.find() ? new SettingSource(env, getenv).variable(m.group(1)) : null;
    }

    /** The first line of a message, trimmed; never null. */
    public static String firstLine(@Nullable String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        String stripped = message.strip();
        int end = stripped.indexOf('\n');
        return end < 0 ? stripped : stripped.substring(0, end).strip();
    }

    private static String clip(String line) {
        String single = line.replaceAll("\\p{Cntrl}", " ");
        return single.length() <= MAX_LENGTH ? single : single.substring(0, MAX_LENGTH) + "...";
    }
}
