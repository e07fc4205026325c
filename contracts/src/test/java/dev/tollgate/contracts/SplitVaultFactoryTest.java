package dev.tollgate.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.contracts.generated.SplitVault;
import dev.tollgate.contracts.generated.SplitVaultFactory;
import dev.tollgate.contracts.generated.TestUSDC;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple3;
import org.web3j.utils.Numeric;

/**
 * SplitVaultFactory on anvil: a vault's address is known before it exists and fixes its recipients; settle moves a
 * stock x402 authorisation (TransferWithAuthorization to the vault) in and splits exactly it with the fee floored;
 * nobody but the factory splits part of a vault; an authorisation for one vault cannot settle into another.
 */
class SplitVaultFactoryTest {
    private static final BigInteger BPS = BigInteger.valueOf(250);
    private static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static TestChain chain;
    private static String factory;
    private static String usdc;

    @BeforeAll
    static void deploy() throws Exception {
        chain = new TestChain();
        factory = SplitVaultFactory.deploy(chain.web3j, chain.manager(chain.deployer), chain.gas).send().getContractAddress();
        usdc = TestUSDC.deploy(chain.web3j, chain.manager(chain.deployer), chain.gas, chain.deployer.getAddress())
                .send().getContractAddress();
    }

    @AfterAll
    static void stop() {
        chain.close();
    }

    @Test
    void settleMovesTheAuthorisationIntoTheVaultAndSplitsItInOneCall() throws Exception {
        Credentials payer = payerWithUsdc(BigInteger.valueOf(10_000_000));
        Credentials relayer = chain.newFundedAccount();
        String payee = newAddress();
        String feeRecipient = newAddress();
        BigInteger value = BigInteger.valueOf(12_345); // fee 308.625 -> 308
        String vault = factoryAs(relayer).vaultOf(payee, feeRecipient, BPS).send();
        assertThat(chain.web3j.ethGetCode(vault, org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send().getCode())
                .isEqualTo("0x");
        Authorisation auth = authorise(payer, vault, value);
        byte[] jobRef = jobRef();

        TransactionReceipt receipt = factoryAs(relayer).settle(payee, feeRecipient, BPS, jobRef, usdc, payer.getAddress(),
                value, BigInteger.ZERO, auth.validBefore, auth.nonce, auth.signature).send();

        assertThat(usdcAs(relayer).balanceOf(payee).send()).isEqualTo(BigInteger.valueOf(12_037));
        assertThat(usdcAs(relayer).balanceOf(feeRecipient).send()).isEqualTo(BigInteger.valueOf(308));
        assertThat(usdcAs(relayer).balanceOf(vault).send()).isZero();
        List<SplitVaultFactory.PaidEventResponse> paid = SplitVaultFactory.getPaidEvents(receipt);
        assertThat(paid).hasSize(1);
        assertThat(paid.get(0).log.getAddress()).isEqualToIgnoringCase(factory);
        assertThat(paid.get(0).jobRef).isEqualTo(jobRef);
        assertThat(paid.get(0).payer).isEqualToIgnoringCase(payer.getAddress());
        assertThat(paid.get(0).token).isEqualToIgnoringCase(usdc);
        assertThat(paid.get(0).payee).isEqualToIgnoringCase(payee);
        assertThat(paid.get(0).net).isEqualTo(BigInteger.valueOf(12_037));
        assertThat(paid.get(0).feeRecipient).isEqualToIgnoringCase(feeRecipient);
        assertThat(paid.get(0).fee).isEqualTo(BigInteger.valueOf(308));
        assertThat(SplitVaultFactory.getVaultCreatedEvents(receipt)).hasSize(1);
        // The Paid event has FeeSplitter's signature, so one verifier reads both contracts' payments.
        assertThat(receipt.getLogs().stream().map(l -> l.getTopics().get(0)))
                .contains(org.web3j.abi.EventEncoder.encode(dev.tollgate.contracts.generated.FeeSplitter.PAID_EVENT));
        // The relayer's gas for the first settle into a fresh vault, deployment included.
        assertThat(receipt.getGasUsed()).isLessThan(BigInteger.valueOf(300_000));

        Tuple3<String, String, BigInteger> terms = SplitVault.load(vault, chain.web3j, chain.manager(relayer), chain.gas)
                .terms().send();
        assertThat(terms.component1()).isEqualToIgnoringCase(payee);
        assertThat(terms.component2()).isEqualToIgnoringCase(feeRecipient);
        assertThat(terms.component3()).isEqualTo(BPS);
    }

    @Test
    void anAuthorisationForOneVaultCannotSettleIntoAnother() throws Exception {
        Credentials payer = payerWithUsdc(BigInteger.valueOf(1_000_000));
        Credentials relayer = chain.newFundedAccount();
        String payee = newAddress();
        String feeRecipient = newAddress();
        String vault = factoryAs(relayer).vaultOf(payee, feeRecipient, BPS).send();
        Authorisation auth = authorise(payer, vault, BigInteger.valueOf(100_000));

        // Another payee, another fee rate: another vault, so the token refuses the signature.
        for (String call : List.of(
                factoryAs(relayer).settle(newAddress(), feeRecipient, BPS, jobRef(), usdc, payer.getAddress(),
                        auth.value, BigInteger.ZERO, auth.validBefore, auth.nonce, auth.signature).encodeFunctionCall(),
                factoryAs(relayer).settle(payee, feeRecipient, BigInteger.ZERO, jobRef(), usdc, payer.getAddress(),
                        auth.value, BigInteger.ZERO, auth.validBefore, auth.nonce, auth.signature).encodeFunctionCall())) {
            assertThat(chain.revertData(relayer.getAddress(), factory, call, BigInteger.ZERO))
                    .startsWith(selector("InvalidSigner(address,address)"));
        }
        assertThat(factoryAs(relayer).vaultOf(payee, feeRecipient, BigInteger.ZERO).send()).isNotEqualToIgnoringCase(vault);
        assertThat(factoryAs(relayer).vaultOf(payee, newAddress(), BPS).send()).isNotEqualToIgnoringCase(vault);
    }

    @Test
    void onlyTheFactorySplitsPartOfAVaultAndASweepSplitsTheWholeBalanceWithTheFeeFloored() throws Exception {
        Credentials payer = payerWithUsdc(BigInteger.valueOf(1_000_000));
        Credentials stranger = chain.newFundedAccount();
        String payee = newAddress();
        String feeRecipient = newAddress();
        String vault = factoryAs(stranger).vaultOf(payee, feeRecipient, BPS).send();
        // Two plain transfers of 39 units: split one by one, each fee would round to 0; swept together it is 1.
        usdcAs(payer).transfer(vault, BigInteger.valueOf(39)).send();
        usdcAs(payer).transfer(vault, BigInteger.valueOf(39)).send();
        factoryAs(stranger).deployVault(payee, feeRecipient, BPS).send();

        String release = SplitVault.load(vault, chain.web3j, chain.manager(stranger), chain.gas)
                .release(usdc, BigInteger.valueOf(39)).encodeFunctionCall();
        assertThat(chain.revertData(stranger.getAddress(), vault, release, BigInteger.ZERO))
                .startsWith(selector("OnlyFactory(address)"));

        factoryAs(stranger).sweep(payee, feeRecipient, BPS, usdc).send();
        assertThat(usdcAs(stranger).balanceOf(payee).send()).isEqualTo(BigInteger.valueOf(77));
        assertThat(usdcAs(stranger).balanceOf(feeRecipient).send()).isEqualTo(BigInteger.ONE);
        assertThat(usdcAs(stranger).balanceOf(vault).send()).isZero();
        assertThat(chain.revertData(stranger.getAddress(), factory,
                factoryAs(stranger).sweep(payee, feeRecipient, BPS, usdc).encodeFunctionCall(), BigInteger.ZERO))
                .startsWith(selector("NothingToSweep()"));
    }

    @Test
    void invalidTermsShortSignaturesAndTheBareImplementationRevert() throws Exception {
        Credentials relayer = chain.newFundedAccount();
        SplitVaultFactory f = factoryAs(relayer);
        assertThat(chain.revertData(relayer.getAddress(), factory,
                f.deployVault(ZERO_ADDRESS, newAddress(), BPS).encodeFunctionCall(), BigInteger.ZERO))
                .startsWith(selector("InvalidTerms()"));
        assertThat(chain.revertData(relayer.getAddress(), factory,
                f.deployVault(newAddress(), newAddress(), BigInteger.valueOf(10_001)).encodeFunctionCall(), BigInteger.ZERO))
                .startsWith(selector("InvalidTerms()"));
        assertThat(chain.revertData(relayer.getAddress(), factory, f.settle(newAddress(), newAddress(), BPS, jobRef(), usdc,
                relayer.getAddress(), BigInteger.ONE, BigInteger.ZERO, BigInteger.valueOf(Long.MAX_VALUE), new byte[32],
                new byte[64]).encodeFunctionCall(), BigInteger.ZERO)).startsWith(selector("InvalidSignature()"));

        String implementation = f.vaultImplementation().send();
        String terms = SplitVault.load(implementation, chain.web3j, chain.manager(relayer), chain.gas).terms().encodeFunctionCall();
        assertThat(chain.revertData(relayer.getAddress(), implementation, terms, BigInteger.ZERO))
                .startsWith(selector("NotAClone()"));
    }

    // ---- helpers ----

    private record Authorisation(BigInteger value, BigInteger validBefore, byte[] nonce, byte[] signature) {
    }

    /** What a stock x402 client signs: TransferWithAuthorization to {@code to}, validAfter 0, a random nonce. */
    private static Authorisation authorise(Credentials payer, String to, BigInteger value) {
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        BigInteger validBefore = BigInteger.valueOf(chain.anvil.latestTimestamp() + 120);
        Sign.SignatureData sig = Eip712.signTransfer(Eip712.domainSeparator("USD Coin", "2", TestChain.CHAIN_ID, usdc),
                payer, to, value, BigInteger.ZERO, validBefore, nonce);
        byte[] signature = new byte[65];
        System.arraycopy(sig.getR(), 0, signature, 0, 32);
        System.arraycopy(sig.getS(), 0, signature, 32, 32);
        signature[64] = sig.getV()[0];
        return new Authorisation(value, validBefore, nonce, signature);
    }

    private static Credentials payerWithUsdc(BigInteger units) throws Exception {
        Credentials payer = chain.newFundedAccount();
        usdcAs(chain.deployer).mint(payer.getAddress(), units).send();
        return payer;
    }

    private static SplitVaultFactory factoryAs(Credentials who) {
        return SplitVaultFactory.load(factory, chain.web3j, chain.manager(who), chain.gas);
    }

    private static TestUSDC usdcAs(Credentials who) {
        return TestUSDC.load(usdc, chain.web3j, chain.manager(who), chain.gas);
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
