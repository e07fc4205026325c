package dev.tollgate.chain.evm;

import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/** The two hashes every EIP-712 signature here is built from (EIP-3009 authorisations, EIP-2612 permits). */
final class Eip712 {
    private Eip712() {
    }

    /** {@code keccak256(abi.encode(fields...))}: a struct hash, or a domain separator. */
    @SuppressWarnings("rawtypes")
    static byte[] hashStruct(List<Type> fields) {
        return Hash.sha3(Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(fields)));
    }

    /** {@code keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ structHash)}: what the wallet signs. */
    static byte[] digest(byte[] domainSeparator, byte[] structHash) {
        byte[] message = new byte[2 + 32 + 32];
        message[0] = 0x19;
        message[1] = 0x01;
        System.arraycopy(domainSeparator, 0, message, 2, 32);
        System.arraycopy(structHash, 0, message, 34, 32);
        return Hash.sha3(message);
    }
}
