package dev.tollgate.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.contracts.generated.AllowanceSplitter;
import dev.tollgate.contracts.generated.FeeOnTransferToken;
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
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.utils.Numeric;

/** AllowanceSplitter on a real EVM (anvil): billers only, exact split from an approval, once per job. */
class AllowanceSplitterTest {
    private static final BigInteger NET = BigInteger.valueOf(1_900_000);
    private static final BigInteger FEE = BigInteger.valueOf(100_000);
    private static final BigInteger TOTAL = NET.add(FEE);

    private static TestChain chain;
    private static Credentials biller;
    private static String splitter;
    private static String usdc;

    @BeforeAll
    static void deploy() throws Exception {
        chain = new TestChain();
        biller = chain.newFundedAccount();
        splitter = AllowanceSplitter.deploy(chain.web3j, chain.manager(chain.deployer), chain.gas,
                List.of(biller.getAddress())).send().getContractAddress();
        usdc = TestUSDC.deploy(chain.web3j, chain.manager(chain.deployer), chain.gas, chain.deployer.getAddress())
                .send().getContractAddress();
    }

    @AfterAll
    static void stop() {
        chain.close();
    }

    @Test
    void billerChargesAnApproverExactlyNetAndFeeInOneTransaction() throws Exception {
        Credentials payer = payerWithUsdc(TOTAL.multiply(BigInteger.valueOf(3)));
        usdcAs(payer).approve(splitter, TOTAL.multiply(BigInteger.TWO)).send();
        String payee = newAddress();
        String feeRecipient = newAddress();
        byte[] jobRef = jobRef();

        TransactionReceipt receipt = splitterAs(biller)
                .charge(jobRef, payer.getAddress(), usdc, payee, NET, feeRecipient, FEE, deadline()).send();

        TestUSDC token = usdcAs(payer);
        assertThat(token.balanceOf(payee).send()).isEqualTo(NET);
        assertThat(token.balanceOf(feeRecipient).send()).isEqualTo(FEE);
        assertThat(token.balanceOf(payer.getAddress()).send()).isEqualTo(TOTAL.multiply(BigInteger.TWO));
        assertThat(token.allowance(payer.getAddress(), splitter).send()).isEqualTo(TOTAL); // the rest of the grant
        assertThat(token.balanceOf(splitter).send()).isZero();
        assertThat(splitterAs(biller).charged(jobRef).send()).isTrue();
        assertThat(receipt.getGasUsed()).isLessThan(BigInteger.valueOf(150_000));
        List<AllowanceSplitter.PaidEventResponse> events = AllowanceSplitter.getPaidEvents(receipt);
        assertThat(events).hasSize(1);
        AllowanceSplitter.PaidEventResponse paid = events.get(0);
        assertThat(paid.log.getAddress()).isEqualToIgnoringCase(splitter);
        assertThat(paid.jobRef).isEqualTo(jobRef);
        assertThat(paid.payer).isEqualToIgnoringCase(payer.getAddress());
        assertThat(paid.token).isEqualToIgnoringCase(usdc);
        assertThat(paid.payee).isEqualToIgnoringCase(payee);
        assertThat(paid.net).isEqualTo(NET);
        assertThat(paid.feeRecipient).isEqualToIgnoringCase(feeRecipient);
        assertThat(paid.fee).isEqualTo(FEE);
    }

    @Test
    void nobodyButABillerCanCharge() throws Exception {
        Credentials payer = payerWithUsdc(TOTAL);
        usdcAs(payer).approve(splitter, TOTAL).send();
        String thief = newAddress();
        for (Credentials caller : List.of(chain.newFundedAccount(), payer, chain.deployer)) {
            RemoteFunctionCall<TransactionReceipt> call = splitterAs(caller)
                    .charge(jobRef(), payer.getAddress(), usdc, thief, NET, thief, FEE, deadline());
            assertThat(chain.revertData(caller.getAddress(), splitter, call.encodeFunctionCall(), BigInteger.ZERO))
                    .startsWith(selector("NotBiller(address)"));
            assertThatThrownBy(call::send).isInstanceOf(TransactionException.class);
        }
        assertThat(usdcAs(payer).balanceOf(thief).send()).isZero();
        assertThat(usdcAs(payer).balanceOf(payer.getAddress()).send()).isEqualTo(TOTAL);
        assertThat(splitterAs(biller).isBiller(biller.getAddress()).send()).isTrue();
        assertThat(splitterAs(biller).isBiller(payer.getAddress()).send()).isFalse();
    }

    @Test
    void aChargeBeyondTheApprovalRevertsAndMovesNothing() throws Exception {
        Credentials payer = payerWithUsdc(TOTAL.multiply(BigInteger.TWO));
        usdcAs(payer).approve(splitter, TOTAL.subtract(BigInteger.ONE)).send();
        String payee = newAddress();
        RemoteFunctionCall<TransactionReceipt> call = splitterAs(biller)
                .charge(jobRef(), payer.getAddress(), usdc, payee, NET, newAddress(), FEE, deadline());
        assertThat(chain.revertData(biller.getAddress(), splitter, call.encodeFunctionCall(), BigInteger.ZERO))
                .startsWith(selector("ERC20InsufficientAllowance(address,uint256,uint256)"));
        assertThatThrownBy(call::send).isInstanceOf(TransactionException.class);
        assertThat(usdcAs(payer).balanceOf(payee).send()).isZero();
        assertThat(usdcAs(payer).balanceOf(payer.getAddress()).send()).isEqualTo(TOTAL.multiply(BigInteger.TWO));
    }

    @Test
    void aJobIsChargedOnceAndLateOrEmptyChargesRevert() throws Exception {
        Credentials payer = payerWithUsdc(TOTAL.multiply(BigInteger.valueOf(4)));
        usdcAs(payer).approve(splitter, TOTAL.multiply(BigInteger.valueOf(4))).send();
        String payee = newAddress();
        byte[] jobRef = jobRef();
        splitterAs(biller).charge(jobRef, payer.getAddress(), usdc, payee, NET, newAddress(), FEE, deadline()).send();

        RemoteFunctionCall<TransactionReceipt> again = splitterAs(biller)
                .charge(jobRef, payer.getAddress(), usdc, payee, NET, newAddress(), FEE, deadline());
        assertThat(chain.revertData(biller.getAddress(), splitter, again.encodeFunctionCall(), BigInteger.ZERO))
                .startsWith(selector("AlreadyCharged(bytes32)"));
        BigInteger past = BigInteger.valueOf(chain.anvil.latestTimestamp() - 1);
        assertThat(chain.revertData(biller.getAddress(), splitter, splitterAs(biller).charge(jobRef(), payer.getAddress(),
                usdc, payee, NET, newAddress(), FEE, past).encodeFunctionCall(), BigInteger.ZERO))
                .startsWith(selector("DeadlinePassed(uint256,uint256)"));
        assertThat(chain.revertData(biller.getAddress(), splitter, splitterAs(biller).charge(jobRef(), payer.getAddress(),
                usdc, payee, BigInteger.ZERO, newAddress(), BigInteger.ZERO, deadline()).encodeFunctionCall(),
                BigInteger.ZERO)).isEqualTo(selector("NothingToPay()"));
        assertThat(chain.revertData(biller.getAddress(), splitter, splitterAs(biller).charge(jobRef(), payer.getAddress(),
                usdc, splitter, NET, newAddress(), FEE, deadline()).encodeFunctionCall(), BigInteger.ZERO))
                .startsWith(selector("InvalidRecipient(address)"));
        assertThat(usdcAs(payer).balanceOf(payee).send()).isEqualTo(NET); // only the first charge paid
    }

    @Test
    void feeOnTransferTokensAreRefused() throws Exception {
        Credentials payer = chain.newFundedAccount();
        String fot = FeeOnTransferToken.deploy(chain.web3j, chain.manager(chain.deployer), chain.gas).send()
                .getContractAddress();
        FeeOnTransferToken token = FeeOnTransferToken.load(fot, chain.web3j, chain.manager(payer), chain.gas);
        token.mint(payer.getAddress(), TOTAL.multiply(BigInteger.TWO)).send();
        token.approve(splitter, TOTAL).send();
        RemoteFunctionCall<TransactionReceipt> call = splitterAs(biller)
                .charge(jobRef(), payer.getAddress(), fot, newAddress(), NET, newAddress(), FEE, deadline());
        assertThat(chain.revertData(biller.getAddress(), splitter, call.encodeFunctionCall(), BigInteger.ZERO))
                .startsWith(selector("AmountNotReceived(address,uint256,uint256)"));
    }

    @Test
    void deployingWithoutBillersIsRefused() {
        assertThatThrownBy(() -> AllowanceSplitter.deploy(chain.web3j, chain.manager(chain.deployer), chain.gas,
                List.of()).send()).isInstanceOf(Exception.class);
    }

    private static Credentials payerWithUsdc(BigInteger units) throws Exception {
        Credentials payer = chain.newFundedAccount();
        usdcAs(chain.deployer).mint(payer.getAddress(), units).send();
        return payer;
    }

    private static AllowanceSplitter splitterAs(Credentials who) {
        return AllowanceSplitter.load(splitter, chain.web3j, chain.manager(who), chain.gas);
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
