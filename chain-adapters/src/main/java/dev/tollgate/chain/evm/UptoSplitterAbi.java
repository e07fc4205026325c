package dev.tollgate.chain.evm;

import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;

/** Call data for {@code UptoSplitter.settle} (x402 {@code upto} with the fee split) and the reads around it. */
final class UptoSplitterAbi {
    /** Static tuples are encoded in place, so the arguments are written flat under the tuple signature. */
    private static final String SETTLE = "settle((bytes32,address,address,uint16),((address,uint256),uint256,uint256),"
            + "uint256,address,(address,address,uint256),bytes)";
    private static final String SETTLE_SELECTOR = Hash.sha3String(SETTLE).substring(0, 10);

    private UptoSplitterAbi() {
    }

    /**
     * {@code settle(split, permit, amount, owner, witness, signature)}: pulls {@code amount} of {@code p}'s permit
     * through the proxy and splits it ({@code floor(amount * feeBps / 10000)} to the fee recipient).
     */
    @SuppressWarnings("rawtypes")
    static String settle(byte[] jobRef, String payee, String feeRecipient, int feeBps, UptoEvmPayload p,
                         BigInteger amount) {
        List<Type> flat = List.of(new Bytes32(jobRef), new Address(payee), new Address(feeRecipient), new Uint16(feeBps),
                new Address(p.token()), new Uint256(p.permittedAmount()), new Uint256(p.nonce()),
                new Uint256(p.deadline()), new Uint256(amount), new Address(p.from()), new Address(p.to()),
                new Address(p.facilitator()), new Uint256(p.validAfter()), new DynamicBytes(p.signature()));
        return SETTLE_SELECTOR + FunctionEncoder.encodeConstructor(flat);
    }

    @SuppressWarnings("rawtypes")
    static String encode(String name, Type... args) {
        return FunctionEncoder.encode(new Function(name, List.of(args), List.<TypeReference<?>>of()));
    }
}
