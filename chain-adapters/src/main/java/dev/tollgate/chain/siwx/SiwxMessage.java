package dev.tollgate.chain.siwx;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.web3j.crypto.Keys;

/**
 * A Sign-In-With-X (CAIP-122) message and the exact text a wallet signs for it, built as the x402
 * {@code sign-in-with-x} client ({@code @x402/extensions}) builds it: an EIP-4361 (SIWE) message on EVM chains
 * ({@code eip155:*}), a SIWS message on Solana. Servers check a signature over this text only, never over text a
 * client supplies; clients sign exactly this text.
 *
 * @param chainId CAIP-2 ({@code eip155:137}, {@code solana:<genesis prefix>})
 */
public record SiwxMessage(String domain, String address, String statement, String uri, String version,
                          String chainId, String nonce, String issuedAt, String expirationTime, String notBefore,
                          String requestId, List<String> resources) {

    public String text() {
        SiwxMessage p = this;
        String namespace = p.chainId().substring(0, p.chainId().indexOf(':'));
        String reference = p.chainId().substring(p.chainId().indexOf(':') + 1);
        return "eip155".equals(namespace) ? siwe(p, reference) : siws(p, reference);
    }

    /** EIP-4361: header, address, a blank line, optional statement and blank line, then the fields. */
    private static String siwe(SiwxMessage p, String chainId) {
        String head = p.domain() + " wants you to sign in with your Ethereum account:\n" + eip55(p.address());
        head = p.statement() == null ? head + "\n\n" : head + "\n\n" + p.statement() + "\n";
        return head + "\n" + String.join("\n", fields(p, chainId));
    }

    /**
     * The address as the stock SIWE library ({@code @signinwithethereum/siwe}, under {@code @x402/extensions}) writes
     * it: hex all in one case (no checksum claimed) becomes its EIP-55 spelling; any other spelling is kept (a
     * mixed-case address either carries a valid checksum or fails the rail's address check).
     */
    static String eip55(String address) {
        if (address == null || address.length() != 42 || !address.startsWith("0x")) {
            return address;
        }
        String hex = address.substring(2);
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                return address;
            }
        }
        boolean oneCase = hex.equals(hex.toLowerCase(Locale.ROOT)) || hex.equals(hex.toUpperCase(Locale.ROOT));
        return oneCase ? Keys.toChecksumAddress(hex.toLowerCase(Locale.ROOT)) : address;
    }

    /** SIWS: the same fields, Solana's header, and the chain reference (genesis hash prefix) as the chain id. */
    private static String siws(SiwxMessage p, String reference) {
        List<String> lines = new ArrayList<>();
        lines.add(p.domain() + " wants you to sign in with your Solana account:");
        lines.add(p.address());
        lines.add("");
        if (p.statement() != null && !p.statement().isEmpty()) {
            lines.add(p.statement());
            lines.add("");
        }
        lines.addAll(fields(p, reference));
        return String.join("\n", lines);
    }

    private static List<String> fields(SiwxMessage p, String chainId) {
        List<String> lines = new ArrayList<>();
        lines.add("URI: " + p.uri());
        lines.add("Version: " + p.version());
        lines.add("Chain ID: " + chainId);
        lines.add("Nonce: " + p.nonce());
        lines.add("Issued At: " + p.issuedAt());
        if (p.expirationTime() != null) {
            lines.add("Expiration Time: " + p.expirationTime());
        }
        if (p.notBefore() != null) {
            lines.add("Not Before: " + p.notBefore());
        }
        if (p.requestId() != null) {
            lines.add("Request ID: " + p.requestId());
        }
        if (p.resources() != null && !p.resources().isEmpty()) {
            lines.add("Resources:");
            p.resources().forEach(r -> lines.add("- " + r));
        }
        return lines;
    }
}
