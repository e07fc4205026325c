package dev.tollgate.gateway.config;

import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.core.annotation.Nullable;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which environment variable an operator used for a property, so an error names what they typed: the placeholder
 * in application.yml ({@code ${JOB_TTL_SECONDS:600}}) or Micronaut's own mapping ({@code TOLLGATE_JOB_TTL_SECONDS}).
 * Also knows which settings are secrets, whose values are never shown.
 */
final class SettingSource {
    private static final Pattern PLACEHOLDER_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Pattern SECRET = Pattern.compile(".*(key|password|secret)$");

    private final Environment env;
    private final UnaryOperator<String> getenv;

    SettingSource(Environment env, UnaryOperator<String> getenv) {
        this.env = env;
        this.getenv = getenv;
    }

    /** The environment variable that is set for this property, or null when none is. */
    @Nullable
    String variable(String property) {
        for (String candidate : candidates(property)) {
            if (getenv.apply(candidate) != null) {
                return candidate;
            }
        }
        return null;
    }

    private Set<String> candidates(String property) {
        Set<String> names = new LinkedHashSet<>();
        // Micronaut's environment source wins over application.yml, so its name comes first
        names.add(property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        for (PropertySource source : env.getPropertySources()) {
            Object raw = source.get(property);
            if (raw instanceof CharSequence text) {
                Matcher m = PLACEHOLDER_VARIABLE.matcher(text);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        names.addAll(AtpAliases.variables(property));
        return names;
    }

    static boolean isSecret(String property) {
        String last = property.substring(property.lastIndexOf('.') + 1);
        return SECRET.matcher(last).matches();
    }
}
