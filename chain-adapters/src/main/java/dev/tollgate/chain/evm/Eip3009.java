package dev.tollgate.chain.evm;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;

/**
 * EIP-3009 authorisations as EIP-712 digests: {@code TransferWithAuthorization} (what stock x402 clients sign, to
 * any recipient) and {@code ReceiveWithAuthorization} (what the fee splitter relays: only its {@code to} may use it,
 * so a copy taken from the mempool cannot be redirected). The domain is the token's: name and version as the token
 * reports them, the chain id and the token address.
 */
public final class Eip3009 {
    public static final String TRANSFER = "TransferWithAuthorization";
    public static final String RECEIVE = "ReceiveWithAuthorization";
    private static final byte[] DOMAIN_TYPEHASH = Hash.sha3(
            "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
                    .getBytes(StandardCharsets.US_ASCII));

    private Eip3009() {
    }

    /** One authorisation's terms; {@code nonce} is 32 bytes. */
    public record Authorization(String from, String to, BigInteger value, BigInteger validAfter,
                                BigInteger validBefore, byte[] nonce) {
    }

    /** {@code keccak256(abi.encode(domainTypehash, keccak(name), keccak(version), chainId, token))}. */
    public static byte[] domainSeparator(String name, String version, long chainId, String token) {
        return Eip712.hashStruct(List.of(new Bytes32(DOMAIN_TYPEHASH),
                new Bytes32(Hash.sha3(name.getBytes(StandardCharsets.UTF_8))),
                new Bytes32(Hash.sha3(version.getBytes(StandardCharsets.UTF_8))),
                new Uint256(chainId), new Address(token)));
    }

    /** The digest a wallet signs for {@code primaryType} ({@link #TRANSFER} or {@link #RECEIVE}). */
    public static byte[] digest(byte[] domainSeparator, String primaryType, Authorization auth) {
        byte[] typehash = Hash.sha3((primaryType + "(address from,address to,uint256 value,uint256 validAfter,"
                + "uint256 validBefore,bytes32 nonce)").getBytes(StandardCharsets.US_ASCII));
        byte[] structHash = Eip712.hashStruct(List.of(new Bytes32(typehash), new Address(auth.from()),
                new Address(auth.to()), new Uint256(auth.value()), new Uint256(auth.validAfter()),
                new Uint256(auth.validBefore()), new Bytes32(auth.nonce())));
        return Eip712.digest(domainSeparator, structHash);
    }
}
