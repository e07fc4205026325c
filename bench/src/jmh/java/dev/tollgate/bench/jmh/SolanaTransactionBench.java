package dev.tollgate.bench.jmh;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.ClientPaymentRefusedException;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.solana.SolanaBenchAccess;
import dev.tollgate.chain.solana.SolanaClientTransactions;
import dev.tollgate.chain.solana.tx.MalformedTransactionException;
import dev.tollgate.chain.solana.tx.SolanaMessageCompiler;
import dev.tollgate.chain.solana.tx.SolanaTransaction;
import dev.tollgate.chain.solana.tx.SolanaTransactionDecoder;
import dev.tollgate.chain.solana.tx.SolanaTransactionEncoder;
import java.math.BigInteger;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.core.TransactionInstruction;
import org.p2p.solanaj.utils.Base58;
import org.p2p.solanaj.utils.TweetNaclFast;

/**
 * Building and checking one SOL job payment (net to the payee, fee to the fee recipient, memo {@code ATP:<job>}):
 * the rail's instructions compiled into a message and encoded (no signature), the payer's client-side signing
 * (compile + Ed25519), and on the gateway's side the decode of the signed wire transaction alone and with the
 * rail's client-payment inspection (account checks, amounts, memo, Ed25519 verification).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class SolanaTransactionBench {
    private static final NetworkId NETWORK = NetworkId.of("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1");

    private PayerSecret payer;
    private PublicKey payerKey;
    private PaymentIntent intent;
    private List<TransactionInstruction> instructions;
    private byte[] blockhash;
    private String blockhashBase58;
    private byte[] signedWire;
    private byte[] message;
    private byte[] signature;
    private byte[] publicKey;
    private java.security.PublicKey jdkPublicKey;

    @Setup
    public void setUp() throws Exception {
        TweetNaclFast.Signature.KeyPair pair = TweetNaclFast.Signature.keyPair_fromSeed(seed(1));
        payer = new PayerSecret(pair.getSecretKey());
        payerKey = new PublicKey(pair.getPublicKey());
        String payee = Base58.encode(TweetNaclFast.Signature.keyPair_fromSeed(seed(2)).getPublicKey());
        String feeRecipient = Base58.encode(TweetNaclFast.Signature.keyPair_fromSeed(seed(3)).getPublicKey());
        intent = new PaymentIntent("0b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8", NETWORK, ChainAsset.nativeCoin("SOL", 9),
                payerKey.toBase58(), payee, feeRecipient, BigInteger.valueOf(8_352_000), BigInteger.valueOf(439_578),
                PaymentIntent.atpMemo("0b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8"));
        instructions = SolanaBenchAccess.paymentInstructions(intent, payerKey);
        blockhash = seed(4);
        blockhashBase58 = Base58.encode(blockhash);
        signedWire = SolanaClientTransactions.sign(intent, payer, blockhashBase58, SolanaClientTransactions.Options.SELF_PAID);
        if (SolanaBenchAccess.inspect(intent, SolanaTransactionDecoder.decode(signedWire)).signum() <= 0) {
            throw new IllegalStateException("the signed payment does not pass inspection");
        }
        SolanaTransaction decoded = SolanaTransactionDecoder.decode(signedWire);
        message = decoded.message();
        signature = decoded.signatures().get(0);
        publicKey = decoded.accountKeys().get(0);
        jdkPublicKey = jdkEd25519Key(publicKey);
        if (!ed25519VerifyTweetNacl() || !ed25519VerifyJdk()) {
            throw new IllegalStateException("the payer's signature does not verify");
        }
    }

    /** A raw 32-byte Ed25519 public key (little-endian y, x's parity in the top bit) as a JDK key. */
    private static java.security.PublicKey jdkEd25519Key(byte[] raw) throws java.security.GeneralSecurityException {
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = raw[31 - i];
        }
        boolean xOdd = (bigEndian[0] & 0x80) != 0;
        bigEndian[0] &= 0x7f;
        java.security.spec.EdECPublicKeySpec spec = new java.security.spec.EdECPublicKeySpec(
                java.security.spec.NamedParameterSpec.ED25519,
                new java.security.spec.EdECPoint(xOdd, new BigInteger(1, bigEndian)));
        return java.security.KeyFactory.getInstance("Ed25519").generatePublic(spec);
    }

    @TearDown
    public void tearDown() {
        payer.close();
    }

    private static byte[] seed(int n) {
        byte[] s = new byte[32];
        java.util.Arrays.fill(s, (byte) n);
        return s;
    }

    /** The rail's instructions compiled to a legacy message and encoded with empty signature slots. */
    @Benchmark
    public byte[] compileAndEncode() {
        SolanaTransaction unsigned = SolanaMessageCompiler.compile(payerKey, instructions, blockhash, -1);
        return SolanaTransactionEncoder.transaction(unsigned.signatures(), unsigned.message());
    }

    /** The payer's side: instructions, compile, Ed25519 signature, wire bytes. */
    @Benchmark
    public byte[] buildAndSign() {
        return SolanaClientTransactions.sign(intent, payer, blockhashBase58, SolanaClientTransactions.Options.SELF_PAID);
    }

    /** The gateway's size-checked decode of the signed wire transaction. */
    @Benchmark
    public SolanaTransaction decode() throws MalformedTransactionException {
        return SolanaTransactionDecoder.decode(signedWire);
    }

    /** The Ed25519 check the inspector makes, as it makes it (Solanaj's pure-Java TweetNaclFast). */
    @Benchmark
    public boolean ed25519VerifyTweetNacl() {
        return new TweetNaclFast.Signature(publicKey, new byte[0]).detached_verify(message, signature);
    }

    /** The same check with the JDK's own Ed25519 (SunEC), for comparison. */
    @Benchmark
    public boolean ed25519VerifyJdk() throws java.security.GeneralSecurityException {
        java.security.Signature verifier = java.security.Signature.getInstance("Ed25519");
        verifier.initVerify(jdkPublicKey);
        verifier.update(message);
        return verifier.verify(signature);
    }

    /** Decode plus the rail's full offline check of a client-signed payment (Ed25519 verification included). */
    @Benchmark
    public BigInteger decodeAndInspect() throws MalformedTransactionException, ClientPaymentRefusedException {
        return SolanaBenchAccess.inspect(intent, SolanaTransactionDecoder.decode(signedWire));
    }
}
