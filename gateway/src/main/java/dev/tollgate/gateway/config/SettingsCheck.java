package dev.tollgate.gateway.config;

import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.ConfigurationReader;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.naming.NameUtils;
import io.micronaut.core.order.Ordered;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.qualifiers.Qualifiers;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Checks every setting before anything uses it, so a bad value stops start-up with one line instead of failing
 * each request later. It covers every {@code @ConfigurationProperties} record of Tollgate (gateway and lockbox)
 * generically: each record component's value must convert to its type (Micronaut would otherwise silently fall
 * back to the default for {@code JOB_TTL_SECONDS=abc}) and satisfy the component's {@code @Min}, {@code @Max},
 * {@code @Pattern} and {@code @NotBlank}. A record states its rules with those annotations; nothing here is
 * specific to one record. {@code @Context} with the highest precedence: it runs before any other eager bean.
 */
@Context
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class SettingsCheck {
    private static final String PACKAGE = "dev.tollgate.";
    private static final Set<String> TRUE_OR_FALSE = Set.of("true", "false", "yes", "no", "on", "off", "y", "n");
    private static final String DEFAULT_PATTERN_MESSAGE = "{jakarta.validation.constraints.Pattern.message}";

    /**
     * A configuration record and the property prefix it binds; {@code entry} names the entry of an
     * {@code @EachProperty} record (or of a record nested in one, such as a network's assets), else null.
     */
    public record ConfigType(Class<?> type, String prefix, String entry) {
        public ConfigType(Class<?> type, String prefix) {
            this(type, prefix, null);
        }

        /** For a record bound by {@code @ConfigurationProperties} at the top level. */
        public static ConfigType of(Class<?> type) {
            return new ConfigType(type, type.getAnnotation(ConfigurationProperties.class).value());
        }
    }

    private final List<ConfigType> checked;

    public SettingsCheck(BeanContext beans, Environment env) {
        this.checked = discover(beans, env);
        firstProblem(env, checked, System::getenv).ifPresent(problem -> {
            throw new InvalidSettingException(problem);
        });
        // then bind each record for real, so rules a record checks itself (LockboxConfig's ranges) also fail
        // here, before any other bean, rather than behind whichever bean happens to need the record first
        for (ConfigType type : checked) {
            if (type.entry() == null) {
                beans.getBean(type.type());
            } else if (type.type().isAnnotationPresent(EachProperty.class)) {
                beans.getBean(type.type(), Qualifiers.byName(type.entry()));
            }
        }
    }

    /** The configuration records this check covered. */
    public List<ConfigType> checked() {
        return checked;
    }

    static List<ConfigType> discover(BeanContext beans, Environment env) {
        List<ConfigType> types = new ArrayList<>();
        List<ConfigType> entries = new ArrayList<>();
        for (BeanDefinition<?> d : beans.getBeanDefinitions(Qualifiers.byStereotype(ConfigurationReader.class))) {
            Class<?> type = d.getBeanType();
            if (!type.isRecord() || !type.getName().startsWith(PACKAGE)) {
                continue;
            }
            if (!d.hasStereotype(EachProperty.class)) {
                d.stringValue(ConfigurationReader.class, "prefix")
                        .ifPresent(prefix -> types.add(new ConfigType(type, prefix)));
                continue;
            }
            // one check per entry; the annotation's prefix is the parent of the entries
            String parent = type.getAnnotation(EachProperty.class).value();
            for (String name : sorted(env.getPropertyEntries(parent))) {
                String prefix = parent + "." + name;
                entries.add(new ConfigType(type, prefix, name));
                if (type == NetworkConfig.class) {
                    for (String asset : AssetConfig.entries(env, prefix)) {
                        entries.add(new ConfigType(AssetConfig.class, prefix + ".assets." + asset, asset));
                    }
                    entries.add(new ConfigType(SponsorConfig.class, prefix + ".sponsor", name));
                    entries.add(new ConfigType(X402NetworkConfig.class, prefix + ".x402", name));
                    entries.add(new ConfigType(AllowanceNetworkConfig.class, prefix + ".allowance", name));
                }
            }
        }
        types.sort(Comparator.comparing(t -> t.type().getName()));
        types.addAll(entries);
        return List.copyOf(types);
    }

    private static List<String> sorted(java.util.Collection<String> names) {
        List<String> list = new ArrayList<>(names);
        list.sort(null);
        return list;
    }

    /** The first invalid setting among these records, in declaration order. */
    public static Optional<SettingProblem> firstProblem(Environment env, List<ConfigType> types,
                                                        UnaryOperator<String> getenv) {
        SettingSource source = new SettingSource(env, getenv);
        for (ConfigType type : types) {
            RecordComponent[] components = type.type().getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                Optional<SettingProblem> problem = check(env, source, type.prefix(), components, i);
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<SettingProblem> check(Environment env, SettingSource source, String prefix,
                                                  RecordComponent[] components, int index) {
        RecordComponent component = components[index];
        Class<?> type = component.getType();
        if (!isScalar(type)) {
            return Optional.empty(); // maps and nested objects are checked where they are used
        }
        String property = prefix + "." + NameUtils.hyphenate(component.getName());
        ComponentRules rules = ComponentRules.of(components, index);
        String value = env.getProperty(property, String.class).orElse(rules.defaultValue());
        if (value == null || (value.isBlank() && rules.nullable())) {
            return Optional.empty(); // unset: the record's own null/empty meaning applies
        }
        String problem = rules.violation(type, value.strip());
        if (rules.networkAddress() && !value.isBlank()) {
            // the family's own shape, when the entry names its family, says more than "either shape"
            problem = familyAddressViolation(env, prefix, value.strip()).orElse(problem);
        }
        if (problem == null) {
            return Optional.empty();
        }
        return Optional.of(new SettingProblem(property, source.variable(property),
                SettingSource.isSecret(property) ? null : value, problem));
    }

    /**
     * The problem with an address of the wrong family's shape; empty when it fits, or when the id is unknown (then
     * the generic "either shape" rule stands). An address must have the shape of its network's family, read from the entry's {@code id} (an asset's
     * network is the entry its prefix is nested in); no check when the id is unknown or of another family.
     */
    private static Optional<String> familyAddressViolation(Environment env, String prefix, String value) {
        int assets = prefix.indexOf(".assets.");
        String network = assets < 0 ? prefix : prefix.substring(0, assets);
        String id = env.getProperty(network + ".id", String.class).orElse("");
        if (id.startsWith("solana:")) {
            return Optional.ofNullable(value.matches(Rules.SOLANA_ADDRESS) ? null : Rules.SOLANA_ADDRESS_TEXT);
        }
        if (id.startsWith("eip155:")) {
            return Optional.ofNullable(value.matches(Rules.EVM_ADDRESS) ? null : Rules.EVM_ADDRESS_TEXT);
        }
        return Optional.empty();
    }

    private static boolean isScalar(Class<?> type) {
        return type == String.class || type == int.class || type == Integer.class || type == long.class
                || type == Long.class || type == boolean.class || type == Boolean.class;
    }

    /** The constraints one record component declares, read from wherever Java placed its annotations. */
    private record ComponentRules(Long min, Long max, List<Pattern> patterns, boolean notBlank, boolean nullable,
                        String defaultValue, boolean networkAddress) {

        static ComponentRules of(RecordComponent[] components, int index) {
            RecordComponent c = components[index];
            List<AnnotatedElement> places = places(components, index);
            Long min = all(places, Min.class).stream().map(Min::value).max(Long::compare).orElse(null);
            Long max = all(places, Max.class).stream().map(Max::value).min(Long::compare).orElse(null);
            // a wrapper type or a @Nullable string may be left empty: the record gives that its own meaning
            boolean nullable = !c.getType().isPrimitive()
                    && (c.getType() != String.class || hasNullable(places) || hasNullable(c));
            String defaultValue = all(places, Bindable.class).stream().map(Bindable::defaultValue)
                    .filter(v -> !v.isEmpty()).findFirst().orElse(null);
            return new ComponentRules(min, max, all(places, Pattern.class), !all(places, NotBlank.class).isEmpty(),
                    nullable, defaultValue, !all(places, NetworkAddress.class).isEmpty());
        }

        /** Why this value is refused, as "what is allowed"; null when it is fine. */
        String violation(Class<?> type, String value) {
            if (type == boolean.class || type == Boolean.class) {
                return TRUE_OR_FALSE.contains(value.toLowerCase(Locale.ROOT)) ? null : "true or false";
            }
            if (type != String.class) {
                long number;
                try {
                    number = type == long.class || type == Long.class ? Long.parseLong(value) : Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    return range();
                }
                boolean inRange = (min == null || number >= min) && (max == null || number <= max);
                return inRange ? null : range();
            }
            if (notBlank && value.isBlank()) {
                return "a non-empty value";
            }
            for (Pattern p : patterns) {
                if (!value.matches(p.regexp())) {
                    return DEFAULT_PATTERN_MESSAGE.equals(p.message()) ? "matching " + p.regexp() : p.message();
                }
            }
            return null;
        }

        private String range() {
            if (min != null && max != null) {
                return min + ".." + max;
            }
            if (min != null) {
                return "a whole number, at least " + min;
            }
            return max != null ? "a whole number, at most " + max : "a whole number";
        }

        /** Java copies a component's annotations to its accessor, field and constructor parameter by target. */
        private static List<AnnotatedElement> places(RecordComponent[] components, int index) {
            RecordComponent c = components[index];
            Class<?> record = c.getDeclaringRecord();
            List<AnnotatedElement> places = new ArrayList<>(List.of(c, c.getAccessor()));
            try {
                places.add(record.getDeclaredField(c.getName()));
                Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
                places.add(record.getDeclaredConstructor(types).getParameters()[index]);
            } catch (NoSuchFieldException | NoSuchMethodException e) {
                throw new IllegalStateException("not a plain record: " + record.getName(), e);
            }
            return places;
        }

        private static <A extends Annotation> List<A> all(List<AnnotatedElement> places, Class<A> type) {
            for (AnnotatedElement place : places) {
                A[] found = place.getAnnotationsByType(type);
                if (found.length > 0) {
                    return List.of(found);
                }
            }
            return List.of();
        }

        private static boolean hasNullable(List<AnnotatedElement> places) {
            return places.stream().flatMap(p -> Arrays.stream(p.getAnnotations()))
                    .anyMatch(a -> a.annotationType().getSimpleName().equals("Nullable"));
        }

        private static boolean hasNullable(RecordComponent c) {
            return Arrays.stream(c.getAnnotatedType().getAnnotations())
                    .anyMatch(a -> a.annotationType().getSimpleName().equals("Nullable"));
        }
    }
}
