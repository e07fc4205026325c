package dev.tollgate.chain.solana;

import java.util.Set;
import org.p2p.solanaj.core.PublicKey;

/** Program ids the rail builds with and recognises when verifying. */
final class SolanaPrograms {
    static final PublicKey SYSTEM = new PublicKey("11111111111111111111111111111111");
    static final PublicKey TOKEN = new PublicKey("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
    static final PublicKey ASSOCIATED_TOKEN = new PublicKey("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");
    /** Memo v1 is what Solanaj writes; v2 is what most wallets and x402 clients write. Both count. */
    static final Set<String> MEMO = Set.of("Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo",
            "MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr");

    static final int SYSTEM_TRANSFER = 2;
    static final int TOKEN_TRANSFER_CHECKED = 12;

    private SolanaPrograms() {
    }
}
