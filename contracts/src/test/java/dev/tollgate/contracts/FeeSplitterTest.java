package dev.tollgate.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.contracts.generated.FeeOnTransferToken;
import dev.tollgate.contracts.generated.FeeSplitter;
import dev.tollgate.contracts.generated.ReentrantPayee;
import dev.tollgate.contracts.generated.TestUSDC;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.utils.Numeric;

/** FeeSplitter's behaviour on a real EVM (anvil), through the generated wrappers. */
class FeeSplitterTest {
    private static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
    private static final BigInteger NET = BigInteger.valueOf(1_900_000);
    private static final BigInteger FEE = BigInteger.valueOf(100_000);
    private static final BigInteger TOTAL = NET.add(FEE);

    private static TestChain chain;
    private static String splitter;
    private static String usdc;

    @BeforeAll
    static void deploy() throws Exception {
        chain = new TestChain();
        splitter = FeeSplitter.deploy(chain.web3j, chain.manager(chain.deployer), chain.gas).send().getContractAddress();
        usdc = TestUSDC.deploy(chain.web3j, chain.manager(chain.deployer), chain.gas, chain.deployer.getAddress())
                .send().getContractAddress();
    }

    @AfterAll
    static void stop() {
        chain.close();
    }

    // ---- native coin ----

    @Test
    void payNativeSplitsExactAmountsAndEmitsOnePaidEvent() throws Exception {
        Credentials payer = chain.newFundedAccount();
        String payee = newAddress();
        String feeRecipient = newAddress();
        byte[] jobRef = jobRef();

        TransactionReceipt receipt = splitterAs(payer)
                .payNative(jobRef, payee, NET, feeRecipient, FEE, deadline(), TOTAL).send();

        assertThat(chain.nativeBalance(payee)).isEqualTo(NET);
        assertThat(chain.nativeBalance(feeRecipient)).isEqualTo(FEE);
        assertThat(chain.nativeBalance(splitter)).isZero();
        assertPaid(receipt, jobRef, payer.getAddress(), ZERO_ADDRESS, payee, feeRecipient);
    }

    @Test
    void payNativeWithWrongValueReverts() throws Exception {
        Credentials payer = chain.newFundedAccount();
        String payee = newAddress();
        for (BigInteger value : List.of(TOTAL.subtract(BigInteger.ONE), TOTAL.add(BigInteger.ONE))) {
            RemoteFunctionCall<TransactionReceipt> call =
                    splitterAs(payer).payNative(jobRef(), payee, NET, newAddress(), FEE, deadline(), value);
            assertThat(chain.revertData(payer.getAddress(), splitter, call.encodeFunctionCall(), value))
                    .startsWith(selector("WrongValue(uint256,uint256)"));
            assertThatThrownBy(call::send).isInstanceOf(TransactionException.class);
        }
        assertThat(chain.nativeBalance(payee)).isZero();
        assertThat(chain.nativeBalance(splitter)).isZero();
    }

    @Test
    void paymentAfterTheDeadlineReverts() throws Exception {
        Credentials payer = chain.newFundedAccount();
        String payee = newAddress();
        BigInteger past = BigInteger.valueOf(chain.anvil.latestTimestamp() - 1);
        RemoteFunctionCall<TransactionReceipt> call =
                splitterAs(payer).payNative(jobRef(), payee, NET, newAddress(), FEE, past, TOTAL);
        assertThat(chain.revertData(payer.getAddress(), splitter, call.encodeFunctionCall(), TOTAL))
                .startsWith(selector("DeadlinePassed(uint256,uint256)"));
        assertThatThrownBy(call::send).isInstanceOf(TransactionException.class);
        assertThat(chain.nativeBalance(payee)).isZero();
    }

    @Test
    void reentrantPayeeCannotPayItselfAgainAndTheWholePaymentReverts() throws Exception {
        Credentials payer = chain.newFundedAccount();
        String attacker = ReentrantPayee.deploy(chain.web3j, chain.manager(chain.deployer), chain.gas, splitter)
                .send().getContractAddress();
        RemoteFunctionCall<TransactionReceipt> call =
                splitterAs(payer).payNative(jobRef(), attacker, NET, newAddress(), FEE, deadline(), TOTAL);
        // the guard's error bubbles up through the payee's failed receive()
        assertThat(chain.revertData(payer.getAddress(), splitter, call.encodeFunctionCall(), TOTAL))
                .isEqualTo(selector("ReentrancyGuardReentrantCall()"));
        assertThatThrownBy(call::send).isInstanceOf(TransactionException.class);
        assertThat(chain.nativeBalance(attacker)).isZero();
        assertThat(chain.nativeBalance(splitter)).isZero();
    }

    @Test
    void invalidRecipientsAndEmptyPaymentsRevert() throws Exception {
        Credentials payer = chain.newFundedAccount();
        assertThat(chain.revertData(payer.getAddress(), splitter, splitterAs(payer)
                .payNative(jobRef(), ZERO_ADDRESS, NET, newAddress(), FEE, deadline(), TOTAL).encodeFunctionCall(), TOTAL))
                .startsWith(selector("InvalidRecipient(address)"));
        assertThat(chain.revertData(payer.getAddress(), splitter, splitterAs(payer)
                .payNative(jobRef(), newAddress(), NET, splitter, FEE, deadline(), TOTAL).encodeFunctionCall(), TOTAL))
                .startsWith(selector("InvalidRecipient(address)"));
        assertThat(chain.revertData(payer.getAddress(), splitter, splitterAs(payer).payNative(jobRef(), newAddress(),
                BigInteger.ZERO, newAddress(), BigInteger.ZERO, deadline(), BigInteger.ZERO).encodeFunctionCall(),
                BigInteger.ZERO)).isEqualTo(selector("NothingToPay()"));
    }

    // ---- ERC-20 ----

    @Test
    void payTokenAfterApproveSplitsExactAmounts() throws Exception {
        Credentials payer = payerWithUsdc(TOTAL.multiply(BigInteger.TWO));
        String payee = newAddress();
        String feeRecipient = newAddress();
        byte[] jobRef = jobRef();
        usdcAs(payer).approve(splitter, TOTAL).send();

        TransactionReceipt receipt = splitterAs(payer).payToken(jobRef, usdc, payee, NET, feeRecipient, FEE, deadline()).send();

        TestUSDC token = usdcAs(payer);
        assertThat(token.balanceOf(payee).send()).isEqualTo(NET);
        assertThat(token.balanceOf(feeRecipient).send()).isEqualTo(FEE);
        assertThat(token.balanceOf(payer.getAddress()).send()).isEqualTo(TOTAL);
        assertThat(token.balanceOf(splitter).send()).isZero();
        assertThat(token.allowance(payer.getAddress(), splitter).send()).isZero();
        assertPaid(receipt, jobRef, payer.getAddress(), usdc, payee, feeRecipient);
    }

    @Test
    void payTokenWithPermitPaysInOneTransaction() throws Exception {
        Credentials payer = payerWithUsdc(TOTAL);
        String payee = newAddress();
        String feeRecipient = newAddress();
        byte[] jobRef = jobRef();
        BigInteger deadline = deadline();
        Sign.SignatureData permit = permit(payer, TOTAL, deadline);

        TransactionReceipt receipt = splitterAs(payer).payTokenWithPermit(jobRef, usdc, payee, NET, feeRecipient, FEE,
                deadline, BigInteger.valueOf(permit.getV()[0]), permit.getR(), permit.getS()).send();

        assertThat(chain.web3j.ethGetTransactionCount(payer.getAddress(), DefaultBlockParameterName.LATEST).send()
                .getTransactionCount()).isEqualTo(1); // no separate approve
        TestUSDC token = usdcAs(payer);
        assertThat(token.balanceOf(payee).send()).isEqualTo(NET);
        assertThat(token.balanceOf(feeRecipient).send()).isEqualTo(FEE);
        assertThat(token.balanceOf(payer.getAddress()).send()).isZero();
        assertThat(token.balanceOf(splitter).send()).isZero();
        assertThat(token.allowance(payer.getAddress(), splitter).send()).isZero();
        assertPaid(receipt, jobRef, payer.getAddress(), usdc, payee, feeRecipient);
    }

    @Test
    void permitThatWasFrontRunStillPays() throws Exception {
        Credentials payer = payerWithUsdc(TOTAL);
        String payee = newAddress();
        BigInteger deadline = deadline();
        Sign.SignatureData permit = permit(payer, TOTAL, deadline);
        BigInteger v = BigInteger.valueOf(permit.getV()[0]);
        // someone copies the permit from the mempool and submits it first
        usdcAs(chain.newFundedAccount()).permit(payer.getAddress(), splitter, TOTAL, deadline, v, permit.getR(), permit.getS()).send();

        splitterAs(payer).payTokenWithPermit(jobRef(), usdc, payee, NET, newAddress(), FEE, deadline, v, permit.getR(),
                permit.getS()).send();

        assertThat(usdcAs(payer).balanceOf(payee).send()).isEqualTo(NET);
    }

    @Test
    void someoneElsesPermitCannotBeRedirected() throws Exception {
        Credentials payer = payerWithUsdc(TOTAL);
        Credentials thief = chain.newFundedAccount();
        BigInteger deadline = deadline();
        Sign.SignatureData permit = permit(payer, TOTAL, deadline);
        RemoteFunctionCall<TransactionReceipt> call = splitterAs(thief).payTokenWithPermit(jobRef(), usdc,
                thief.getAddress(), TOTAL, newAddress(), BigInteger.ZERO, deadline, BigInteger.valueOf(permit.getV()[0]),
                permit.getR(), permit.getS());
        assertThat(chain.revertData(thief.getAddress(), splitter, call.encodeFunctionCall(), BigInteger.ZERO))
                .startsWith(selector("PermitFailed(uint256,uint256)"));
        assertThatThrownBy(call::send).isInstanceOf(TransactionException.class);
        assertThat(usdcAs(payer).balanceOf(payer.getAddress()).send()).isEqualTo(TOTAL);
    }

    @Test
    void payeeMayAlsoBeTheFeeRecipient() throws Exception {
        Credentials payer = payerWithUsdc(TOTAL);
        String both = newAddress();
        usdcAs(payer).approve(splitter, TOTAL).send();
        splitterAs(payer).payToken(jobRef(), usdc, both, NET, both, FEE, deadline()).send();
        assertThat(usdcAs(payer).balanceOf(both).send()).isEqualTo(TOTAL);
    }

    @Test
    void payTokenWithAuthorizationIsRelayedAndBoundToItsTerms() throws Exception {
        Credentials payer = payerWithUsdc(TOTAL);
        Credentials relayer = chain.newFundedAccount();
        String payee = newAddress();
        String feeRecipient = newAddress();
        byte[] jobRef = jobRef();
        BigInteger deadline = deadline();
        FeeSplitter asRelayer = splitterAs(relayer);
        byte[] nonce = asRelayer.authorizationNonce(jobRef, usdc, payee, NET, feeRecipient, FEE, deadline).send();
        Sign.SignatureData auth = Eip712.signReceive(usdcDomain(), payer, splitter, TOTAL, BigInteger.ZERO,
                deadline.add(BigInteger.ONE), nonce);
        BigInteger v = BigInteger.valueOf(auth.getV()[0]);

        // the relayer cannot point the payer's signature at itself
        RemoteFunctionCall<TransactionReceipt> redirected = asRelayer.payTokenWithAuthorization(jobRef, usdc,
                payer.getAddress(), relayer.getAddress(), NET, feeRecipient, FEE, deadline, v, auth.getR(), auth.getS());
        assertThat(chain.revertData(relayer.getAddress(), splitter, redirected.encodeFunctionCall(), BigInteger.ZERO))
                .startsWith(selector("InvalidSigner(address,address)"));

        TransactionReceipt receipt = asRelayer.payTokenWithAuthorization(jobRef, usdc, payer.getAddress(), payee, NET,
                feeRecipient, FEE, deadline, v, auth.getR(), auth.getS()).send();

        assertThat(usdcAs(payer).balanceOf(payee).send()).isEqualTo(NET);
        assertThat(usdcAs(payer).balanceOf(feeRecipient).send()).isEqualTo(FEE);
        assertThat(usdcAs(payer).balanceOf(splitter).send()).isZero();
        assertPaid(receipt, jobRef, payer.getAddress(), usdc, payee, feeRecipient);
    }

    @Test
    void feeOnTransferTokenReverts() throws Exception {
        Credentials payer = chain.newFundedAccount();
        FeeOnTransferToken taxed = FeeOnTransferToken.deploy(chain.web3j, chain.manager(payer), chain.gas).send();
        taxed.mint(payer.getAddress(), TOTAL).send();
        taxed.approve(splitter, TOTAL).send();
        String payee = newAddress();
        RemoteFunctionCall<TransactionReceipt> call = splitterAs(payer)
                .payToken(jobRef(), taxed.getContractAddress(), payee, NET, newAddress(), FEE, deadline());
        assertThat(chain.revertData(payer.getAddress(), splitter, call.encodeFunctionCall(), BigInteger.ZERO))
                .startsWith(selector("AmountNotReceived(address,uint256,uint256)"));
        assertThatThrownBy(call::send).isInstanceOf(TransactionException.class);
        assertThat(taxed.balanceOf(payer.getAddress()).send()).isEqualTo(TOTAL);
        assertThat(taxed.balanceOf(payee).send()).isZero();
    }

    @Test
    void testUsdcLooksLikeCirclesUsdc() throws Exception {
        TestUSDC token = usdcAs(chain.deployer);
        assertThat(token.decimals().send()).isEqualTo(6);
        assertThat(token.name().send()).isEqualTo("USD Coin");
        assertThat(token.symbol().send()).isEqualTo("USDC");
        assertThat(token.version().send()).isEqualTo("2");
        assertThat(token.DOMAIN_SEPARATOR().send()).isEqualTo(usdcDomain());
        assertThatThrownBy(() -> usdcAs(chain.newFundedAccount()).mint(newAddress(), BigInteger.ONE).send())
                .isInstanceOf(TransactionException.class); // only the owner mints
    }

    // ---- helpers ----

    private static void assertPaid(TransactionReceipt receipt, byte[] jobRef, String payer, String token, String payee,
                                   String feeRecipient) {
        // EvmRail signs with a fixed 300k gas when it cannot estimate: payments must stay well below that.
        assertThat(receipt.getGasUsed()).isLessThan(BigInteger.valueOf(150_000));
        List<FeeSplitter.PaidEventResponse> events = FeeSplitter.getPaidEvents(receipt);
        assertThat(events).hasSize(1);
        FeeSplitter.PaidEventResponse paid = events.get(0);
        assertThat(paid.log.getAddress()).isEqualToIgnoringCase(splitter);
        assertThat(paid.jobRef).isEqualTo(jobRef);
        assertThat(paid.payer).isEqualToIgnoringCase(payer);
        assertThat(paid.token).isEqualToIgnoringCase(token);
        assertThat(paid.payee).isEqualToIgnoringCase(payee);
        assertThat(paid.net).isEqualTo(NET);
        assertThat(paid.feeRecipient).isEqualToIgnoringCase(feeRecipient);
        assertThat(paid.fee).isEqualTo(FEE);
    }

    private static Credentials payerWithUsdc(BigInteger units) throws Exception {
        Credentials payer = chain.newFundedAccount();
        usdcAs(chain.deployer).mint(payer.getAddress(), units).send();
        return payer;
    }

    private static Sign.SignatureData permit(Credentials owner, BigInteger value, BigInteger deadline) throws Exception {
        BigInteger nonce = usdcAs(owner).nonces(owner.getAddress()).send();
        return Eip712.signPermit(usdcDomain(), owner, splitter, value, nonce, deadline);
    }

    private static byte[] usdcDomain() {
        return Eip712.domainSeparator("USD Coin", "2", TestChain.CHAIN_ID, usdc);
    }

    private static FeeSplitter splitterAs(Credentials who) {
        return FeeSplitter.load(splitter, chain.web3j, chain.manager(who), chain.gas);
    }

    private static TestUSDC usdcAs(Credentials who) {
        return TestUSDC.load(usdc, chain.web3j, chain.manager(who), chain.gas);
    }

    private static BigInteger deadline() {
        return BigInteger.valueOf(chain.anvil.latestTimestamp() + 120);
    }

    private static byte[] jobRef() {
        return Hash.sha3(("ATP:" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
    }

    private static String newAddress() {
        return chain.newAccount().getAddress();
    }

    private static String selector(String signature) {
        return Numeric.toHexString(Hash.sha3(signature.getBytes(StandardCharsets.UTF_8)), 0, 4, true);
    }
}
