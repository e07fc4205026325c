package dev.tollgate.contracts;

import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/** EIP-712 digests for EIP-2612 permits and EIP-3009 authorizations, computed independently of the token. */
final class Eip712 {
    private static final byte[] DOMAIN_TYPEHASH = Hash.sha3(
            "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)".getBytes());
    private static final byte[] PERMIT_TYPEHASH = Hash.sha3(
            "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)".getBytes());
    private static final byte[] TRANSFER_TYPEHASH = Hash.sha3(("TransferWithAuthorization(address from,address to,"
            + "uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)").getBytes());
    private static final byte[] RECEIVE_TYPEHASH = Hash.sha3(("ReceiveWithAuthorization(address from,address to,"
            + "uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)").getBytes());

    private Eip712() {
    }

    static byte[] domainSeparator(String name, String version, long chainId, String verifyingContract) {
        return hash(new Bytes32(DOMAIN_TYPEHASH), new Bytes32(Hash.sha3(name.getBytes())),
                new Bytes32(Hash.sha3(version.getBytes())), new Uint256(chainId), new Address(verifyingContract));
    }

    static Sign.SignatureData signPermit(byte[] domain, Credentials owner, String spender, BigInteger value,
                                         BigInteger nonce, BigInteger deadline) {
        byte[] struct = hash(new Bytes32(PERMIT_TYPEHASH), new Address(owner.getAddress()), new Address(spender),
                new Uint256(value), new Uint256(nonce), new Uint256(deadline));
        return sign(domain, struct, owner);
    }

    static Sign.SignatureData signReceive(byte[] domain, Credentials from, String to, BigInteger value,
                                          BigInteger validAfter, BigInteger validBefore, byte[] nonce) {
        byte[] struct = hash(new Bytes32(RECEIVE_TYPEHASH), new Address(from.getAddress()), new Address(to),
                new Uint256(value), new Uint256(validAfter), new Uint256(validBefore), new Bytes32(nonce));
        return sign(domain, struct, from);
    }

    static Sign.SignatureData signTransfer(byte[] domain, Credentials from, String to, BigInteger value,
                                           BigInteger validAfter, BigInteger validBefore, byte[] nonce) {
        byte[] struct = hash(new Bytes32(TRANSFER_TYPEHASH), new Address(from.getAddress()), new Address(to),
                new Uint256(value), new Uint256(validAfter), new Uint256(validBefore), new Bytes32(nonce));
        return sign(domain, struct, from);
    }

    private static Sign.SignatureData sign(byte[] domain, byte[] struct, Credentials signer) {
        byte[] digest = Hash.sha3(Numeric.hexStringToByteArray("1901" + Numeric.toHexStringNoPrefix(domain)
                + Numeric.toHexStringNoPrefix(struct)));
        return Sign.signMessage(digest, signer.getEcKeyPair(), false);
    }

    @SuppressWarnings("rawtypes")
    private static byte[] hash(Type... fields) {
        return Hash.sha3(Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(List.of(fields))));
    }
}
