package dev.tollgate.chain.solana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.ClientPaymentRefusedException;
import dev.tollgate.chain.ClientPaymentRefusedException.Reason;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.solana.tx.SolanaMessageCompiler;
import dev.tollgate.chain.solana.tx.SolanaTransaction;
import dev.tollgate.chain.solana.tx.SolanaTransactionEncoder;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.core.AccountMeta;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.core.TransactionInstruction;
import org.p2p.solanaj.programs.SystemProgram;
import org.p2p.solanaj.utils.TweetNaclFast;

/** The inspector's rules without a chain: fee arithmetic and the cases too fiddly to stage on a node. */
class SolanaClientPaymentInspectorTest {
    private static final NetworkId NETWORK = NetworkId.of("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1");
    private static final ChainAsset USDC = SolanaNetworkConfig.usdcMint(new Account().getPublicKeyBase58());
    private static final byte[] BLOCKHASH = new byte[32];
    private static final BigInteger NET = BigInteger.valueOf(900);
    private static final BigInteger FEE = BigInteger.valueOf(100);
    private final Account payer = new Account();
    private final Account sponsor = new Account();
    private final String payee = new Account().getPublicKeyBase58();
    private final String feeRecipient = new Account().getPublicKeyBase58();

    private PaymentIntent intent(ChainAsset asset, BigInteger net, BigInteger fee, String payerAddress) {
        return new PaymentIntent("job", NETWORK, asset, payerAddress, payee, feeRecipient, net, fee, "ATP:job");
    }

    private PaymentIntent sol() {
        return intent(SolanaNetworkConfig.SOL, NET, FEE, payer.getPublicKeyBase58());
    }

    private List<TransactionInstruction> payment(PaymentIntent intent) {
        return new ArrayList<>(SolanaPaymentBuilder.instructions(intent, payer.getPublicKey(), false));
    }

    private SolanaTransaction tx(PublicKey feePayer, List<TransactionInstruction> ixs, Account... signers) {
        SolanaTransaction unsigned = SolanaMessageCompiler.compile(feePayer, ixs, BLOCKHASH, 0);
        List<byte[]> slots = new ArrayList<>(unsigned.signatures());
        for (Account signer : signers) {
            int slot = indexOf(unsigned, signer.getPublicKey());
            slots.set(slot, new TweetNaclFast.Signature(new byte[0], signer.getSecretKey()).detached(unsigned.message()));
        }
        return new SolanaTransaction(slots, unsigned.message(), unsigned.version(), unsigned.header(),
                unsigned.accountKeys(), unsigned.recentBlockhash(), unsigned.instructions(), unsigned.lookups());
    }

    private static int indexOf(SolanaTransaction tx, PublicKey key) {
        for (int i = 0; i < tx.accountKeys().size(); i++) {
            if (Arrays.equals(tx.accountKeys().get(i), key.toByteArray())) {
                return i;
            }
        }
        throw new AssertionError("not in the transaction");
    }

    private SolanaClientPaymentInspector.Inspection inspect(PaymentIntent intent, SolanaTransaction tx)
            throws ClientPaymentRefusedException {
        return SolanaClientPaymentInspector.inspect(intent, tx, sponsor.getPublicKeyBase58(), ComputeBudgetCaps.DEFAULT);
    }

    private void assertRefused(PaymentIntent intent, SolanaTransaction tx, Reason reason) {
        assertThatThrownBy(() -> inspect(intent, tx)).isInstanceOfSatisfying(ClientPaymentRefusedException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    private static TransactionInstruction unitLimit(int units) {
        return new TransactionInstruction(SolanaPrograms.COMPUTE_BUDGET, List.of(),
                ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN).put((byte) 2).putInt(units).array());
    }

    private static TransactionInstruction unitPrice(long microLamports) {
        return new TransactionInstruction(SolanaPrograms.COMPUTE_BUDGET, List.of(),
                ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) 3).putLong(microLamports).array());
    }

    @Test
    void theFeeToReserveIsFiveThousandLamportsPerSignaturePlusThePriorityFeeRoundedUp() throws Exception {
        PaymentIntent intent = sol();
        List<TransactionInstruction> ixs = payment(intent);
        assertThat(inspect(intent, tx(payer.getPublicKey(), ixs, payer)).feeLamports()).isEqualTo(BigInteger.valueOf(5_000));

        List<TransactionInstruction> priced = new ArrayList<>(List.of(unitLimit(1_001), unitPrice(999)));
        priced.addAll(ixs);
        SolanaClientPaymentInspector.Inspection sponsored = inspect(intent, tx(sponsor.getPublicKey(), priced, payer));
        assertThat(sponsored.sponsored()).isTrue();
        // 10,000 for two signatures + ceil(1,001 × 999 / 10^6) = ceil(0.999999) = 1
        assertThat(sponsored.feeLamports()).isEqualTo(BigInteger.valueOf(10_001));

        // no limit: the runtime's 200,000 per instruction (3 here) applies to the price
        List<TransactionInstruction> priceOnly = new ArrayList<>(List.of(unitPrice(1_000_000)));
        priceOnly.addAll(ixs);
        assertThat(inspect(intent, tx(sponsor.getPublicKey(), priceOnly, payer)).feeLamports())
                .isEqualTo(BigInteger.valueOf(10_000 + 600_000));
    }

    @Test
    void computeBudgetInstructionsMayAppearOnceEachAndNothingElseOfThatProgram() {
        PaymentIntent intent = sol();
        for (List<TransactionInstruction> budget : List.of(
                List.of(unitLimit(1_000), unitLimit(1_000)),
                List.of(unitPrice(1), unitPrice(1)),
                List.of(new TransactionInstruction(SolanaPrograms.COMPUTE_BUDGET, List.of(), new byte[] {1, 0, 0, 1, 0})),
                List.of(new TransactionInstruction(SolanaPrograms.COMPUTE_BUDGET,
                        List.of(new AccountMeta(payer.getPublicKey(), false, false)),
                        unitLimit(1_000).getData())))) {
            List<TransactionInstruction> ixs = new ArrayList<>(budget);
            ixs.addAll(payment(intent));
            assertRefused(intent, tx(payer.getPublicKey(), ixs, payer), Reason.UNEXPECTED_INSTRUCTION);
        }
    }

    @Test
    void aDurableNonceOrAnyOtherSystemInstructionIsRefused() {
        PaymentIntent intent = sol();
        PublicKey nonce = new Account().getPublicKey();
        TransactionInstruction advanceNonce = new TransactionInstruction(SolanaPrograms.SYSTEM, List.of(
                new AccountMeta(nonce, false, true),
                new AccountMeta(new PublicKey("SysvarRecentB1ockHashes11111111111111111111"), false, false),
                new AccountMeta(payer.getPublicKey(), true, false)), new byte[] {4, 0, 0, 0});
        List<TransactionInstruction> ixs = new ArrayList<>(List.of(advanceNonce));
        ixs.addAll(payment(intent));
        assertRefused(intent, tx(payer.getPublicKey(), ixs, payer), Reason.UNEXPECTED_INSTRUCTION);
    }

    @Test
    void anAmountSplitOverMoreTransfersThanThePaymentHasIsRefused() {
        PaymentIntent intent = sol();
        List<TransactionInstruction> ixs = List.of(
                SystemProgram.transfer(payer.getPublicKey(), new PublicKey(payee), 450),
                SystemProgram.transfer(payer.getPublicKey(), new PublicKey(payee), 450),
                SystemProgram.transfer(payer.getPublicKey(), new PublicKey(feeRecipient), 100),
                SolanaPaymentBuilder.memoV2(payer.getPublicKey(), intent.memo()));
        assertRefused(intent, tx(payer.getPublicKey(), ixs, payer), Reason.UNEXPECTED_INSTRUCTION);
    }

    @Test
    void aMissingFeeTransferNamesTheUnpaidRecipient() {
        PaymentIntent intent = sol();
        List<TransactionInstruction> ixs = payment(intent);
        ixs.remove(1);
        assertRefused(intent, tx(payer.getPublicKey(), ixs, payer), Reason.WRONG_RECIPIENT);
    }

    @Test
    void aZeroFeeIntentIsPaidByTheNetTransferAlone() throws Exception {
        PaymentIntent intent = intent(SolanaNetworkConfig.SOL, NET, BigInteger.ZERO, payer.getPublicKeyBase58());
        List<TransactionInstruction> ixs = payment(intent);
        assertThat(ixs).hasSize(2);
        assertThat(inspect(intent, tx(payer.getPublicKey(), ixs, payer)).payer()).isEqualTo(payer.getPublicKeyBase58());
    }

    @Test
    void withoutAPayerOnTheIntentThePayerIsTheSignerBesidesTheSponsor() throws Exception {
        PaymentIntent intent = intent(SolanaNetworkConfig.SOL, NET, FEE, null);
        assertThat(inspect(intent, tx(payer.getPublicKey(), payment(sol()), payer)).payer())
                .isEqualTo(payer.getPublicKeyBase58());
        assertThat(inspect(intent, tx(sponsor.getPublicKey(), payment(sol()), payer)).payer())
                .isEqualTo(payer.getPublicKeyBase58());
    }

    @Test
    void anExtraSignerIsRefused() {
        PaymentIntent intent = sol();
        Account witness = new Account();
        List<TransactionInstruction> ixs = payment(intent);
        ixs.set(2, new TransactionInstruction(SolanaPrograms.MEMO_V2, List.of(new AccountMeta(payer.getPublicKey(), true, false),
                new AccountMeta(witness.getPublicKey(), true, false)), intent.memo().getBytes()));
        assertRefused(intent, tx(payer.getPublicKey(), ixs, payer, witness), Reason.UNEXPECTED_INSTRUCTION);
    }

    @Test
    void tokenTransfersMustBeTransferCheckedFromThePayersAccountWithTheAssetsDecimals() {
        PaymentIntent intent = intent(USDC, NET, FEE, payer.getPublicKeyBase58());
        PublicKey mint = new PublicKey(USDC.address());
        PublicKey payerAta = SolanaKeys.associatedTokenAccount(payer.getPublicKey(), mint, SolanaPrograms.TOKEN);
        PublicKey payeeAta = SolanaKeys.associatedTokenAccount(new PublicKey(payee), mint, SolanaPrograms.TOKEN);

        List<TransactionInstruction> wrongDecimals = payment(intent);
        wrongDecimals.set(0, SolanaPaymentBuilder.transferChecked(SolanaPrograms.TOKEN, payerAta, payeeAta, 900,
                (byte) 9, payer.getPublicKey(), mint));
        assertRefused(intent, tx(payer.getPublicKey(), wrongDecimals, payer), Reason.WRONG_ASSET);

        Account other = new Account();
        List<TransactionInstruction> otherSource = payment(intent);
        otherSource.set(0, SolanaPaymentBuilder.transferChecked(SolanaPrograms.TOKEN,
                SolanaKeys.associatedTokenAccount(other.getPublicKey(), mint, SolanaPrograms.TOKEN), payeeAta, 900,
                (byte) 6, payer.getPublicKey(), mint));
        assertRefused(intent, tx(payer.getPublicKey(), otherSource, payer), Reason.WRONG_PAYER);

        List<TransactionInstruction> unchecked = payment(intent); // Transfer (3): no mint, no decimals
        unchecked.set(0, new TransactionInstruction(SolanaPrograms.TOKEN, List.of(new AccountMeta(payerAta, false, true),
                new AccountMeta(payeeAta, false, true), new AccountMeta(payer.getPublicKey(), true, false)),
                ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) 3).putLong(900).array()));
        assertRefused(intent, tx(payer.getPublicKey(), unchecked, payer), Reason.UNEXPECTED_INSTRUCTION);
    }

    @Test
    void recipientAccountsMayBeCreatedOnlyAsTheBuilderDoes() throws Exception {
        PaymentIntent intent = intent(USDC, NET, FEE, payer.getPublicKeyBase58());
        List<TransactionInstruction> builders = SolanaPaymentBuilder.instructions(intent, payer.getPublicKey(), true);
        assertThat(inspect(intent, tx(payer.getPublicKey(), builders, payer)).payer()).isEqualTo(payer.getPublicKeyBase58());

        PublicKey mint = new PublicKey(USDC.address());
        Account stranger = new Account();
        List<TransactionInstruction> forStranger = new ArrayList<>(builders);
        forStranger.add(0, SolanaPaymentBuilder.createAtaIdempotent(payer.getPublicKey(), stranger.getPublicKey(), mint,
                SolanaPrograms.TOKEN));
        assertRefused(intent, tx(payer.getPublicKey(), forStranger, payer), Reason.UNEXPECTED_INSTRUCTION);

        List<TransactionInstruction> twice = new ArrayList<>(builders);
        twice.add(0, builders.get(0));
        assertRefused(intent, tx(payer.getPublicKey(), twice, payer), Reason.UNEXPECTED_INSTRUCTION);

        List<TransactionInstruction> sponsorFunds = payment(intent);
        sponsorFunds.add(0, SolanaPaymentBuilder.createAtaIdempotent(sponsor.getPublicKey(), new PublicKey(payee), mint,
                SolanaPrograms.TOKEN));
        assertRefused(intent, tx(sponsor.getPublicKey(), sponsorFunds, payer), Reason.FEE_PAYER_NOT_ALLOWED);
    }

    @Test
    void aTransactionNamingAnAccountTwiceIsMalformed() {
        PaymentIntent intent = sol();
        SolanaTransaction good = tx(payer.getPublicKey(), payment(intent), payer);
        List<byte[]> keys = new ArrayList<>(good.accountKeys());
        keys.set(keys.size() - 1, keys.get(1));
        byte[] message = SolanaTransactionEncoder.message(0, good.header(), keys, BLOCKHASH, good.instructions(), List.of());
        SolanaTransaction duplicated = new SolanaTransaction(good.signatures(), message, 0, good.header(), keys, BLOCKHASH,
                good.instructions(), List.of());
        assertRefused(intent, duplicated, Reason.MALFORMED);
    }
}
