package dev.tollgate.chain;

/**
 * A payment transaction signed but not necessarily sent. The transaction id is known before broadcast so it can
 * be recorded first: a crash after sending never loses track of money in flight.
 *
 * @param txId        Solana signature (base58) or EVM transaction hash (0x hex)
 * @param rawTx       the wire bytes to broadcast
 * @param payer       the address that signed
 * @param validUntil  the rail's bound after which it can no longer land: the last valid block height (Solana) or
 *                    the splitter's deadline in unix seconds (EVM); {@code -1} when unknown
 */
public record SignedPayment(String txId, byte[] rawTx, String payer, long validUntil) {
    @Override
    public String toString() {
        return "SignedPayment[txId=" + txId + ", payer=" + payer + ", validUntil=" + validUntil + "]";
    }
}
