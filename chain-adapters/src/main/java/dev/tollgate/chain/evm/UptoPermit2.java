package dev.tollgate.chain.evm;

import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;

/**
 * What x402's {@code upto} scheme signs on EVM: a Permit2 {@code PermitWitnessTransferFrom} whose spender is x402's
 * upto proxy and whose witness is {@code Witness(address to, address facilitator, uint256 validAfter)}, in Permit2's
 * EIP-712 domain {name "Permit2", chainId, verifyingContract = Permit2}. Both contracts sit at the same address on
 * every chain (on local chains our own {@code LocalPermit2} / {@code LocalUptoPermit2Proxy} are placed there).
 */
public final class UptoPermit2 {
    /** Permit2's canonical address. */
    public static final String PERMIT2 = "0x000000000022D473030F116dDEE9F6B43aC78BA3";
    /** x402's upto Permit2 proxy: the spender every upto payload names. */
    public static final String PROXY = "0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002";

    private static final byte[] DOMAIN_TYPEHASH =
            Hash.sha3("EIP712Domain(string name,uint256 chainId,address verifyingContract)".getBytes());
    private static final byte[] NAME_HASH = Hash.sha3("Permit2".getBytes());
    private static final byte[] TOKEN_PERMISSIONS_TYPEHASH =
            Hash.sha3("TokenPermissions(address token,uint256 amount)".getBytes());
    private static final byte[] WITNESS_TYPEHASH =
            Hash.sha3("Witness(address to,address facilitator,uint256 validAfter)".getBytes());
    private static final byte[] PERMIT_TYPEHASH = Hash.sha3(("PermitWitnessTransferFrom(TokenPermissions permitted,"
            + "address spender,uint256 nonce,uint256 deadline,Witness witness)"
            + "TokenPermissions(address token,uint256 amount)"
            + "Witness(address to,address facilitator,uint256 validAfter)").getBytes());

    private UptoPermit2() {
    }

    /** Permit2's domain separator on {@code chainId}. */
    static byte[] domainSeparator(long chainId) {
        return Eip712.hashStruct(List.<Type>of(new Bytes32(DOMAIN_TYPEHASH), new Bytes32(NAME_HASH),
                new Uint256(chainId), new Address(PERMIT2)));
    }

    /** The EIP-712 digest the payer signs for {@code p} on {@code chainId}. */
    static byte[] digest(long chainId, UptoEvmPayload p) {
        byte[] permitted = Eip712.hashStruct(List.<Type>of(new Bytes32(TOKEN_PERMISSIONS_TYPEHASH),
                new Address(p.token()), new Uint256(p.permittedAmount())));
        byte[] witness = Eip712.hashStruct(List.<Type>of(new Bytes32(WITNESS_TYPEHASH), new Address(p.to()),
                new Address(p.facilitator()), new Uint256(p.validAfter())));
        byte[] struct = Eip712.hashStruct(List.<Type>of(new Bytes32(PERMIT_TYPEHASH), new Bytes32(permitted),
                new Address(p.spender()), new Uint256(p.nonce()), new Uint256(p.deadline()), new Bytes32(witness)));
        return Eip712.digest(domainSeparator(chainId), struct);
    }

    /** Permit2's {@code nonceBitmap(owner, word)} call for {@code nonce}'s word. */
    static String nonceBitmap(String owner, BigInteger nonce) {
        return UptoSplitterAbi.encode("nonceBitmap", new Address(owner), new Uint256(nonce.shiftRight(8)));
    }

    /** Whether {@code nonce}'s bit is set in its bitmap word (the nonce was used or cancelled). */
    static boolean nonceUsed(BigInteger word, BigInteger nonce) {
        return word.testBit(nonce.intValue() & 0xff);
    }

    /** The token's {@code allowance(owner, Permit2)} call. */
    static String allowanceOfPermit2(String owner) {
        return UptoSplitterAbi.encode("allowance", new Address(owner), new Address(PERMIT2));
    }
}
