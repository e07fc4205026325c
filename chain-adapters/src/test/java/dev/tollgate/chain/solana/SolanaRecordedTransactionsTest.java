package dev.tollgate.chain.solana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.ObservedPayment;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.VerificationCode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2p.solanaj.utils.Base58;

/**
 * The verifier against transactions shaped the way wallets and stock clients send them, recorded from the local
 * node's {@code getTransaction} (json, maxSupportedTransactionVersion 0) by
 * {@code localnet/solana/scripts/record-fixtures.js}. The script derives every key from a fixed label, so the
 * addresses below are stable across re-recordings; signatures, slots and block times are not, and are read from the
 * fixture. No node is needed.
 */
class SolanaRecordedTransactionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final NetworkId NETWORK = NetworkId.of("solana:fixtures");

    private static final String PAYER = "DCVbBFN63V2NBGzFW1GzQuJtqN2L13bDKL3QrbinP8MQ";
    private static final String PAYEE = "Fxc3KpnLfuCNV5Rg3wkFwRrUXoiBiPreFmsz8Fg7KbP1";
    private static final String FEE_RECIPIENT = "8LA6NTVG1k1GyViFFp3SukPUHJnABuGXtPgpyxGv85d2";
    private static final String USDC_MINT = "5xy6phuKq44N7vt6ohPhXCLdyMm91UqFbguYWxhzF76c";
    private static final String TOKEN_2022_MINT = "DNcBkhCULseNwudjUHhyXpcEbSX2nJRDJ6NTDAb3rcwr";
    /** A pre-funded address the Associated Token program tops up to rent exemption by an inner System transfer. */
    private static final String CPI_TOPPED_UP = "98kFarJgTQc7hyZev9otkHPpQXD5xgDM5MXpKZauvKYu";
    /** The wallet whose RecoverNested moves USDC into its own token account by an inner TransferChecked. */
    private static final String NESTED_WALLET = "GAsH9MevPkpzyeGR1aoqxZk5Ujfn6VRffK7EBAnAPRYf";

    private static final ChainAsset SOL = ChainAsset.nativeCoin("SOL", 9);
    private static final ChainAsset USDC = new ChainAsset("USDC", 6, USDC_MINT);
    private static final ChainAsset USD_2022 = new ChainAsset("USD22", 6, TOKEN_2022_MINT,
            SolanaPrograms.TOKEN_2022.toBase58());

    @Test
    void v0WithLookupTableLoadingPayeeAndFeeRecipientVerifies() {
        JsonNode tx = fixture("v0-alt-sol");
        assertThat(tx.path("version").asInt(-1)).isZero();
        assertThat(tx.at("/transaction/message/addressTableLookups")).hasSize(1);
        assertThat(texts(tx.at("/transaction/message/accountKeys"))).doesNotContain(PAYEE, FEE_RECIPIENT);
        assertThat(texts(tx.at("/meta/loadedAddresses/writable"))).containsExactlyInAnyOrder(PAYEE, FEE_RECIPIENT);

        PaymentIntent intent = intent(SOL, PAYER, PAYEE, 2_000_000, 20_000, "ATP:fixture-v0-alt-sol");
        assertVerified(intent, tx, new ObservedPayment(blockTime(tx), PAYER, null, units(2_000_000), units(20_000)));
        assertThat(verify(intent(SOL, PAYER, PAYEE, 2_000_001, 20_000, "ATP:fixture-v0-alt-sol"), tx).code())
                .isEqualTo(VerificationCode.AMOUNT_MISMATCH);
    }

    @Test
    void withoutItsLoadedAddressesTheSameV0TransactionPaysNobody() {
        // The payee indexes point past the static keys: without meta.loadedAddresses they name no account.
        ObjectNode tx = (ObjectNode) fixture("v0-alt-sol");
        ((ObjectNode) tx.path("meta")).remove("loadedAddresses");

        PaymentCheck check = verify(intent(SOL, PAYER, PAYEE, 2_000_000, 20_000, "ATP:fixture-v0-alt-sol"), tx);
        assertThat(check.code()).isEqualTo(VerificationCode.AMOUNT_MISMATCH);
        assertThat(check.detail()).isEqualTo("the transaction transfers nothing");
    }

    @Test
    void v0WithLookupTableLoadingMintAndTokenAccountsVerifies() {
        JsonNode tx = fixture("v0-alt-usdc");
        assertThat(texts(tx.at("/meta/loadedAddresses/readonly"))).containsExactly(USDC_MINT);
        assertThat(tx.at("/meta/loadedAddresses/writable")).hasSize(2);

        assertVerified(intent(USDC, PAYER, PAYEE, 990_000, 10_000, "ATP:fixture-v0-alt-usdc"), tx,
                new ObservedPayment(blockTime(tx), PAYER, USDC_MINT, units(990_000), units(10_000)));
    }

    @Test
    void memoV2WrittenByTheClientVerifies() {
        JsonNode tx = fixture("memo-v2-usdc");
        JsonNode memo = tx.at("/transaction/message/instructions/0");
        assertThat(programOf(tx, memo)).isEqualTo(SolanaPrograms.MEMO_V2.toBase58());
        assertThat(memo.path("accounts")).hasSize(1); // signed by the payer, as wallets write it

        assertVerified(intent(USDC, PAYER, PAYEE, 1_500_000, 15_000, "ATP:fixture-memo-v2-usdc"), tx,
                new ObservedPayment(blockTime(tx), PAYER, USDC_MINT, units(1_500_000), units(15_000)));
    }

    @Test
    void token2022TransferCheckedVerifiesForAnAssetUnderToken2022() {
        JsonNode tx = fixture("token-2022-transfer-checked");
        assertThat(texts(tx.at("/transaction/message/accountKeys"))).contains(SolanaPrograms.TOKEN_2022.toBase58())
                .doesNotContain(SolanaPrograms.TOKEN.toBase58());

        assertVerified(intent(USD_2022, PAYER, PAYEE, 3_000_000, 30_000, "ATP:fixture-token-2022"), tx,
                new ObservedPayment(blockTime(tx), PAYER, TOKEN_2022_MINT, units(3_000_000), units(30_000)));
    }

    @Test
    void token2022TransferDoesNotPayTheClassicTokenAccountsOfTheSameMint() {
        // The same mint configured without its token program: the credited accounts would be SPL Token ATAs.
        ChainAsset misconfigured = new ChainAsset("USD22", 6, TOKEN_2022_MINT);
        PaymentCheck check = verify(intent(misconfigured, PAYER, PAYEE, 3_000_000, 30_000, "ATP:fixture-token-2022"),
                fixture("token-2022-transfer-checked"));
        assertThat(check.status()).isEqualTo(PaymentCheck.Status.REJECTED);
        assertThat(check.code()).isEqualTo(VerificationCode.WRONG_RECIPIENT);
    }

    @Test
    void solMovedOnlyByAnInnerSystemTransferIsNeverAPayment() {
        JsonNode tx = fixture("cpi-only-sol");
        long topUp = innerSystemTransferTo(tx, CPI_TOPPED_UP);
        assertThat(topUp).isPositive();
        assertThat(lamportDelta(tx, CPI_TOPPED_UP)).isEqualTo(topUp); // it really credited the payee

        PaymentCheck check = verify(intent(SOL, PAYER, CPI_TOPPED_UP, topUp, 0, "ATP:fixture-cpi-only-sol"), tx);
        assertThat(check.status()).isEqualTo(PaymentCheck.Status.REJECTED);
        assertThat(check.code()).isEqualTo(VerificationCode.AMOUNT_MISMATCH);
        assertThat(check.detail()).isEqualTo("the transaction transfers nothing");
        assertThat(check.observed()).isEqualTo(new ObservedPayment(blockTime(tx), PAYER, null, BigInteger.ZERO, BigInteger.ZERO));
    }

    @Test
    void tokensMovedOnlyByAnInnerTransferCheckedAreNeverAPayment() {
        JsonNode tx = fixture("cpi-only-usdc");
        JsonNode inner = innerInstructions(tx).stream()
                .filter(ix -> SolanaPrograms.TOKEN.toBase58().equals(programOf(tx, ix)))
                .filter(ix -> Base58.decode(ix.path("data").asText())[0] == SolanaPrograms.TOKEN_TRANSFER_CHECKED)
                .findFirst().orElseThrow();
        assertThat(SolanaPaymentVerifier.u64(Base58.decode(inner.path("data").asText()), 1)).isEqualTo(units(2_500_000));
        String credited = keys(tx).get(inner.path("accounts").get(2).asInt());
        assertThat(credited).isEqualTo(SolanaKeys.associatedTokenAccount(new org.p2p.solanaj.core.PublicKey(NESTED_WALLET),
                new org.p2p.solanaj.core.PublicKey(USDC_MINT), SolanaPrograms.TOKEN).toBase58());

        PaymentCheck check = verify(intent(USDC, null, NESTED_WALLET, 2_500_000, 0, "ATP:fixture-cpi-only-usdc"), tx);
        assertThat(check.status()).isEqualTo(PaymentCheck.Status.REJECTED);
        assertThat(check.code()).isEqualTo(VerificationCode.AMOUNT_MISMATCH);
        assertThat(check.detail()).isEqualTo("the transaction transfers nothing");
        assertThat(check.observed()).isEqualTo(
                new ObservedPayment(blockTime(tx), NESTED_WALLET, USDC_MINT, BigInteger.ZERO, BigInteger.ZERO));
    }

    @Test
    void legacyTransactionWithTheJobsMemoSecondOfTwoVerifies() {
        JsonNode tx = fixture("legacy-two-memos");
        assertThat(tx.path("version").asText()).isEqualTo("legacy");
        List<String> memoPrograms = new ArrayList<>();
        tx.at("/transaction/message/instructions").forEach(ix -> {
            if (SolanaPrograms.MEMO.contains(programOf(tx, ix))) {
                memoPrograms.add(programOf(tx, ix));
            }
        });
        assertThat(memoPrograms).containsExactly(SolanaPrograms.MEMO_V1.toBase58(), SolanaPrograms.MEMO_V2.toBase58());

        assertVerified(intent(SOL, PAYER, PAYEE, 5_000_000, 0, "ATP:fixture-two-memos"), tx,
                new ObservedPayment(blockTime(tx), PAYER, null, units(5_000_000), BigInteger.ZERO));
        assertThat(verify(intent(SOL, PAYER, PAYEE, 5_000_000, 0, "ATP:another-job"), tx).code())
                .isEqualTo(VerificationCode.MEMO_MISSING);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static PaymentIntent intent(ChainAsset asset, String payer, String payee, long net, long fee, String memo) {
        return new PaymentIntent(memo.substring("ATP:".length()), NETWORK, asset, payer, payee, FEE_RECIPIENT,
                units(net), units(fee), memo);
    }

    private static PaymentCheck verify(PaymentIntent intent, JsonNode tx) {
        return SolanaPaymentVerifier.verify(intent, tx, blockTime(tx));
    }

    private static void assertVerified(PaymentIntent intent, JsonNode tx, ObservedPayment expected) {
        PaymentCheck check = verify(intent, tx);
        assertThat(check.status()).as(check.detail()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(check.code()).isEqualTo(VerificationCode.OK);
        assertThat(check.observed()).isEqualTo(expected);
    }

    private static JsonNode fixture(String name) {
        try (InputStream in = SolanaRecordedTransactionsTest.class.getResourceAsStream("/solana-fixtures/" + name + ".json")) {
            assertThat(in).as("fixture " + name).isNotNull();
            JsonNode tx = JSON.readTree(in);
            assertThat(tx.at("/meta/err").isNull()).as("fixture %s landed successfully", name).isTrue();
            return tx;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read fixture " + name, e);
        }
    }

    private static Instant blockTime(JsonNode tx) {
        return Instant.ofEpochSecond(tx.path("blockTime").asLong());
    }

    private static BigInteger units(long n) {
        return BigInteger.valueOf(n);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Static keys, then loaded writable, then loaded read-only: the index space of every instruction. */
    private static List<String> keys(JsonNode tx) {
        List<String> keys = texts(tx.at("/transaction/message/accountKeys"));
        keys.addAll(texts(tx.at("/meta/loadedAddresses/writable")));
        keys.addAll(texts(tx.at("/meta/loadedAddresses/readonly")));
        return keys;
    }

    private static String programOf(JsonNode tx, JsonNode ix) {
        return keys(tx).get(ix.path("programIdIndex").asInt());
    }

    private static List<JsonNode> innerInstructions(JsonNode tx) {
        List<JsonNode> out = new ArrayList<>();
        tx.at("/meta/innerInstructions").forEach(group -> group.path("instructions").forEach(out::add));
        return out;
    }

    private static long innerSystemTransferTo(JsonNode tx, String destination) {
        return innerInstructions(tx).stream()
                .filter(ix -> SolanaPrograms.SYSTEM.toBase58().equals(programOf(tx, ix)))
                .filter(ix -> ix.path("accounts").size() == 2
                        && destination.equals(keys(tx).get(ix.path("accounts").get(1).asInt())))
                .map(ix -> Base58.decode(ix.path("data").asText()))
                .filter(data -> data.length == 12 && data[0] == SolanaPrograms.SYSTEM_TRANSFER)
                .mapToLong(data -> SolanaPaymentVerifier.u64(data, 4).longValueExact())
                .sum();
    }

    private static long lamportDelta(JsonNode tx, String account) {
        int i = keys(tx).indexOf(account);
        return tx.at("/meta/postBalances").get(i).asLong() - tx.at("/meta/preBalances").get(i).asLong();
    }
}
