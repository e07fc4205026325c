package dev.tollgate.chain.evm;

import dev.tollgate.chain.ClientPayment.GaslessAuthorization;
import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Arrays;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Signs and checks gasless FeeSplitter authorisations offline: the payer's EIP-3009 {@code ReceiveWithAuthorization}
 * to the splitter for {@link GaslessTerms}, under the token's EIP-712 domain (its {@code DOMAIN_SEPARATOR()}, or
 * {@link Eip3009#domainSeparator} from its name and version). Used by buyers (the Java client) and by the rail.
 */
public final class GaslessAuthorizationSigner {
    private static final BigInteger HALF_CURVE_ORDER =
            new BigInteger("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0", 16);

    private GaslessAuthorizationSigner() {
    }

    /** The payer's signature over {@code terms}; the signature is {@code 0x} + r ‖ s ‖ v (v 27 or 28). */
    public static GaslessAuthorization sign(Credentials payer, GaslessTerms terms, byte[] tokenDomainSeparator) {
        String from = EvmAddresses.checksummed(payer.getAddress());
        byte[] digest = Eip3009.digest(tokenDomainSeparator, Eip3009.RECEIVE, terms.authorization(from));
        Sign.SignatureData sig = Sign.signMessage(digest, payer.getEcKeyPair(), false);
        byte[] bytes = new byte[65];
        System.arraycopy(sig.getR(), 0, bytes, 0, 32);
        System.arraycopy(sig.getS(), 0, bytes, 32, 32);
        bytes[64] = sig.getV()[0];
        return new GaslessAuthorization(from, terms.deadline(), Numeric.toHexString(bytes));
    }

    /**
     * The signature's parts, {@code v} as 27 or 28 (0 and 1 are taken as 27 and 28), or null unless it is
     * {@code 0x} and 130 hex digits with a low {@code s} (the form the token's ECDSA accepts).
     */
    static Sign.SignatureData parse(String signature) {
        if (signature == null || signature.length() != 132 || !signature.startsWith("0x")
                || !signature.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return null;
        }
        byte[] bytes = Numeric.hexStringToByteArray(signature);
        int v = Byte.toUnsignedInt(bytes[64]);
        v = v < 2 ? v + 27 : v;
        byte[] r = Arrays.copyOfRange(bytes, 0, 32);
        byte[] s = Arrays.copyOfRange(bytes, 32, 64);
        BigInteger sValue = new BigInteger(1, s);
        if ((v != 27 && v != 28) || new BigInteger(1, r).signum() == 0 || sValue.signum() == 0
                || sValue.compareTo(HALF_CURVE_ORDER) > 0) {
            return null;
        }
        return new Sign.SignatureData((byte) v, r, s);
    }

    /** Whether {@code authorization} is {@code authorization.from()}'s valid signature over {@code terms}. */
    public static boolean verifies(GaslessTerms terms, byte[] tokenDomainSeparator, GaslessAuthorization authorization) {
        Sign.SignatureData sig = parse(authorization.signature());
        if (sig == null || !EvmAddresses.isValid(authorization.from())) {
            return false;
        }
        byte[] digest = Eip3009.digest(tokenDomainSeparator, Eip3009.RECEIVE, terms.authorization(authorization.from()));
        try {
            BigInteger key = Sign.signedMessageHashToKey(digest, sig);
            return EvmAddresses.same(Numeric.prependHexPrefix(Keys.getAddress(key)), authorization.from());
        } catch (SignatureException | RuntimeException invalid) {
            return false;
        }
    }
}
