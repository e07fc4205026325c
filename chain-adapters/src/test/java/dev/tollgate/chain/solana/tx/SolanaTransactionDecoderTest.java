package dev.tollgate.chain.solana.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.core.Transaction;
import org.p2p.solanaj.programs.MemoProgram;
import org.p2p.solanaj.programs.SystemProgram;
import org.p2p.solanaj.utils.Base58;
import org.p2p.solanaj.utils.TweetNaclFast;

/** The wire decoder on transactions built by Solanaj, by hand (v0 with lookups), and on every kind of broken input. */
class SolanaTransactionDecoderTest {
    private static final byte[] BLOCKHASH = filled(32, 7);
    private static final Account PAYER = new Account();
    private static final PublicKey PAYEE = new Account().getPublicKey();

    /** A legacy transfer + memo, built and signed by Solanaj. */
    private static byte[] solanajLegacy() {
        Transaction tx = new Transaction();
        tx.addInstruction(SystemProgram.transfer(PAYER.getPublicKey(), PAYEE, 1_234_567));
        tx.addInstruction(MemoProgram.writeUtf8(PAYER.getPublicKey(), "ATP:job-1"));
        tx.setRecentBlockHash(Base58.encode(BLOCKHASH));
        tx.sign(PAYER);
        return tx.serialize();
    }

    @Test
    void decodesALegacyTransactionSolanajBuilt() throws Exception {
        byte[] wire = solanajLegacy();
        SolanaTransaction tx = SolanaTransactionDecoder.decode(wire);

        assertThat(tx.version()).isEqualTo(-1);
        assertThat(tx.header().requiredSignatures()).isEqualTo(1);
        assertThat(tx.signatures()).hasSize(1);
        assertThat(Base58.encode(tx.accountKeys().get(0))).isEqualTo(PAYER.getPublicKeyBase58());
        assertThat(tx.recentBlockhash()).isEqualTo(BLOCKHASH);
        assertThat(tx.lookups()).isEmpty();
        assertThat(tx.instructions()).hasSize(2);
        SolanaTransaction.Instruction transfer = tx.instructions().get(0);
        assertThat(Base58.encode(tx.accountKeys().get(transfer.programIndex()))).isEqualTo("11111111111111111111111111111111");
        assertThat(transfer.data()).hasSize(12);
        assertThat(Base58.encode(tx.accountKeys().get(transfer.accounts()[1]))).isEqualTo(PAYEE.toBase58());
        assertThat(new String(tx.instructions().get(1).data(), StandardCharsets.UTF_8)).isEqualTo("ATP:job-1");
        // the message is exactly what the payer signed
        assertThat(new TweetNaclFast.Signature(PAYER.getPublicKey().toByteArray(), new byte[0])
                .detached_verify(tx.message(), tx.signatures().get(0))).isTrue();
        assertThat(Base58.encode(SolanaTransactionDecoder.firstSignature(tx)))
                .isEqualTo(Base58.encode(Arrays.copyOfRange(wire, 1, 65)));
        // our encoder writes the same bytes back
        assertThat(SolanaTransactionEncoder.message(tx.version(), tx.header(), tx.accountKeys(), tx.recentBlockhash(),
                tx.instructions(), tx.lookups())).isEqualTo(tx.message());
        assertThat(SolanaTransactionEncoder.transaction(tx.signatures(), tx.message())).isEqualTo(wire);
    }

    /** A v0 message written byte by byte: 2 static keys, one lookup table loading 1 writable and 2 read-only accounts. */
    private static byte[] handBuiltV0(int lastAccountIndex) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.writeBytes(filled(64, 9));
        out.write(0x80); // v0
        out.writeBytes(new byte[] {1, 0, 1}); // 1 signer, 0 read-only signed, 1 read-only unsigned
        out.write(2);
        out.writeBytes(PAYER.getPublicKey().toByteArray());
        out.writeBytes(filled(32, 3)); // the program
        out.writeBytes(BLOCKHASH);
        out.write(1); // one instruction
        out.write(1); // program index
        out.write(3);
        out.writeBytes(new byte[] {0, 2, (byte) lastAccountIndex}); // payer, first loaded, last loaded
        out.write(2);
        out.writeBytes(new byte[] {42, 43});
        out.write(1); // one lookup
        out.writeBytes(filled(32, 5));
        out.write(1);
        out.write(7); // writable: table entry 7
        out.write(2);
        out.writeBytes(new byte[] {0, 1}); // read-only: entries 0 and 1
        return out.toByteArray();
    }

    @Test
    void decodesAHandBuiltV0TransactionWithALookupTable() throws Exception {
        byte[] wire = handBuiltV0(4);
        SolanaTransaction tx = SolanaTransactionDecoder.decode(wire);

        assertThat(tx.version()).isZero();
        assertThat(tx.accountKeys()).hasSize(2);
        assertThat(tx.lookups()).hasSize(1);
        assertThat(tx.lookups().get(0).table()).isEqualTo(filled(32, 5));
        assertThat(tx.lookups().get(0).writable()).containsExactly(7);
        assertThat(tx.lookups().get(0).readonly()).containsExactly(0, 1);
        assertThat(tx.accountCount()).isEqualTo(5);
        assertThat(tx.instructions().get(0).accounts()).containsExactly(0, 2, 4);
        assertThat(tx.instructions().get(0).data()).containsExactly(42, 43);
        assertThat(tx.isWritable(0)).isTrue();
        assertThat(tx.isWritable(1)).isFalse();
        assertThat(tx.message()).isEqualTo(Arrays.copyOfRange(wire, 65, wire.length));
        assertThat(SolanaTransactionEncoder.transaction(tx.signatures(), SolanaTransactionEncoder.message(0, tx.header(),
                tx.accountKeys(), tx.recentBlockhash(), tx.instructions(), tx.lookups()))).isEqualTo(wire);
    }

    @Test
    void anInstructionNamingAnAccountPastTheLookedUpOnesIsRefused() {
        assertThatThrownBy(() -> SolanaTransactionDecoder.decode(handBuiltV0(5)))
                .isInstanceOf(MalformedTransactionException.class).hasMessageContaining("does not exist");
    }

    @Test
    void decodesAV0MessageOurCompilerBuiltWithAnotherFeePayer() throws Exception {
        PublicKey sponsor = new Account().getPublicKey();
        SolanaTransaction compiled = SolanaMessageCompiler.compile(sponsor,
                List.of(SystemProgram.transfer(PAYER.getPublicKey(), PAYEE, 5)), BLOCKHASH, 0);
        byte[] wire = SolanaTransactionEncoder.transaction(compiled.signatures(), compiled.message());
        SolanaTransaction tx = SolanaTransactionDecoder.decode(wire);

        assertThat(tx.version()).isZero();
        assertThat(tx.header().requiredSignatures()).isEqualTo(2);
        assertThat(Base58.encode(tx.accountKeys().get(0))).isEqualTo(sponsor.toBase58());
        assertThat(Base58.encode(tx.accountKeys().get(1))).isEqualTo(PAYER.getPublicKeyBase58());
        assertThat(tx.isWritable(0)).isTrue();
        assertThat(tx.isWritable(1)).isTrue(); // the payer's lamports move
        assertThat(tx.isWritable(3)).isFalse(); // the System program, read-only unsigned, last
        assertThat(tx.signatures()).allSatisfy(s -> assertThat(s).isEqualTo(new byte[64]));
        assertThat(tx.message()).isEqualTo(compiled.message());
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] wire = solanajLegacy();
        for (int length = 0; length < wire.length; length++) {
            byte[] prefix = Arrays.copyOf(wire, length);
            assertThatThrownBy(() -> SolanaTransactionDecoder.decode(prefix))
                    .as("prefix of %d bytes", length).isInstanceOf(MalformedTransactionException.class);
        }
        byte[] v0 = handBuiltV0(4);
        for (int length = 0; length < v0.length; length++) {
            byte[] prefix = Arrays.copyOf(v0, length);
            assertThatThrownBy(() -> SolanaTransactionDecoder.decode(prefix))
                    .as("v0 prefix of %d bytes", length).isInstanceOf(MalformedTransactionException.class);
        }
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] wire = solanajLegacy();
        byte[] longer = Arrays.copyOf(wire, wire.length + 1);
        assertThatThrownBy(() -> SolanaTransactionDecoder.decode(longer))
                .isInstanceOf(MalformedTransactionException.class).hasMessageContaining("trailing");
    }

    @Test
    void anOversizeTransactionIsRefusedBeforeDecoding() {
        byte[] wire = solanajLegacy();
        byte[] oversize = Arrays.copyOf(wire, SolanaTransactionDecoder.MAX_TRANSACTION_BYTES + 1);
        assertThatThrownBy(() -> SolanaTransactionDecoder.decode(oversize))
                .isInstanceOf(MalformedTransactionException.class).hasMessageContaining("larger than 1232");
        assertThatThrownBy(() -> SolanaTransactionDecoder.decode(null)).isInstanceOf(MalformedTransactionException.class);
    }

    @Test
    void headersThatDoNotFitTheirAccountsAreRefused() {
        byte[] wire = solanajLegacy();
        int header = 1 + 64; // after one signature slot
        assertThat(wire[header]).isEqualTo((byte) 1);
        byte keys = wire[header + 3];
        for (byte[] bad : new byte[][] {{0, 0, 1}, {1, 1, 1}, {1, 0, keys}, {(byte) (keys + 1), 0, 0}}) {
            byte[] tampered = wire.clone();
            System.arraycopy(bad, 0, tampered, header, 3);
            assertThatThrownBy(() -> SolanaTransactionDecoder.decode(tampered))
                    .as("header %s", Arrays.toString(bad)).isInstanceOf(MalformedTransactionException.class);
        }
    }

    @Test
    void signatureSlotsMustMatchTheSigners() {
        byte[] wire = solanajLegacy();
        ByteArrayOutputStream twoSlots = new ByteArrayOutputStream();
        twoSlots.write(2);
        twoSlots.writeBytes(Arrays.copyOfRange(wire, 1, 65));
        twoSlots.writeBytes(new byte[64]);
        twoSlots.writeBytes(Arrays.copyOfRange(wire, 65, wire.length));
        assertThatThrownBy(() -> SolanaTransactionDecoder.decode(twoSlots.toByteArray()))
                .isInstanceOf(MalformedTransactionException.class).hasMessageContaining("signature slots");
    }

    @Test
    void nonMinimalAndOverlongLengthsAreRefused() {
        byte[] wire = solanajLegacy();
        ByteArrayOutputStream nonMinimal = new ByteArrayOutputStream();
        nonMinimal.writeBytes(new byte[] {(byte) 0x81, 0x00}); // 1, in two bytes
        nonMinimal.writeBytes(Arrays.copyOfRange(wire, 1, wire.length));
        assertThatThrownBy(() -> SolanaTransactionDecoder.decode(nonMinimal.toByteArray()))
                .isInstanceOf(MalformedTransactionException.class).hasMessageContaining("minimally");

        for (byte[] overlong : new byte[][] {{(byte) 0xff, (byte) 0xff, 0x7f}, {(byte) 0x80, (byte) 0x80, (byte) 0x80}}) {
            byte[] tampered = Arrays.copyOf(overlong, 1000);
            assertThatThrownBy(() -> SolanaTransactionDecoder.decode(tampered))
                    .isInstanceOf(MalformedTransactionException.class).hasMessageContaining("16 bits");
        }
    }

    @Test
    void unknownMessageVersionsAreRefused() {
        byte[] v1 = handBuiltV0(4);
        v1[65] = (byte) 0x81;
        assertThatThrownBy(() -> SolanaTransactionDecoder.decode(v1))
                .isInstanceOf(MalformedTransactionException.class).hasMessageContaining("version 1");
    }

    @Test
    void programsMustBeStaticAccountsOtherThanTheFeePayer() throws Exception {
        byte[] wire = solanajLegacy();
        SolanaTransaction tx = SolanaTransactionDecoder.decode(wire);
        for (int program : new int[] {0, tx.accountKeys().size()}) {
            SolanaTransaction.Instruction first = tx.instructions().get(0);
            List<SolanaTransaction.Instruction> ixs = List.of(
                    new SolanaTransaction.Instruction(program, first.accounts(), first.data()), tx.instructions().get(1));
            byte[] message = SolanaTransactionEncoder.message(-1, tx.header(), tx.accountKeys(), tx.recentBlockhash(),
                    ixs, List.of());
            byte[] tampered = SolanaTransactionEncoder.transaction(tx.signatures(), message);
            assertThatThrownBy(() -> SolanaTransactionDecoder.decode(tampered))
                    .isInstanceOf(MalformedTransactionException.class).hasMessageContaining("program");
        }
    }

    private static byte[] filled(int length, int value) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) value);
        return out;
    }
}
