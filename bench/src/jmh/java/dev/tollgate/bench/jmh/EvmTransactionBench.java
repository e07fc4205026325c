package dev.tollgate.bench.jmh;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.ClientPaymentRefusedException;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.evm.Eip3009;
import dev.tollgate.chain.evm.EvmBenchAccess;
import dev.tollgate.chain.evm.EvmNetworkConfig;
import java.math.BigInteger;
import java.net.URI;
import java.security.SignatureException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * The EVM rail's offline cryptography per payment: signing the EIP-1559 FeeSplitter transaction of a key-mode
 * settle ({@code payNative}; {@code payTokenWithPermit} adds an EIP-2612 permit signature), checking a payer-signed
 * one (decode, secp256k1 recovery of the sender, call data), and an x402 EIP-3009 authorisation's EIP-712 digest and
 * signer recovery. RPC round trips (gas estimate, nonce, balance) are not included: they are the chain's time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class EvmTransactionBench {
    private static final long CHAIN_ID = 31337;
    private static final String SPLITTER = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private static final String USDC = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
    private static final String PAYEE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private static final String FEE_RECIPIENT = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    private static final String JOB = "0b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8";

    private Credentials payer;
    private EvmNetworkConfig config;
    private PaymentIntent intent;
    private byte[] jobRef;
    private final BigInteger net = new BigInteger("8352000000000000");
    private final BigInteger fee = new BigInteger("439578000000000");
    private final long deadline = 1_800_000_120L;
    private final BigInteger tip = BigInteger.valueOf(1_000_000_000L);
    private final BigInteger maxFee = BigInteger.valueOf(3_000_000_000L);
    private byte[] usdcDomain;
    private byte[] signedPayNative;
    private Eip3009.Authorization authorization;
    private byte[] authorizationSignature;

    @Setup
    public void setUp() throws Exception {
        // anvil's first dev account: a public test key
        payer = Credentials.create(ECKeyPair.create(Numeric.hexStringToByteArray(
                "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")));
        NetworkId network = NetworkId.of("eip155:" + CHAIN_ID);
        config = new EvmNetworkConfig(network, CHAIN_ID, URI.create("http://127.0.0.1:8545"), SPLITTER,
                EvmNetworkConfig.POL, Map.of(), 1, false, Duration.ofSeconds(5), Duration.ofSeconds(120));
        intent = new PaymentIntent(JOB, network, EvmNetworkConfig.POL, payer.getAddress(), PAYEE, FEE_RECIPIENT, net, fee,
                PaymentIntent.atpMemo(JOB));
        jobRef = EvmBenchAccess.jobRef(intent.memo());
        usdcDomain = Eip3009.domainSeparator("USD Coin", "2", CHAIN_ID, USDC);
        signedPayNative = signPayNative();
        SignedPayment checked = checkClientTransaction();
        if (!checked.payer().equalsIgnoreCase(payer.getAddress())) {
            throw new IllegalStateException("the signed transaction does not recover to its payer");
        }
        byte[] nonce = Hash.sha3(new byte[] {42});
        authorization = new Eip3009.Authorization(payer.getAddress(), PAYEE, BigInteger.valueOf(10_000),
                BigInteger.ZERO, BigInteger.valueOf(deadline), nonce);
        Sign.SignatureData sig = Sign.signMessage(Eip3009.digest(usdcDomain, Eip3009.TRANSFER, authorization),
                payer.getEcKeyPair(), false);
        authorizationSignature = new byte[65];
        System.arraycopy(sig.getR(), 0, authorizationSignature, 0, 32);
        System.arraycopy(sig.getS(), 0, authorizationSignature, 32, 32);
        authorizationSignature[64] = sig.getV()[0];
        if (!eip3009DigestAndRecover().equalsIgnoreCase(payer.getAddress())) {
            throw new IllegalStateException("the authorisation does not recover to its signer");
        }
    }

    /** Key mode, POL: call data, EIP-1559 transaction, secp256k1 signature, tx hash. */
    @Benchmark
    public byte[] signPayNative() {
        String data = EvmBenchAccess.payNative(jobRef, PAYEE, net, FEE_RECIPIENT, fee, deadline);
        RawTransaction tx = RawTransaction.createTransaction(CHAIN_ID, BigInteger.valueOf(7), BigInteger.valueOf(120_000),
                SPLITTER, net.add(fee), data, tip, maxFee);
        byte[] signed = TransactionEncoder.signMessage(tx, payer);
        Hash.sha3(signed);
        return signed;
    }

    /** Key mode, USDC: an EIP-2612 permit signature, then the payTokenWithPermit transaction and its signature. */
    @Benchmark
    public byte[] signPayTokenWithPermit() {
        BigInteger total = BigInteger.valueOf(8_791_578);
        Sign.SignatureData permit = EvmBenchAccess.permit(usdcDomain, payer, SPLITTER, total, BigInteger.valueOf(3),
                deadline);
        String data = EvmBenchAccess.payTokenWithPermit(jobRef, USDC, PAYEE, BigInteger.valueOf(8_352_000),
                FEE_RECIPIENT, BigInteger.valueOf(439_578), deadline, permit);
        RawTransaction tx = RawTransaction.createTransaction(CHAIN_ID, BigInteger.valueOf(7), BigInteger.valueOf(180_000),
                SPLITTER, BigInteger.ZERO, data, tip, maxFee);
        byte[] signed = TransactionEncoder.signMessage(tx, payer);
        Hash.sha3(signed);
        return signed;
    }

    /** A payer-signed payNative checked as the rail does before broadcasting it. */
    @Benchmark
    public SignedPayment checkClientTransaction() throws ClientPaymentRefusedException {
        return EvmBenchAccess.checkClientTransaction(config, intent, EvmNetworkConfig.POL, signedPayNative,
                deadline - 60);
    }

    /** x402 exact: domain separator, TransferWithAuthorization digest, signer recovery (as the facilitator checks). */
    @Benchmark
    public String eip3009DigestAndRecover() throws SignatureException {
        byte[] digest = Eip3009.digest(Eip3009.domainSeparator("USD Coin", "2", CHAIN_ID, USDC), Eip3009.TRANSFER,
                authorization);
        byte[] sig = authorizationSignature;
        byte v = sig[64];
        return "0x" + Keys.getAddress(Sign.signedMessageHashToKey(digest,
                new Sign.SignatureData(v < 27 ? (byte) (v + 27) : v, Arrays.copyOfRange(sig, 0, 32),
                        Arrays.copyOfRange(sig, 32, 64))));
    }

    /** The EIP-712 digest alone (no elliptic-curve work): what hashing costs next to recovery. */
    @Benchmark
    public byte[] eip3009Digest() {
        return Eip3009.digest(usdcDomain, Eip3009.TRANSFER, authorization);
    }
}
