package dev.tollgate.chain.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.VerificationCode;
import dev.tollgate.chain.allowance.AllowanceCharges;
import dev.tollgate.chain.allowance.AllowanceRefusedException;
import dev.tollgate.chain.allowance.AllowanceState;
import dev.tollgate.chain.support.Poll;
import dev.tollgate.chain.transport.RpcTransportPolicy;
import dev.tollgate.contracts.generated.AllowanceSplitter;
import dev.tollgate.contracts.generated.TestUSDC;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * ERC-20 allowance charges on a real anvil: a payer approves the AllowanceSplitter with web3j, the relayer (its
 * biller) charges net + fee exactly in one transaction, a charge beyond the allowance is refused before anything is
 * signed, a grant to another spender reads as zero, {@code check} is exact, and a relayer that is not a biller
 * cannot charge.
 */
class EvmAllowanceChargesTest {
    private static final BigInteger TOTAL = BigInteger.valueOf(1_234_567);
    /** floor(1_234_567 * 500 / 10_000) */
    private static final BigInteger FEE = BigInteger.valueOf(61_728);
    private static final BigInteger NET = TOTAL.subtract(FEE);

    private static EvmTestChain chain;
    private static EvmRail rail;
    private static AllowanceCharges charges;
    private static RecordingSpendBudget budget;
    private static String contract;
    private static String relayer;
    private static String relayerKey;
    private static ChainAsset usdc;
    private static Web3j web3j;

    @BeforeAll
    static void start() throws Exception {
        chain = new EvmTestChain();
        relayerKey = chain.newPayerKey(false);
        relayer = Credentials.create(relayerKey).getAddress();
        contract = chain.deployer.deployAllowanceSplitter(EvmTestChain.OWNER_KEY, List.of(relayer));
        budget = RecordingSpendBudget.unlimited();
        rail = new EvmRail(chain.config(1, false).withRelayerKey(EvmNetworkConfig.relayerKey(relayerKey)),
                new InMemoryNonceReservations(), RpcTransportPolicy.forTimeout(Duration.ofSeconds(5)), null, budget,
                contract);
        charges = rail.allowanceCharges().orElseThrow();
        usdc = rail.assets().get("USDC");
        web3j = Web3j.build(new HttpService(chain.anvil.rpcUrl().toString()));
    }

    @AfterAll
    static void stop() {
        web3j.shutdown();
        rail.close();
        chain.close();
    }

    @Test
    void aRailWithoutTheContractOffersNoAllowanceCharges() {
        EvmRail plain = new EvmRail(chain.config(1, false));
        assertThat(plain.allowanceCharges()).isEmpty();
        plain.close();
    }

    @Test
    void readShowsTheGrantToTheContractAndTheBalance() throws Exception {
        Credentials payer = payer();
        assertThat(charges.spender(usdc)).isEqualTo(contract);
        assertThat(charges.read(payer.getAddress(), usdc))
                .isEqualTo(new AllowanceState(contract, BigInteger.ZERO, EvmTestChain.THOUSAND_USDC));
        approve(payer, contract, TOTAL.multiply(BigInteger.valueOf(3)));
        AllowanceState state = charges.read(payer.getAddress(), usdc);
        assertThat(state.allowanceUnits()).isEqualTo(TOTAL.multiply(BigInteger.valueOf(3)));
        assertThat(state.spendable()).isEqualTo(TOTAL.multiply(BigInteger.valueOf(3)));
        assertThatThrownBy(() -> charges.spender(EvmNetworkConfig.POL)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aGrantToAnotherSpenderReadsAsZero() throws Exception {
        Credentials payer = payer();
        approve(payer, EvmTestChain.newAddress(), TOTAL.multiply(BigInteger.TEN));
        assertThat(charges.read(payer.getAddress(), usdc).allowanceUnits()).isZero();
        AllowanceRefusedException refused = catchThrowableOfType(AllowanceRefusedException.class,
                () -> charges.prepare(intent(payer.getAddress(), EvmTestChain.newAddress(), EvmTestChain.newAddress())));
        assertThat(refused.reason()).isEqualTo("allowance_insufficient");
    }

    @Test
    void aChargePaysNetAndFeeExactlyInOneTransaction() throws Exception {
        Credentials payer = payer();
        approve(payer, contract, TOTAL.multiply(BigInteger.TWO));
        String payee = EvmTestChain.newAddress();
        String feeRecipient = EvmTestChain.newAddress();
        PaymentIntent intent = intent(payer.getAddress(), payee, feeRecipient);

        SignedPayment charge = charges.prepare(intent);
        assertThat(charge.payer()).isEqualToIgnoringCase(relayer);
        assertThat(budget.reservedFor(EvmAddresses.checksummed(payer.getAddress()))).isPositive(); // gas held for this payer until it is sent
        assertThat(charges.submit(charge)).isEqualTo(CustodialSigner.Submission.ACCEPTED);
        PaymentCheck verdict = finalVerdict(intent, charge);

        assertThat(verdict.status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(verdict.observed().payer()).isEqualToIgnoringCase(payer.getAddress());
        assertThat(verdict.observed().toPayee()).isEqualTo(NET);
        assertThat(verdict.observed().toFeeRecipient()).isEqualTo(FEE);
        TestUSDC token = token(payer);
        assertThat(token.balanceOf(payee).send()).isEqualTo(NET);
        assertThat(token.balanceOf(feeRecipient).send()).isEqualTo(FEE);
        assertThat(token.balanceOf(payer.getAddress()).send()).isEqualTo(EvmTestChain.THOUSAND_USDC.subtract(TOTAL));
        assertThat(token.balanceOf(contract).send()).isZero();
        assertThat(charges.read(payer.getAddress(), usdc).allowanceUnits()).isEqualTo(TOTAL); // what is left
        TransactionReceipt receipt = web3j.ethGetTransactionReceipt(charge.txId()).send().getTransactionReceipt()
                .orElseThrow();
        assertThat(receipt.getFrom()).isEqualToIgnoringCase(relayer);
        assertThat(AllowanceSplitter.getPaidEvents(receipt)).hasSize(1);
        // sending the same bytes again is a no-op, never a second charge
        assertThat(charges.submit(charge)).isEqualTo(CustodialSigner.Submission.ALREADY_KNOWN);
        assertThat(token.balanceOf(payee).send()).isEqualTo(NET);
    }

    @Test
    void checkIsExactAboutAmountsPayerAndJob() throws Exception {
        Credentials payer = payer();
        approve(payer, contract, TOTAL);
        PaymentIntent intent = intent(payer.getAddress(), EvmTestChain.newAddress(), EvmTestChain.newAddress());
        SignedPayment charge = charges.prepare(intent);
        charges.submit(charge);
        assertThat(finalVerdict(intent, charge).status()).isEqualTo(PaymentCheck.Status.VERIFIED);

        PaymentIntent more = withAmounts(intent, NET.add(BigInteger.ONE), FEE);
        PaymentIntent less = withAmounts(intent, NET.subtract(BigInteger.ONE), FEE);
        for (PaymentIntent wrong : List.of(more, less)) {
            PaymentCheck check = charges.check(wrong, charge.txId(), Commitment.CONFIRMED, charge.validUntil());
            assertThat(check.status()).isEqualTo(PaymentCheck.Status.REJECTED);
            assertThat(check.code()).isEqualTo(VerificationCode.AMOUNT_MISMATCH);
        }
        PaymentIntent otherPayer = new PaymentIntent(intent.jobId(), intent.network(), intent.asset(),
                EvmTestChain.newAddress(), intent.payee(), intent.feeRecipient(), NET, FEE, intent.memo());
        assertThat(charges.check(otherPayer, charge.txId(), Commitment.CONFIRMED, charge.validUntil()).code())
                .isEqualTo(VerificationCode.WRONG_PAYER);
        PaymentIntent otherJob = new PaymentIntent("other", intent.network(), intent.asset(), intent.payer(),
                intent.payee(), intent.feeRecipient(), NET, FEE, PaymentIntent.atpMemo("other"));
        assertThat(charges.check(otherJob, charge.txId(), Commitment.CONFIRMED, charge.validUntil()).code())
                .isEqualTo(VerificationCode.MEMO_MISSING);
        // a FeeSplitter payment for the same job does not count: only the allowance contract's events do
        assertThat(rail.checkPayment(intent, charge.txId(), Commitment.CONFIRMED, charge.validUntil()).status())
                .isEqualTo(PaymentCheck.Status.REJECTED);
    }

    @Test
    void aChargeBeyondTheAllowanceOrBalanceIsRefusedBeforeSigning() throws Exception {
        Credentials payer = payer();
        approve(payer, contract, TOTAL.subtract(BigInteger.ONE));
        BigInteger relayerNonce = pendingNonce(relayer);
        PaymentIntent intent = intent(payer.getAddress(), EvmTestChain.newAddress(), EvmTestChain.newAddress());

        AllowanceRefusedException refused = catchThrowableOfType(AllowanceRefusedException.class,
                () -> charges.prepare(intent));
        assertThat(refused.reason()).isEqualTo("allowance_insufficient");

        Credentials poor = payer();
        approve(poor, contract, EvmTestChain.THOUSAND_USDC.multiply(BigInteger.TWO));
        PaymentIntent tooMuch = new PaymentIntent("job-big", EvmTestChain.NETWORK, usdc, poor.getAddress(),
                EvmTestChain.newAddress(), EvmTestChain.newAddress(), EvmTestChain.THOUSAND_USDC, BigInteger.ONE,
                PaymentIntent.atpMemo("job-big"));
        assertThat(catchThrowableOfType(AllowanceRefusedException.class, () -> charges.prepare(tooMuch)).reason())
                .isEqualTo("balance_insufficient");

        assertThat(pendingNonce(relayer)).isEqualTo(relayerNonce); // nothing signed or sent
        assertThat(budget.reservedFor(EvmAddresses.checksummed(payer.getAddress()))).isZero();
        assertThat(budget.reservedFor(EvmAddresses.checksummed(poor.getAddress()))).isZero();
        // and the next charge of a covered payer takes the very next relayer nonce
        Credentials ok = payer();
        approve(ok, contract, TOTAL);
        PaymentIntent fine = intent(ok.getAddress(), EvmTestChain.newAddress(), EvmTestChain.newAddress());
        SignedPayment charge = charges.prepare(fine);
        charges.submit(charge);
        assertThat(finalVerdict(fine, charge).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
    }

    @Test
    void aSpentGasBudgetRefusesAndADiscardedChargeGivesItsGasBack() throws Exception {
        Credentials payer = payer();
        approve(payer, contract, TOTAL.multiply(BigInteger.TWO));
        SignedPayment discarded = charges.prepare(intent(payer.getAddress(), EvmTestChain.newAddress(),
                EvmTestChain.newAddress()));
        assertThat(budget.reservedFor(EvmAddresses.checksummed(payer.getAddress()))).isPositive();
        charges.discard(discarded);
        assertThat(budget.reservedFor(EvmAddresses.checksummed(payer.getAddress()))).isZero();

        RecordingSpendBudget none = new RecordingSpendBudget(BigInteger.ONE, BigInteger.ONE);
        try (EvmRail tight = new EvmRail(rail.config().withRelayerKey(EvmNetworkConfig.relayerKey(relayerKey)), new InMemoryNonceReservations(),
                RpcTransportPolicy.forTimeout(Duration.ofSeconds(5)), null, none, contract)) {
            AllowanceRefusedException refused = catchThrowableOfType(AllowanceRefusedException.class, () -> tight
                    .allowanceCharges().orElseThrow().prepare(intent(payer.getAddress(), EvmTestChain.newAddress(),
                            EvmTestChain.newAddress())));
            assertThat(refused.reason()).isEqualTo("sponsor_budget_exhausted");
        }
    }

    @Test
    void aRelayerThatIsNotABillerCannotCharge() throws Exception {
        Credentials payer = payer();
        approve(payer, contract, TOTAL);
        String strangerKey = chain.newPayerKey(false);
        try (EvmRail stranger = new EvmRail(chain.config(1, false).withRelayerKey(EvmNetworkConfig.relayerKey(strangerKey)),
                new InMemoryNonceReservations(), RpcTransportPolicy.forTimeout(Duration.ofSeconds(5)), null,
                RecordingSpendBudget.unlimited(), contract)) {
            PaymentIntent intent = intent(payer.getAddress(), EvmTestChain.newAddress(), EvmTestChain.newAddress());
            assertThatThrownBy(() -> stranger.allowanceCharges().orElseThrow().prepare(intent))
                    .isInstanceOf(RailUnavailableException.class).hasMessageContaining("not a biller");
        }
        assertThat(token(payer).balanceOf(payer.getAddress()).send()).isEqualTo(EvmTestChain.THOUSAND_USDC);
    }

    // ---- helpers ----

    private static PaymentCheck finalVerdict(PaymentIntent intent, SignedPayment charge) throws InterruptedException {
        PaymentCheck[] last = new PaymentCheck[1];
        try {
            return Poll.until(() -> {
                last[0] = charges.check(intent, charge.txId(), Commitment.CONFIRMED, charge.validUntil());
                return last[0].isFinal() ? last[0] : null;
            }, Poll.LIMIT);
        } catch (AssertionError stillPending) {
            return last[0];
        }
    }

    private static PaymentIntent intent(String payer, String payee, String feeRecipient) {
        String job = UUID.randomUUID().toString();
        return new PaymentIntent(job, EvmTestChain.NETWORK, usdc, payer, payee, feeRecipient, NET, FEE,
                PaymentIntent.atpMemo(job));
    }

    private static PaymentIntent withAmounts(PaymentIntent i, BigInteger net, BigInteger fee) {
        return new PaymentIntent(i.jobId(), i.network(), i.asset(), i.payer(), i.payee(), i.feeRecipient(), net, fee,
                i.memo());
    }

    private static Credentials payer() throws Exception {
        return Credentials.create(chain.newPayerKey(true));
    }

    private static void approve(Credentials payer, String spender, BigInteger units) throws Exception {
        token(payer).approve(spender, units).send();
    }

    private static TestUSDC token(Credentials who) {
        return TestUSDC.load(chain.contracts.usdc(), web3j, new RawTransactionManager(web3j, who, EvmTestChain.CHAIN_ID,
                new PollingTransactionReceiptProcessor(web3j, 20, 500)), new StaticEIP1559GasProvider(
                EvmTestChain.CHAIN_ID, BigInteger.valueOf(50_000_000_000L), BigInteger.valueOf(1_000_000_000L),
                BigInteger.valueOf(300_000)));
    }

    private static BigInteger pendingNonce(String address) throws Exception {
        return web3j.ethGetTransactionCount(address, DefaultBlockParameterName.PENDING).send().getTransactionCount();
    }
}
