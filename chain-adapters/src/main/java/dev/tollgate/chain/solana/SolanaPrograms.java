package dev.tollgate.chain.solana;

import java.util.List;
import org.p2p.solanaj.core.PublicKey;

/** Program ids the rail builds with and recognises when verifying. */
final class SolanaPrograms {
    static final PublicKey SYSTEM = new PublicKey("11111111111111111111111111111111");
    static final PublicKey TOKEN = new PublicKey("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
    /** Token-2022 (Token Extensions): same instruction layout as SPL Token for TransferChecked. */
    static final PublicKey TOKEN_2022 = new PublicKey("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
    /** The token programs an SPL asset may live under; a transfer counts only under its asset's program. */
    static final List<String> TOKEN_PROGRAMS = List.of(TOKEN.toBase58(), TOKEN_2022.toBase58());
    static final PublicKey ASSOCIATED_TOKEN = new PublicKey("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");
    /** Memo v2: what we write, and what wallets, explorers and x402 clients write and read. */
    static final PublicKey MEMO_V2 = new PublicKey("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr");
    /** Memo v1: what Solanaj's MemoProgram (and older clients) write; still accepted. */
    static final PublicKey MEMO_V1 = new PublicKey("Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo");
    /** The memo programs that count when verifying, in order of preference. */
    static final List<String> MEMO = List.of(MEMO_V2.toBase58(), MEMO_V1.toBase58());

    /** Compute Budget: the only program a client-signed payment may add besides the payment's own. */
    static final PublicKey COMPUTE_BUDGET = new PublicKey("ComputeBudget111111111111111111111111111111");

    static final int SYSTEM_TRANSFER = 2;
    static final int TOKEN_TRANSFER_CHECKED = 12;

    /** The program that owns {@code asset}'s mint: its own, else the classic SPL Token program. */
    static PublicKey tokenProgramOf(dev.tollgate.chain.ChainAsset asset) {
        return asset.tokenProgram() == null ? TOKEN : new PublicKey(asset.tokenProgram());
    }

    private SolanaPrograms() {
    }
}
