package dev.tollgate.chain.solana;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.localnet.solana.SolanaNode;
import java.math.BigInteger;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.core.PublicKey;

/**
 * The whole rail conformance suite again, with the token asset a Token-2022 mint: the token program is data on
 * the asset, so building (TransferChecked, ATAs), verifying and balances must all follow it.
 */
class SolanaToken2022RailConformanceTest extends SolanaRailConformanceTest {

    /** Hides the parent's: this class's chain holds a Token-2022 mint. */
    @BeforeAll
    static void startChain() {
        start(SolanaNode.TOKEN_2022_PROGRAM);
    }

    @Test
    void token2022AssetIsPaidUnderToken2022Accounts() {
        ChainAsset token = tokenAsset();
        assertThat(token.tokenProgram()).isEqualTo(SolanaNetworkConfig.TOKEN_2022_PROGRAM);
        String owner = new Account().getPublicKeyBase58();
        PublicKey mint = new PublicKey(token.address());
        PublicKey ata2022 = SolanaKeys.associatedTokenAccount(new PublicKey(owner), mint, SolanaPrograms.TOKEN_2022);
        assertThat(ata2022).isNotEqualTo(SolanaKeys.associatedTokenAccount(new PublicKey(owner), mint));
        String job = UUID.randomUUID().toString();
        PaymentIntent intent = new PaymentIntent(job, rail().network(), token, null, owner,
                new Account().getPublicKeyBase58(), BigInteger.valueOf(90), BigInteger.valueOf(10), "ATP:" + job);
        assertThat(rail().paymentInstructions(intent)).containsEntry("token_program", SolanaNetworkConfig.TOKEN_2022_PROGRAM);
    }
}
