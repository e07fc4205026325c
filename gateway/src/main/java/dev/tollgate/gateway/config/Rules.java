package dev.tollgate.gateway.config;

/**
 * Shapes shared by several settings, for {@code @Pattern} on the configuration records; each comes with the text
 * an operator reads as "allowed". Empty is allowed where the setting is optional (an unset ATP variable is empty).
 * The rails still check addresses exactly (base58 length, checksum) when they are built.
 */
final class Rules {
    static final String URL = "https?://[^\\s/?#]+\\S*";
    static final String URL_TEXT = "an http:// or https:// URL";
    static final String DECIMAL = "\\d+(\\.\\d+)?";
    static final String DECIMAL_TEXT = "a plain decimal such as 0.05";
    static final String OPTIONAL_DECIMAL = "(\\d+(\\.\\d+)?)?";
    static final String OPTIONAL_DECIMAL_TEXT = "a plain decimal such as 2.5, or empty";
    static final String SOLANA_ADDRESS = "([1-9A-HJ-NP-Za-km-z]{32,44})?";
    static final String SOLANA_ADDRESS_TEXT = "a base58 Solana address, or empty";
    static final String EVM_ADDRESS = "(0x[0-9a-fA-F]{40})?";
    static final String EVM_ADDRESS_TEXT = "a 0x-prefixed 20-byte hex address, or empty";

    private Rules() {
    }
}
