package dev.tollgate.chain.evm;

import java.util.Locale;
import org.web3j.crypto.Keys;

/** EVM address checks. Comparisons are case-insensitive; mixed-case input must carry a valid EIP-55 checksum. */
final class EvmAddresses {
    private EvmAddresses() {
    }

    static boolean isValid(String address) {
        if (address == null || address.length() != 42 || !address.startsWith("0x")) {
            return false;
        }
        String hex = address.substring(2);
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                return false;
            }
        }
        boolean mixedCase = !hex.equals(hex.toLowerCase(Locale.ROOT)) && !hex.equals(hex.toUpperCase(Locale.ROOT));
        return !mixedCase || Keys.toChecksumAddress(address).equals(address);
    }

    static boolean same(String a, String b) {
        return a != null && b != null && a.equalsIgnoreCase(b);
    }

    /** EIP-55 form, for display and for the instructions a wallet reads. */
    static String checksummed(String address) {
        return Keys.toChecksumAddress(address);
    }
}
