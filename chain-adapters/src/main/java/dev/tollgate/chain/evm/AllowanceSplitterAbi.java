package dev.tollgate.chain.evm;

import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;

/** Call data for AllowanceSplitter's {@code charge} and ERC-20's {@code allowance}; its event is FeeSplitter's. */
final class AllowanceSplitterAbi {
    private AllowanceSplitterAbi() {
    }

    static String charge(byte[] jobRef, String payer, String token, String payee, BigInteger net, String feeRecipient,
                         BigInteger fee, long deadline) {
        return encode("charge", new Bytes32(jobRef), new Address(payer), new Address(token), new Address(payee),
                new Uint256(net), new Address(feeRecipient), new Uint256(fee), new Uint256(deadline));
    }

    static String allowance(String owner, String spender) {
        return encode("allowance", new Address(owner), new Address(spender));
    }

    @SuppressWarnings("rawtypes")
    private static String encode(String name, Type... args) {
        return FunctionEncoder.encode(new Function(name, List.of(args), List.<TypeReference<?>>of()));
    }
}
