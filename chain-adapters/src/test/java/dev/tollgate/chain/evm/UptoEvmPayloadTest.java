package dev.tollgate.chain.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tollgate.chain.x402.ExactRefusedException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The upto payload is size- and form-checked field by field before anything is decoded (x402's
 * {@code unsupported_payload_type}, or {@code invalid_permit2_signature} for non-EOA signatures); its payment key is
 * one Permit2 nonce of one owner; the fee rate the splitter is called with reproduces the job's fee exactly.
 */
class UptoEvmPayloadTest {
    private static final String A = "0x1111111111111111111111111111111111111111";
    private static final String B = "0x2222222222222222222222222222222222222222";

    @Test
    void aWellFormedPayloadParsesAndNamesItsPaymentKey() throws Exception {
        UptoEvmPayload p = UptoEvmPayload.parse(payload(m -> { }));
        assertThat(p.from()).isEqualToIgnoringCase(A);
        assertThat(p.permittedAmount()).isEqualTo(BigInteger.valueOf(50_000));
        assertThat(p.nonce()).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(p.signature()).hasSize(65);
        assertThat(p.paymentKey()).isEqualTo("permit2:" + A + ":123456789012345678901234567890");
    }

    @Test
    void malformedFieldsAreRefusedBeforeDecoding() {
        Map<String, Consumer<Map<String, Object>>> cases = new LinkedHashMap<>();
        cases.put("no authorization", m -> m.remove("permit2Authorization"));
        cases.put("from", m -> auth(m).put("from", "0x12"));
        cases.put("from not hex", m -> auth(m).put("from", "0x" + "z".repeat(40)));
        cases.put("spender number", m -> auth(m).put("spender", 42));
        cases.put("nonce not decimal", m -> auth(m).put("nonce", "0x10"));
        cases.put("nonce negative", m -> auth(m).put("nonce", "-1"));
        cases.put("nonce too long", m -> auth(m).put("nonce", "9".repeat(79)));
        cases.put("nonce above uint256", m -> auth(m).put("nonce", BigInteger.TWO.pow(256).toString()));
        cases.put("deadline missing", m -> auth(m).remove("deadline"));
        cases.put("permitted missing", m -> auth(m).remove("permitted"));
        cases.put("witness missing", m -> auth(m).remove("witness"));
        cases.put("witness.facilitator", m -> witness(m).put("facilitator", null));
        cases.put("signature missing", m -> m.remove("signature"));
        cases.put("signature huge", m -> m.put("signature", "0x" + "ab".repeat(3000)));
        for (var c : cases.entrySet()) {
            ExactRefusedException e = catchThrowableOfType(ExactRefusedException.class,
                    () -> UptoEvmPayload.parse(payload(c.getValue())));
            assertThat(e).as(c.getKey()).isNotNull();
            assertThat(e.reason()).as(c.getKey()).isEqualTo("unsupported_payload_type");
        }
        for (String sig : new String[] {"0x" + "ab".repeat(64), "0x" + "ab".repeat(66), "0x" + "zz".repeat(65)}) {
            ExactRefusedException e = catchThrowableOfType(ExactRefusedException.class,
                    () -> UptoEvmPayload.parse(payload(m -> m.put("signature", sig))));
            assertThat(e.reason()).as(sig.length() + " chars").isEqualTo("invalid_permit2_signature");
        }
    }

    @Test
    void theFeeRateReproducesTheJobsFeeOrIsRefused() throws Exception {
        assertThat(EvmUptoScheme.feeBpsOf(BigInteger.valueOf(12_300), BigInteger.valueOf(615))).isEqualTo(500);
        assertThat(EvmUptoScheme.feeBpsOf(BigInteger.valueOf(123_457), BigInteger.valueOf(3_086))).isEqualTo(250);
        assertThat(EvmUptoScheme.feeBpsOf(BigInteger.valueOf(7), BigInteger.ZERO)).isZero();
        assertThat(EvmUptoScheme.feeBpsOf(BigInteger.valueOf(7), BigInteger.valueOf(7))).isEqualTo(10_000);
        for (long[] c : new long[][] {{20_000, 1}, {10, 11}}) {
            ExactRefusedException e = catchThrowableOfType(ExactRefusedException.class,
                    () -> EvmUptoScheme.feeBpsOf(BigInteger.valueOf(c[0]), BigInteger.valueOf(c[1])));
            assertThat(e.reason()).isEqualTo("invalid_payment_requirements");
        }
        // any rate found gives back exactly the fee
        for (long total = 1; total < 3_000; total += 37) {
            for (long fee = 0; fee <= total; fee += 1 + total / 10) {
                BigInteger t = BigInteger.valueOf(total);
                BigInteger f = BigInteger.valueOf(fee);
                try {
                    int bps = EvmUptoScheme.feeBpsOf(t, f);
                    assertThat(t.multiply(BigInteger.valueOf(bps)).divide(BigInteger.valueOf(10_000))).isEqualTo(f);
                } catch (ExactRefusedException unreachableFee) {
                    assertThat(unreachableFee.reason()).isEqualTo("invalid_payment_requirements");
                }
            }
        }
    }

    private static Map<String, Object> payload(Consumer<Map<String, Object>> change) {
        Map<String, Object> permitted = new LinkedHashMap<>(Map.of("token", B, "amount", "50000"));
        Map<String, Object> witness = new LinkedHashMap<>(Map.of("to", B, "facilitator", B, "validAfter", "0"));
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("from", A);
        auth.put("permitted", permitted);
        auth.put("spender", UptoPermit2.PROXY);
        auth.put("nonce", "123456789012345678901234567890");
        auth.put("deadline", "1900000000");
        auth.put("witness", witness);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("signature", "0x" + "ab".repeat(65));
        m.put("permit2Authorization", auth);
        change.accept(m);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> auth(Map<String, Object> m) {
        return (Map<String, Object>) m.get("permit2Authorization");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> witness(Map<String, Object> m) {
        return (Map<String, Object>) auth(m).get("witness");
    }
}
