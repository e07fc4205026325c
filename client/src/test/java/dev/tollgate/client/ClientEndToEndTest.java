package dev.tollgate.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PaymentRail;
import dev.tollgate.chain.evm.EvmNetworkConfig;
import dev.tollgate.chain.evm.EvmRail;
import dev.tollgate.chain.evm.GaslessTerms;
import dev.tollgate.chain.solana.SolanaNetworkConfig;
import dev.tollgate.chain.solana.SolanaRail;
import dev.tollgate.devstack.DevApplication;
import dev.tollgate.gateway.support.GatewayProcess;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.tollgate.chain.support.Poll;
import dev.tollgate.localnet.JsonRpcClient;
import dev.tollgate.localnet.evm.AnvilNode;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.utils.Base58;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The client against a real gateway: the dev stack ({@code ./tollgate dev}: the gateway on embedded PostgreSQL, a
 * local Solana node and anvil with the fee splitter, funded payer wallets, a demo agent) in its own JVM, read from
 * its {@code .tollgate/dev.json}. Each test trades, pays locally from the wallet key and settles through the client;
 * balances are read back from the chains.
 *
 * <p>Three ways to pay: broadcast here and prove (tx id + Sign-In-With-X), a transaction signed here that the gateway
 * checks and broadcasts (sponsored by the gateway for a Solana wallet without SOL), and a gasless authorisation the
 * gateway relays.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientEndToEndTest {
    private GatewayProcess dev;
    private JsonNode info;
    private URI gateway;
    private SolanaRail solana;
    private EvmRail evm;
    private ChainAsset solanaUsdc;
    private ChainAsset evmUsdc;

    @BeforeAll
    void startDevStack() throws Exception {
        Path workDir = Files.createTempDirectory("tollgate-client-e2e");
        dev = GatewayProcess.startMain(DevApplication.class.getName(), workDir, Map.of("TOLLGATE_PORT", "0"));
        dev.awaitLine(l -> l.startsWith(" Ctrl-C stops"), Duration.ofMinutes(5));
        info = GatewayHttp.JSON.readTree(workDir.resolve(".tollgate/dev.json").toFile());
        gateway = URI.create(info.path("gateway_url").asText());
        solanaUsdc = SolanaNetworkConfig.usdcMint(info.path("usdc_mint").asText());
        solana = new SolanaRail(new SolanaNetworkConfig(NetworkId.of(info.path("solana_network").asText()),
                URI.create(info.path("solana_rpc_url").asText()), solanaUsdc, Duration.ofSeconds(10)));
        evmUsdc = EvmNetworkConfig.usdc(info.path("evm_usdc").asText());
        evm = new EvmRail(new EvmNetworkConfig(NetworkId.of(info.path("evm_network").asText()),
                info.path("evm_chain_id").asLong(), URI.create(info.path("evm_rpc_url").asText()),
                info.path("splitter_address").asText(), EvmNetworkConfig.POL, Map.of("USDC", evmUsdc), 1, false,
                Duration.ofSeconds(10), null));
    }

    @AfterAll
    void stop() {
        if (evm != null) {
            evm.close();
        }
        if (dev != null) {
            dev.close();
        }
    }

    private TollgateClient client(Wallet wallet, PaymentJournal journal) {
        return TollgateClient.builder().baseUrl(gateway).wallet(wallet).journal(journal)
                .rpc(info.path("solana_network").asText(), URI.create(info.path("solana_rpc_url").asText()))
                .rpc(info.path("evm_network").asText(), URI.create(info.path("evm_rpc_url").asText()))
                .pollInterval(Duration.ofMillis(500)).settleDeadline(Duration.ofMinutes(3)).build();
    }

    private SolanaWallet solanaPayer() {
        return SolanaWallet.fromBase58(info.path("payer").path("solana_secret_key").asText());
    }

    private EvmWallet evmPayer() {
        return EvmWallet.fromHex(info.path("payer").path("evm_private_key").asText());
    }

    /** Trades as the wallet, pays {@code how}, settles; the treasuries get exactly net and fee. */
    private Settlement paysAndSettles(Wallet wallet, String network, String token, JournaledPayment.Kind how) {
        boolean onSolana = "solana".equals(network);
        PaymentRail rail = onSolana ? solana : evm;
        ChainAsset asset = "USDC".equals(token) ? (onSolana ? solanaUsdc : evmUsdc)
                : onSolana ? SolanaNetworkConfig.SOL : EvmNetworkConfig.POL;
        String family = onSolana ? "solana" : "evm";
        String agent = info.path("agent_treasury").path(family).asText();
        String fee = info.path("fee_treasury").path(family).asText();
        InMemoryPaymentJournal journal = new InMemoryPaymentJournal();
        try (TollgateClient client = client(wallet, journal)) {
            Challenge challenge = client.trade(TradeRequest.of("client-e2e", "write a haiku", token, network));
            assertThat(challenge.paymentToken()).isEqualTo(token);
            BigInteger agentBefore = rail.balanceOf(agent, asset);
            BigInteger feeBefore = rail.balanceOf(fee, asset);
            boolean sponsored = onSolana && how == JournaledPayment.Kind.SIGNED_TRANSACTION
                    && solana.balanceOf(wallet.address(), SolanaNetworkConfig.SOL).signum() == 0;

            Settlement settlement = client.settle(challenge, how);

            assertThat(settlement.jobId()).isEqualTo(challenge.jobId());
            assertThat(settlement.outputText()).contains("[client-e2e]").contains("write a haiku");
            assertThat(rail.balanceOf(agent, asset).subtract(agentBefore)).isEqualTo(challenge.netUnits());
            assertThat(rail.balanceOf(fee, asset).subtract(feeBefore)).isEqualTo(challenge.feeUnits());
            assertThat(settlement.settlementDetails().path("payer").asText()).isEqualToIgnoringCase(wallet.address());
            JournaledPayment journaled = journal.find(challenge.jobId()).orElseThrow();
            assertThat(journaled.kind()).isEqualTo(how);
            if (sponsored) { // the id is the gateway's co-signature; the journal holds the payer's own
                JsonNode tx = new JsonRpcClient(URI.create(info.path("solana_rpc_url").asText())).call("getTransaction",
                        settlement.txSignature(), Map.of("encoding", "json", "commitment", "confirmed",
                        "maxSupportedTransactionVersion", 0));
                assertThat(tx.path("transaction").path("signatures").path(1).asText()).isEqualTo(journaled.txId());
            } else if (how != JournaledPayment.Kind.AUTHORIZATION) {
                assertThat(settlement.txSignature()).isEqualToIgnoringCase(journaled.txId());
            }
            return settlement;
        }
    }

    // ---- (c) broadcast here, then settle by tx id with a Sign-In-With-X proof: today's gateway ----

    @Test
    void solanaSolBroadcastHereThenProven() {
        try (SolanaWallet wallet = solanaPayer()) {
            paysAndSettles(wallet, "solana", "SOL", JournaledPayment.Kind.SELF_BROADCAST);
        }
    }

    @Test
    void solanaUsdcBroadcastHereThenProven() {
        try (SolanaWallet wallet = solanaPayer()) {
            paysAndSettles(wallet, "solana", "USDC", JournaledPayment.Kind.SELF_BROADCAST);
        }
    }

    @Test
    void polygonPolBroadcastHereThenProven() {
        try (EvmWallet wallet = evmPayer()) {
            paysAndSettles(wallet, "polygon", "POL", JournaledPayment.Kind.SELF_BROADCAST);
        }
    }

    @Test
    void polygonUsdcBroadcastHereThenProven() {
        try (EvmWallet wallet = evmPayer()) {
            paysAndSettles(wallet, "polygon", "USDC", JournaledPayment.Kind.SELF_BROADCAST);
        }
    }

    @Test
    void settlingAPaidJobAgainResendsItsPaymentAndPaysNothing() {
        try (SolanaWallet wallet = solanaPayer(); TollgateClient client = client(wallet, new InMemoryPaymentJournal())) {
            Challenge challenge = client.trade(TradeRequest.of("client-e2e", "write a haiku", "SOL", "solana"));
            Settlement first = client.settle(challenge, JournaledPayment.Kind.SELF_BROADCAST);
            BigInteger payerAfterFirst = solana.balanceOf(wallet.address(), SolanaNetworkConfig.SOL);

            Settlement again = client.settle(challenge, JournaledPayment.Kind.SELF_BROADCAST);

            assertThat(again.txSignature()).isEqualTo(first.txSignature());
            assertThat(again.outputText()).isEqualTo(first.outputText());
            assertThat(solana.balanceOf(wallet.address(), SolanaNetworkConfig.SOL)).isEqualTo(payerAfterFirst);
        }
    }

    @Test
    void aJobIsReadableByItsWalletWithASignInWithXHeader() {
        try (EvmWallet wallet = evmPayer(); TollgateClient client = client(wallet, new InMemoryPaymentJournal())) {
            Challenge challenge = client.trade(TradeRequest.of("client-e2e", "write a haiku", "POL", "polygon"));

            JsonNode job = client.job(challenge);

            assertThat(job.path("job_id").asText()).isEqualTo(challenge.jobId());
            assertThat(job.path("state").asText()).isEqualTo("locked");
        }
    }

    /**
     * Path (b)'s signature is already checked by the real token and splitter today: the authorisation the client
     * signs is relayed through {@code payTokenWithAuthorization} by another account (as the gateway's relayer will
     * do), the payer spends no POL, and the job is settled by the relayed tx id with the wallet's proof.
     */
    @Test
    void polygonUsdcAuthorisationSignedHerePaysOnChainWhenAnotherAccountRelaysIt() throws Exception {
        String network = info.path("evm_network").asText();
        URI rpcUrl = URI.create(info.path("evm_rpc_url").asText());
        try (EvmWallet wallet = evmPayer(); TollgateClient client = client(wallet, new InMemoryPaymentJournal());
             RailLocalPayer local = new RailLocalPayer(Map.of(network, rpcUrl), Duration.ofSeconds(10), Clock.systemUTC())) {
            Challenge challenge = client.trade(TradeRequest.of("client-e2e", "write a haiku", "USDC", "polygon"));
            JournaledPayment authorization = local.authorize(challenge, wallet);
            BigInteger polBefore = evm.balanceOf(wallet.address(), EvmNetworkConfig.POL);
            BigInteger agentBefore = evm.balanceOf(info.path("agent_treasury").path("evm").asText(), evmUsdc);

            String txHash = relay(rpcUrl, challenge, authorization);
            Settlement settlement = client.settleByTxSignature(challenge, txHash);

            assertThat(settlement.txSignature()).isEqualToIgnoringCase(txHash);
            assertThat(settlement.outputText()).contains("[client-e2e]");
            assertThat(evm.balanceOf(info.path("agent_treasury").path("evm").asText(), evmUsdc).subtract(agentBefore))
                    .isEqualTo(challenge.netUnits());
            assertThat(evm.balanceOf(wallet.address(), EvmNetworkConfig.POL)).isEqualTo(polBefore);
        }
    }

    /** Sends {@code payTokenWithAuthorization} from one of anvil's funded accounts; returns the mined tx hash. */
    private String relay(URI rpcUrl, Challenge c, JournaledPayment authorization) throws Exception {
        byte[] sig = Numeric.hexStringToByteArray(authorization.signature());
        Function call = new Function("payTokenWithAuthorization", List.of(
                new Bytes32(GaslessTerms.of(c.intent(authorization.from()), c.splitter(), c.deadline()).jobRef()), new Address(c.asset()),
                new Address(authorization.from()), new Address(c.payee()), new Uint256(c.netUnits()),
                new Address(c.feeRecipient()), new Uint256(c.feeUnits()), new Uint256(authorization.deadline()),
                new Uint8(sig[64] & 0xff), new Bytes32(Arrays.copyOfRange(sig, 0, 32)),
                new Bytes32(Arrays.copyOfRange(sig, 32, 64))), List.of());
        Credentials relayer = Credentials.create(AnvilNode.DEV_PRIVATE_KEYS.get(7));
        JsonRpcClient rpc = new JsonRpcClient(rpcUrl);
        BigInteger nonce = Numeric.toBigInt(rpc.call("eth_getTransactionCount", relayer.getAddress(), "pending").asText());
        BigInteger gwei = BigInteger.TEN.pow(9);
        RawTransaction tx = RawTransaction.createTransaction(c.chainId(), nonce, BigInteger.valueOf(500_000),
                c.splitter(), BigInteger.ZERO, FunctionEncoder.encode(call), gwei, gwei.multiply(BigInteger.valueOf(100)));
        String hash = rpc.call("eth_sendRawTransaction",
                Numeric.toHexString(TransactionEncoder.signMessage(tx, relayer))).asText();
        JsonNode receipt = Poll.until(() -> {
            JsonNode r = rpc.call("eth_getTransactionReceipt", hash);
            return r == null || r.isNull() ? null : r;
        }, Poll.LIMIT);
        assertThat(receipt.path("status").asText()).as("relayed authorisation").isEqualTo("0x1");
        return hash;
    }

    // ---- (a) a transaction signed here, checked and broadcast by the gateway ----

    @Test
    void solanaSolSignedHereBroadcastByTheGateway() {
        try (SolanaWallet wallet = solanaPayer()) {
            paysAndSettles(wallet, "solana", "SOL", JournaledPayment.Kind.SIGNED_TRANSACTION);
        }
    }

    @Test
    void solanaUsdcSignedHereBroadcastByTheGateway() {
        try (SolanaWallet wallet = solanaPayer()) {
            paysAndSettles(wallet, "solana", "USDC", JournaledPayment.Kind.SIGNED_TRANSACTION);
        }
    }

    @Test
    void polygonPolSignedHereBroadcastByTheGateway() {
        try (EvmWallet wallet = evmPayer()) {
            paysAndSettles(wallet, "polygon", "POL", JournaledPayment.Kind.SIGNED_TRANSACTION);
        }
    }

    @Test
    void polygonUsdcSignedHereBroadcastByTheGateway() {
        try (EvmWallet wallet = evmPayer()) {
            paysAndSettles(wallet, "polygon", "USDC", JournaledPayment.Kind.SIGNED_TRANSACTION);
        }
    }

    @Test
    void solanaUsdcFromAWalletWithNoSolIsSponsoredByTheGateway() {
        JsonRpcClient node = new JsonRpcClient(URI.create(info.path("solana_rpc_url").asText()));
        String mint = solanaUsdc.address();
        // the treasuries' token accounts exist (a payer without SOL cannot create them); the payer holds only USDC
        node.call("localnet_mintTo", Map.of("mint", mint, "owner", info.path("agent_treasury").path("solana").asText(),
                "amount", "0"));
        node.call("localnet_mintTo", Map.of("mint", mint, "owner", info.path("fee_treasury").path("solana").asText(),
                "amount", "0"));
        try (SolanaWallet wallet = SolanaWallet.fromBase58(Base58.encode(new Account().getSecretKey()))) {
            node.call("localnet_mintTo", Map.of("mint", mint, "owner", wallet.address(), "amount", "1000000"));
            String sponsor = info.path("solana_fee_payer").asText();
            BigInteger sponsorBefore = solana.balanceOf(sponsor, SolanaNetworkConfig.SOL);

            Settlement settlement = paysAndSettles(wallet, "solana", "USDC", JournaledPayment.Kind.SIGNED_TRANSACTION);

            assertThat(solana.balanceOf(wallet.address(), SolanaNetworkConfig.SOL)).isZero();
            assertThat(solana.balanceOf(wallet.address(), solanaUsdc)).isEqualTo(BigInteger.valueOf(1_000_000)
                    .subtract(settlement.settlementDetails().path("total_paid_usdc_units").bigIntegerValue()));
            assertThat(solana.balanceOf(sponsor, SolanaNetworkConfig.SOL)).as("the gateway paid the fee")
                    .isLessThan(sponsorBefore);
        }
    }

    // ---- (b) a gasless authorisation, relayed by the gateway: the payer spends no POL ----

    @Test
    void polygonUsdcGaslessAuthorisationCostsThePayerNoGas() {
        try (EvmWallet wallet = evmPayer()) {
            BigInteger polBefore = evm.balanceOf(wallet.address(), EvmNetworkConfig.POL);

            paysAndSettles(wallet, "polygon", "USDC", JournaledPayment.Kind.AUTHORIZATION);

            assertThat(evm.balanceOf(wallet.address(), EvmNetworkConfig.POL)).isEqualTo(polBefore);
        }
    }
}
