package dev.tollgate.gateway.x402;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.support.Poll;
import dev.tollgate.gateway.support.LocalPolygon;
import dev.tollgate.gateway.support.TestAgent;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.JobState;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.utils.Numeric;

/**
 * Issue 9 polish (EVM): a stranger copies the STOCK client's authorisation (signed by {@code @x402/fetch}'s own code,
 * interop/x402-e2e/sign.mjs) from the mempool and submits it to the token directly, before the paid retry reaches
 * the gateway. The money is in the job's split vault; our relayer can no longer settle it. The retry must still be
 * answered 200 with the output and a PAYMENT-RESPONSE naming the stranger's transaction, the job released once, and
 * the relayer's sweep must split the vault: agent +net, fee treasury +fee, the payer charged once. Judged on chain
 * and in the lockbox.
 */
class StockX402AuthorisationFrontRunOnLocalEvmTest extends StockX402OnLocalEvm {
    @Override
    void moreProperties(Map<String, String> p) {
        p.put("tollgate.networks.polygon.x402.authorization-lookback-blocks", "500"); // the local chain's recent history
    }

    @Test
    void anAuthorisationAStrangerSubmittedFirstStillPaysTheJobAndTheVaultIsSplit() throws Exception {
        Credentials payer = chain.payer(BigInteger.ZERO, FUNDS);
        X402Http.Reply challenge = http.post("/v1/agent/trade", tradeBody(payer), Map.of());
        assertThat(challenge.status()).as(challenge.raw()).isEqualTo(402);
        String jobId = challenge.body().path("job_id").asText();
        String vault = challenge.decoded("PAYMENT-REQUIRED").path("accepts").path(0).path("payTo").asText();
        String signature = StockX402Client.sign(challenge.header("PAYMENT-REQUIRED").orElseThrow(),
                Map.of("EVM_PRIVATE_KEY", LocalPolygon.secret(payer)), 1, null).get(0);
        BigInteger agentBefore = chain.usdc(chain.agentTreasury);
        BigInteger feeBefore = chain.usdc(chain.feeTreasury);

        // the stranger: the authorisation straight to the token, before the paid retry arrives
        Credentials stranger = chain.payer(BigInteger.TEN.pow(18), 0);
        String strangerTx = chain.send(stranger, chain.usdc.address(), BigInteger.ZERO,
                transferWithAuthorization(X402Http.decode(signature).path("payload")));
        Poll.until(() -> chain.usdc(vault).equals(USDC_TOTAL) ? Boolean.TRUE : null, Poll.LIMIT);
        assertThat(chain.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(FUNDS).subtract(USDC_TOTAL));

        X402Http.Reply paid = retry(payer, signature);

        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        assertThat(paid.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        JsonNode response = paid.decoded("PAYMENT-RESPONSE");
        assertThat(response.path("success").asBoolean()).as(response.toString()).isTrue();
        assertThat(response.path("transaction").asText()).isEqualToIgnoringCase(strangerTx);
        assertThat(response.path("network").asText()).isEqualTo(network);
        assertThat(response.path("payer").asText()).isEqualToIgnoringCase(payer.getAddress());
        Job job = lockbox.find(UUID.fromString(jobId)).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.RELEASED);
        assertThat(job.txId()).isEqualToIgnoringCase(strangerTx);
        JsonNode facts = X402Http.JSON.readTree(job.settlementJson());
        assertThat(facts.path("x402_settled_elsewhere").asBoolean()).isTrue();
        String sweepTx = facts.path("x402_vault_sweep_tx").asText();
        assertThat(sweepTx).startsWith("0x");

        // the relayer's sweep splits the vault to the fixed recipients
        Poll.until(() -> chain.usdc(vault).signum() == 0 ? Boolean.TRUE : null, Poll.LIMIT);
        var sweep = web3j.ethGetTransactionReceipt(sweepTx).send().getTransactionReceipt().orElseThrow();
        assertThat(sweep.isStatusOK()).isTrue();
        assertThat(sweep.getFrom()).isEqualToIgnoringCase(relayer.getAddress());
        assertThat(chain.usdc(chain.agentTreasury).subtract(agentBefore)).isEqualTo(USDC_TOTAL.subtract(USDC_FEE));
        assertThat(chain.usdc(chain.feeTreasury).subtract(feeBefore)).isEqualTo(USDC_FEE);

        // the same payment again: the answer already given, nothing moves, nothing is settled by us
        X402Http.Reply replay = retry(payer, signature);
        assertThat(replay.status()).as(replay.raw()).isEqualTo(200);
        assertThat(replay.decoded("PAYMENT-RESPONSE").path("transaction").asText()).isEqualToIgnoringCase(strangerTx);
        assertThat(chain.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(FUNDS).subtract(USDC_TOTAL));
        assertThat(chain.usdc(chain.agentTreasury).subtract(agentBefore)).isEqualTo(USDC_TOTAL.subtract(USDC_FEE));
        assertThat(paidEvents(payer)).as("our relayer never settled it").isZero();
    }

    private String tradeBody(Credentials payer) {
        return "{\"agent_config\":{\"agent_name\":\"t\"},\"task\":\"x\",\"user_wallet\":\"" + payer.getAddress()
                + "\",\"network\":\"polygon\",\"payment_token\":\"USDC\"}";
    }

    private X402Http.Reply retry(Credentials payer, String paymentSignature) {
        return http.post("/v1/agent/trade", tradeBody(payer), Map.of("PAYMENT-SIGNATURE", paymentSignature));
    }

    private long paidEvents(Credentials payer) throws Exception {
        EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, factory);
        filter.addSingleTopic(PAID_TOPIC);
        filter.addNullTopic();
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(payer.getAddress()), 64));
        return web3j.ethGetLogs(filter).send().getLogs().size();
    }

    /** The token's transferWithAuthorization(from, to, value, validAfter, validBefore, nonce, v, r, s) of a payload. */
    private static String transferWithAuthorization(JsonNode payload) {
        JsonNode a = payload.path("authorization");
        byte[] sig = Numeric.hexStringToByteArray(payload.path("signature").asText());
        assertThat(sig).hasSize(65);
        byte[] r = java.util.Arrays.copyOfRange(sig, 0, 32);
        byte[] s = java.util.Arrays.copyOfRange(sig, 32, 64);
        return FunctionEncoder.encode(new Function("transferWithAuthorization", List.of(
                new Address(a.path("from").asText()), new Address(a.path("to").asText()),
                new Uint256(new BigInteger(a.path("value").asText())),
                new Uint256(new BigInteger(a.path("validAfter").asText())),
                new Uint256(new BigInteger(a.path("validBefore").asText())),
                new Bytes32(Numeric.hexStringToByteArray(a.path("nonce").asText())),
                new Uint8(Byte.toUnsignedInt(sig[64])), new Bytes32(r), new Bytes32(s)), List.of()));
    }
}
