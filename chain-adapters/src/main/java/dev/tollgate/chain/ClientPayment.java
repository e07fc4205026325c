package dev.tollgate.chain;

/**
 * A payment the payer signed in its own process, handed to the gateway to check and broadcast: its key never
 * travels. Sizes are checked by the front-end before one of these is built.
 */
public sealed interface ClientPayment {

    /** A complete transaction in the rail's wire form (Solana: legacy or v0; EVM: a signed EIP-1559 transaction). */
    record SignedTransaction(byte[] wire) implements ClientPayment {
        @Override
        public String toString() {
            return "SignedTransaction[" + wire.length + " bytes]";
        }
    }

    /**
     * A gasless token authorisation (EVM: EIP-3009 {@code ReceiveWithAuthorization} to the fee splitter, its nonce
     * committing to the job's exact terms), relayed by the gateway, which pays the gas.
     *
     * @param from      the payer that signed
     * @param deadline  the splitter deadline the payer signed for (unix seconds; {@code validBefore = deadline + 1})
     * @param signature 0x and 130 hex digits (r ‖ s ‖ v)
     */
    record GaslessAuthorization(String from, long deadline, String signature) implements ClientPayment {
    }
}
