package dev.tollgate.chain.evm;

import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;

/**
 * Signs EIP-2612 permits offline. The domain separator is the token's own ({@code DOMAIN_SEPARATOR()}), so the
 * token's EIP-712 name and version (USDC: "USD Coin", "2") need not be configured.
 */
final class PermitSigner {
    private static final byte[] PERMIT_TYPEHASH =
            Hash.sha3("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)".getBytes());

    private PermitSigner() {
    }

    static Sign.SignatureData sign(byte[] domainSeparator, Credentials owner, String spender, BigInteger value,
                                   BigInteger nonce, long deadline) {
        byte[] structHash = Eip712.hashStruct(List.of(new Bytes32(PERMIT_TYPEHASH),
                new Address(owner.getAddress()), new Address(spender), new Uint256(value), new Uint256(nonce),
                new Uint256(deadline)));
        return Sign.signMessage(Eip712.digest(domainSeparator, structHash), owner.getEcKeyPair(), false);
    }
}
