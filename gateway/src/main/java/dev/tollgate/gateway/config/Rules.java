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

    static final String CAIP2 = "solana:[-_a-zA-Z0-9]{1,32}|eip155:[1-9][0-9]{0,18}";
    static final String CAIP2_TEXT = "a CAIP-2 id of a supported family: solana:<genesis hash prefix> or eip155:<chain id>";
    static final String ALIAS = "([a-z0-9][-a-z0-9]{0,31})?";
    static final String ALIAS_TEXT = "a short lower-case name such as polygon (letters, digits, -)";
    static final String URL_LIST = "(https?://[^\\s/?#,]+[^\\s,]*(\\s*,\\s*https?://[^\\s/?#,]+[^\\s,]*)*)?";
    static final String URL_LIST_TEXT = "comma-separated http:// or https:// URLs, or empty";
    static final String ANY_ADDRESS = "([1-9A-HJ-NP-Za-km-z]{32,44}|0x[0-9a-fA-F]{40})?";
    static final String ANY_ADDRESS_TEXT = "a base58 Solana or 0x-prefixed EVM address (as the network's family), or empty";
    static final String TOKEN_PROGRAM = "(TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA|TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb)?";
    static final String TOKEN_PROGRAM_TEXT = "the SPL Token (Tokenkeg…) or Token-2022 (TokenzQd…) program id, or empty";
    static final String SYMBOL = "([A-Z0-9]{1,16})?";
    static final String SYMBOL_TEXT = "an upper-case symbol such as USDC (letters and digits, up to 16)";

    private Rules() {
    }
}
