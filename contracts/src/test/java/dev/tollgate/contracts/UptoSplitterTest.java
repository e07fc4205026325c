package dev.tollgate.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.contracts.generated.LocalPermit2;
import dev.tollgate.contracts.generated.LocalUptoPermit2Proxy;
import dev.tollgate.contracts.generated.TestUSDC;
import dev.tollgate.contracts.generated.UptoSplitter;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * x402 {@code upto} on anvil with our own LocalPermit2 and LocalUptoPermit2Proxy placed by {@code anvil_setCode} at
 * the canonical addresses (no constructor ran): Permit2's domain is computed for its address, a payer's witness permit
 * for a ceiling settles a smaller actual amount through UptoSplitter with the fee split in the same transaction, each
 * nonce pays once, only the relayer settles, only the witness's facilitator may call the proxy, never above the
 * ceiling, and expired, forged or cancelled permits move nothing. Permits are signed here from the EIP-712 types,
 * independently of the contracts.
 */
class UptoSplitterTest {
    static final String PERMIT2 = "0x000000000022D473030F116dDEE9F6B43aC78BA3";
    static final String PROXY = "0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002";
    private static final BigInteger BPS = BigInteger.valueOf(250);
    private static final BigInteger CEILING = BigInteger.valueOf(1_000_000);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] TOKEN_PERMISSIONS_TYPEHASH =
            Hash.sha3("TokenPermissions(address token,uint256 amount)".getBytes(StandardCharsets.UTF_8));
    private static final byte[] WITNESS_TYPEHASH =
            Hash.sha3("Witness(address to,address facilitator,uint256 validAfter)".getBytes(StandardCharsets.UTF_8));
    private static final byte[] PERMIT_TYPEHASH = Hash.sha3(("PermitWitnessTransferFrom(TokenPermissions permitted,"
            + "address spender,uint256 nonce,uint256 deadline,Witness witness)TokenPermissions(address token,uint256 amount)"
            + "Witness(address to,address facilitator,uint256 validAfter)").getBytes(StandardCharsets.UTF_8));

    private static TestChain chain;
    private static Credentials relayer;
    private static String splitter;
    private static String usdc;

    @BeforeAll
    static void deploy() throws Exception {
        chain = new TestChain();
        chain.anvil.rpc().call("anvil_setCode", PERMIT2, runtimeCode("LocalPermit2"));
        chain.anvil.rpc().call("anvil_setCode", PROXY, runtimeCode("LocalUptoPermit2Proxy"));
        relayer = chain.newFundedAccount();
        splitter = UptoSplitter.deploy(chain.web3j, chain.manager(chain.deployer), chain.gas, relayer.getAddress()).send()
                .getContractAddress();
        usdc = TestUSDC.deploy(chain.web3j, chain.manager(chain.deployer), chain.gas, chain.deployer.getAddress())
                .send().getContractAddress();
    }

    @AfterAll
    static void stop() {
        chain.close();
    }

    @Test
    void permit2DomainAndProxyConstantsAreComputedForTheCanonicalAddresses() throws Exception {
        LocalPermit2 permit2 = LocalPermit2.load(PERMIT2, chain.web3j, chain.manager(relayer), chain.gas);
        assertThat(permit2.DOMAIN_SEPARATOR().send()).isEqualTo(domainSeparator());
        LocalUptoPermit2Proxy proxy = LocalUptoPermit2Proxy.load(PROXY, chain.web3j, chain.manager(relayer), chain.gas);
        assertThat(proxy.PERMIT2().send()).isEqualToIgnoringCase(PERMIT2);
        assertThat(proxy.WITNESS_TYPEHASH().send()).isEqualTo(WITNESS_TYPEHASH);
        assertThat(UptoSplitter.load(splitter, chain.web3j, chain.manager(relayer), chain.gas).relayer().send())
                .isEqualToIgnoringCase(relayer.getAddress());
    }

    @Test
    void relayerSettlesTheActualAmountUnderTheCeilingAndSplitsItOnce() throws Exception {
        Credentials payer = payerApprovingPermit2(BigInteger.valueOf(5_000_000));
        String payee = newAddress();
        String feeRecipient = newAddress();
        Permit permit = sign(payer, CEILING, splitter, splitter, deadlineIn(120));
        BigInteger actual = BigInteger.valueOf(123_457); // fee floor(3086.425) = 3086
        byte[] jobRef = jobRef();

        TransactionReceipt receipt = splitterAs(relayer).settle(split(jobRef, payee, feeRecipient), permit.struct(),
                actual, payer.getAddress(), permit.witness(), permit.signature()).send();

        assertThat(usdcAs(relayer).balanceOf(payer.getAddress()).send()).isEqualTo(BigInteger.valueOf(5_000_000 - 123_457));
        assertThat(usdcAs(relayer).balanceOf(payee).send()).isEqualTo(BigInteger.valueOf(120_371));
        assertThat(usdcAs(relayer).balanceOf(feeRecipient).send()).isEqualTo(BigInteger.valueOf(3_086));
        assertThat(usdcAs(relayer).balanceOf(splitter).send()).isZero();
        List<UptoSplitter.PaidEventResponse> paid = UptoSplitter.getPaidEvents(receipt);
        assertThat(paid).hasSize(1);
        assertThat(paid.get(0).log.getAddress()).isEqualToIgnoringCase(splitter);
        assertThat(paid.get(0).jobRef).isEqualTo(jobRef);
        assertThat(paid.get(0).payer).isEqualToIgnoringCase(payer.getAddress());
        assertThat(paid.get(0).token).isEqualToIgnoringCase(usdc);
        assertThat(paid.get(0).net).isEqualTo(BigInteger.valueOf(120_371));
        assertThat(paid.get(0).fee).isEqualTo(BigInteger.valueOf(3_086));
        assertThat(LocalUptoPermit2Proxy.getSettledEvents(receipt)).hasSize(1);
        // to fresh recipients, first use of the payer's nonce word included
        assertThat(receipt.getGasUsed()).as("gas").isLessThan(BigInteger.valueOf(200_000)); // 168k as tested
        BigInteger word = LocalPermit2.load(PERMIT2, chain.web3j, chain.manager(relayer), chain.gas)
                .nonceBitmap(payer.getAddress(), permit.nonce().shiftRight(8)).send();
        assertThat(word.testBit(permit.nonce().intValue() & 0xff)).isTrue();

        // the same permit again, even for one unit: the nonce is spent
        String again = splitterAs(relayer).settle(split(jobRef(), payee, feeRecipient), permit.struct(), BigInteger.ONE,
                payer.getAddress(), permit.witness(), permit.signature()).encodeFunctionCall();
        assertThat(chain.revertData(relayer.getAddress(), splitter, again, BigInteger.ZERO))
                .startsWith(selector("InvalidNonce()"));
    }

    @Test
    void onlyTheRelayerSettlesAndNeverAboveTheCeiling() throws Exception {
        Credentials payer = payerApprovingPermit2(BigInteger.valueOf(5_000_000));
        Permit permit = sign(payer, CEILING, splitter, splitter, deadlineIn(120));
        UptoSplitter.Split split = split(jobRef(), newAddress(), newAddress());
        Credentials stranger = chain.newFundedAccount();

        String byStranger = splitterAs(stranger).settle(split, permit.struct(), BigInteger.ONE, payer.getAddress(),
                permit.witness(), permit.signature()).encodeFunctionCall();
        assertThat(chain.revertData(stranger.getAddress(), splitter, byStranger, BigInteger.ZERO))
                .startsWith(selector("OnlyRelayer(address)"));
        String above = splitterAs(relayer).settle(split, permit.struct(), CEILING.add(BigInteger.ONE), payer.getAddress(),
                permit.witness(), permit.signature()).encodeFunctionCall();
        assertThat(chain.revertData(relayer.getAddress(), splitter, above, BigInteger.ZERO))
                .startsWith(selector("AmountExceedsPermitted()"));
        // straight to the proxy: only the witness's facilitator (the splitter) may settle
        String direct = proxyAs(stranger).settle(proxyPermit(permit), BigInteger.ONE, payer.getAddress(),
                proxyWitness(permit), permit.signature()).encodeFunctionCall();
        assertThat(chain.revertData(stranger.getAddress(), PROXY, direct, BigInteger.ZERO))
                .startsWith(selector("UnauthorizedFacilitator()"));
        // the full ceiling is still there to settle
        splitterAs(relayer).settle(split, permit.struct(), CEILING, payer.getAddress(), permit.witness(),
                permit.signature()).send();
        assertThat(usdcAs(relayer).balanceOf(payer.getAddress()).send()).isEqualTo(BigInteger.valueOf(4_000_000));
    }

    @Test
    void expiredForgedOrMisdirectedPermitsMoveNothing() throws Exception {
        Credentials payer = payerApprovingPermit2(BigInteger.valueOf(5_000_000));
        UptoSplitter.Split split = split(jobRef(), newAddress(), newAddress());

        Permit expired = sign(payer, CEILING, splitter, splitter, deadlineIn(-1));
        assertThat(revertOfSettle(expired, payer.getAddress(), split)).startsWith(selector("SignatureExpired(uint256)"));

        Permit good = sign(payer, CEILING, splitter, splitter, deadlineIn(120));
        byte[] tampered = good.signature().clone();
        tampered[10] ^= 1;
        Permit forged = new Permit(good.nonce(), good.deadline(), good.to(), good.facilitator(), good.ceiling(), tampered);
        assertThat(revertOfSettle(forged, payer.getAddress(), split)).startsWith(selector("InvalidSigner()"));
        // a ceiling other than the one signed: the signature no longer matches
        Permit otherWitness = new Permit(good.nonce(), good.deadline(), good.to(), good.facilitator(),
                good.ceiling().subtract(BigInteger.ONE), good.signature());
        assertThat(revertOfSettle(otherWitness, payer.getAddress(), split)).startsWith(selector("InvalidSigner()"));

        Permit toElsewhere = sign(payer, CEILING, newAddress(), splitter, deadlineIn(120));
        assertThat(revertOfSettle(toElsewhere, payer.getAddress(), split)).startsWith(selector("InvalidTerms()"));

        // the payer cancels a nonce it signed: that permit can no longer be settled
        Permit cancelled = sign(payer, CEILING, splitter, splitter, deadlineIn(120));
        LocalPermit2.load(PERMIT2, chain.web3j, chain.manager(payer), chain.gas).invalidateUnorderedNonces(
                cancelled.nonce().shiftRight(8), BigInteger.ONE.shiftLeft(cancelled.nonce().intValue() & 0xff)).send();
        assertThat(revertOfSettle(cancelled, payer.getAddress(), split)).startsWith(selector("InvalidNonce()"));
        assertThat(revertOfSettle(good, payer.getAddress(), split)).as("other nonces are untouched").isNull();

        Credentials unapproved = chain.newFundedAccount();
        usdcAs(chain.deployer).mint(unapproved.getAddress(), CEILING).send();
        Permit noAllowance = sign(unapproved, CEILING, splitter, splitter, deadlineIn(120));
        assertThat(revertOfSettle(noAllowance, unapproved.getAddress(), split))
                .startsWith(selector("ERC20InsufficientAllowance(address,uint256,uint256)"));
        assertThat(usdcAs(relayer).balanceOf(payer.getAddress()).send()).isEqualTo(BigInteger.valueOf(5_000_000));
    }

    // ---- helpers ----

    private record Permit(BigInteger nonce, BigInteger deadline, String to, String facilitator, BigInteger ceiling,
                          byte[] signature) {
        UptoSplitter.PermitTransferFrom struct() {
            return new UptoSplitter.PermitTransferFrom(new UptoSplitter.TokenPermissions(usdc, ceiling), nonce, deadline);
        }

        UptoSplitter.Witness witness() {
            return new UptoSplitter.Witness(to, facilitator, BigInteger.ZERO);
        }
    }

    private static String revertOfSettle(Permit permit, String owner, UptoSplitter.Split split) throws Exception {
        String call = splitterAs(relayer).settle(split, permit.struct(), BigInteger.valueOf(1_000), owner,
                permit.witness(), permit.signature()).encodeFunctionCall();
        return chain.revertData(relayer.getAddress(), splitter, call, BigInteger.ZERO);
    }

    /** What the stock upto client signs: PermitWitnessTransferFrom, spender the proxy, validAfter 0, a random nonce. */
    private static Permit sign(Credentials payer, BigInteger ceiling, String to, String facilitator, BigInteger deadline) {
        BigInteger nonce = new BigInteger(256, RANDOM);
        byte[] permitted = hash(new Bytes32(TOKEN_PERMISSIONS_TYPEHASH), new Address(usdc), new Uint256(ceiling));
        byte[] witness = hash(new Bytes32(WITNESS_TYPEHASH), new Address(to), new Address(facilitator),
                new Uint256(BigInteger.ZERO));
        byte[] struct = hash(new Bytes32(PERMIT_TYPEHASH), new Bytes32(permitted), new Address(PROXY),
                new Uint256(nonce), new Uint256(deadline), new Bytes32(witness));
        byte[] digest = Hash.sha3(Numeric.hexStringToByteArray("1901" + Numeric.toHexStringNoPrefix(domainSeparator())
                + Numeric.toHexStringNoPrefix(struct)));
        Sign.SignatureData sig = Sign.signMessage(digest, payer.getEcKeyPair(), false);
        byte[] signature = new byte[65];
        System.arraycopy(sig.getR(), 0, signature, 0, 32);
        System.arraycopy(sig.getS(), 0, signature, 32, 32);
        signature[64] = sig.getV()[0];
        return new Permit(nonce, deadline, to, facilitator, ceiling, signature);
    }

    private static byte[] domainSeparator() {
        return hash(new Bytes32(Hash.sha3("EIP712Domain(string name,uint256 chainId,address verifyingContract)"
                .getBytes(StandardCharsets.UTF_8))), new Bytes32(Hash.sha3("Permit2".getBytes(StandardCharsets.UTF_8))),
                new Uint256(TestChain.CHAIN_ID), new Address(PERMIT2));
    }

    @SuppressWarnings("rawtypes")
    private static byte[] hash(Type... fields) {
        return Hash.sha3(Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(List.of(fields))));
    }

    private static LocalUptoPermit2Proxy.PermitTransferFrom proxyPermit(Permit p) {
        return new LocalUptoPermit2Proxy.PermitTransferFrom(new LocalUptoPermit2Proxy.TokenPermissions(usdc, p.ceiling()),
                p.nonce(), p.deadline());
    }

    private static LocalUptoPermit2Proxy.Witness proxyWitness(Permit p) {
        return new LocalUptoPermit2Proxy.Witness(p.to(), p.facilitator(), BigInteger.ZERO);
    }

    private static BigInteger deadlineIn(long seconds) {
        return BigInteger.valueOf(chain.anvil.latestTimestamp() + seconds);
    }

    private static Credentials payerApprovingPermit2(BigInteger units) throws Exception {
        Credentials payer = chain.newFundedAccount();
        usdcAs(chain.deployer).mint(payer.getAddress(), units).send();
        usdcAs(payer).approve(PERMIT2, BigInteger.TWO.pow(256).subtract(BigInteger.ONE)).send();
        return payer;
    }

    private static UptoSplitter.Split split(byte[] jobRef, String payee, String feeRecipient) {
        return new UptoSplitter.Split(jobRef, payee, feeRecipient, BPS);
    }

    private static UptoSplitter splitterAs(Credentials who) {
        return UptoSplitter.load(splitter, chain.web3j, chain.manager(who), chain.gas);
    }

    private static LocalUptoPermit2Proxy proxyAs(Credentials who) {
        return LocalUptoPermit2Proxy.load(PROXY, chain.web3j, chain.manager(who), chain.gas);
    }

    private static TestUSDC usdcAs(Credentials who) {
        return TestUSDC.load(usdc, chain.web3j, chain.manager(who), chain.gas);
    }

    private static String runtimeCode(String contract) throws Exception {
        try (InputStream in = UptoSplitterTest.class.getResourceAsStream("/dev/tollgate/contracts/" + contract + ".json")) {
            return new ObjectMapper().readTree(in).get("deployedBytecode").asText();
        }
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
