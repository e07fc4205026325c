package dev.tollgate.gateway.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An address setting of a network entry (or of one of its assets) whose shape depends on the network's family:
 * {@link SettingsCheck} reads the entry's {@code id} and checks a base58 Solana address or a 0x EVM address.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface NetworkAddress {
}
