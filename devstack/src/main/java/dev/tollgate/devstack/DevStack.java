package dev.tollgate.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tollgate.chain.evm.EvmDeployer;
import dev.tollgate.chain.solana.SolanaExactConfig;
import dev.tollgate.localnet.evm.AnvilNode;
import dev.tollgate.localnet.solana.SolanaNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.utils.Base58;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * Everything {@code ./tollgate dev} runs beside the gateway: a local Solana node with a USDC-like mint, a local EVM
 * chain (anvil) standing in for Polygon with the fee splitter and a 6-decimal USDC deployed, a demo payer funded
 * on both, funded treasuries (so even small SOL payments clear the rent-exempt minimum) and the demo agent.
 * Local chains only: the keys printed here hold play money.
 */
public final class DevStack implements AutoCloseable {
    private static final long SOL = 1_000_000_000L;
    private static final BigInteger USDC_1000 = BigInteger.valueOf(1_000_000_000L);
    private static final BigInteger POL_1000 = BigInteger.TEN.pow(21);
    /** The usual id of a local EVM chain, so it is never mistaken for Polygon (137) or Amoy (80002). */
    static final long EVM_CHAIN_ID = 31337;

    private final SolanaNode solana;
    private final AnvilNode anvil;
    private final EvmDeployer.LocalContracts evmContracts;
    private final Credentials evmPayer = newEvmKey();
    private final String evmAgentTreasury = newEvmKey().getAddress();
    private final String evmFeeTreasury = newEvmKey().getAddress();
    private final DemoAgent agent;
    private final String network;
    private final String usdcMint;
    private final Account payer = new Account();
    private final Account agentTreasury = new Account();
    private final Account feeTreasury = new Account();
    /** The gateway's own Solana key: fee payer of sponsored and x402 payments, and the x402 settlement wallet. */
    private final Account solanaSponsor = new Account();
    /** The gateway's own EVM key: relays gasless authorisations and x402 settlements, paying their gas. */
    private final Credentials evmRelayer = newEvmKey();
    private final String splitVaultFactory;
    /** AllowanceSplitter: payers approve it, the relayer (its only biller) charges usage-priced requests. */
    private final String allowanceSplitter;
    /** x402 upto (usage-priced billing): our Permit2 and upto proxy placed at their canonical addresses, and this. */
    private final String uptoSplitter;
    /** A demo seller: the payTo of a stock x402 server using the gateway as its facilitator (its USDC account exists). */
    private final Account x402Seller = new Account();
    private final String evmX402Seller = newEvmKey().getAddress();
    /** The dev gateway's billing API token (TOLLGATE_BILLING_TOKEN), handed to the example hosts; fresh per run. */
    private final String billingToken = newBillingToken();

    private DevStack(SolanaNode solana, AnvilNode anvil, DemoAgent agent) throws Exception {
        this.solana = solana;
        this.anvil = anvil;
        this.agent = agent;
        // stock x402 Solana clients accept only mainnet, devnet and testnet ids: the local node goes by devnet's
        this.network = SolanaExactConfig.DEVNET.value();
        this.usdcMint = solana.createMint(6);
        for (Account a : new Account[] {payer, agentTreasury, feeTreasury, solanaSponsor}) {
            solana.airdrop(a.getPublicKeyBase58(), a == payer || a == solanaSponsor ? 100 * SOL : SOL);
        }
        solana.mintTo(usdcMint, payer.getPublicKeyBase58(), USDC_1000);
        solana.mintTo(usdcMint, x402Seller.getPublicKeyBase58(), BigInteger.ZERO); // x402 never creates payTo's account

        String deployer = AnvilNode.DEV_PRIVATE_KEYS.get(0);
        try (EvmDeployer evm = new EvmDeployer(anvil.rpcUrl(), anvil.chainId(), java.time.Duration.ofSeconds(10))) {
            this.evmContracts = evm.deployLocal(deployer);
            this.splitVaultFactory = evm.deploySplitVaultFactory(deployer);
            this.allowanceSplitter = evm.deployAllowanceSplitter(deployer, java.util.List.of(evmRelayer.getAddress()));
            evm.installLocalUptoProxy();
            this.uptoSplitter = evm.deployUptoSplitter(deployer, evmRelayer.getAddress());
            anvil.setBalance(evmPayer.getAddress(), POL_1000);
            anvil.setBalance(evmRelayer.getAddress(), POL_1000);
            evm.mintTestUsdc(deployer, evmContracts.usdc(), evmPayer.getAddress(), USDC_1000);
        }
    }

    public static DevStack start() {
        SolanaNode solana = SolanaNode.start(SolanaNode.Options.realistic());
        AnvilNode anvil = null;
        DemoAgent agent = null;
        try {
            anvil = AnvilNode.start(EVM_CHAIN_ID);
            agent = DemoAgent.start();
            return new DevStack(solana, anvil, agent);
        } catch (Exception e) {
            if (agent != null) {
                agent.close();
            }
            if (anvil != null) {
                anvil.close();
            }
            solana.close();
            throw new IllegalStateException("dev stack failed to start: " + e.getMessage(), e);
        }
    }

    private static String newBillingToken() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Credentials newEvmKey() {
        try {
            return Credentials.create(Keys.createEcKeyPair());
        } catch (Exception e) {
            throw new IllegalStateException("cannot create an EVM key", e);
        }
    }

    /** Gateway settings for the local stack. ATP's environment names still win for fees, TTL and rates. */
    public Map<String, Object> gatewayProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("micronaut.server.host", env("TOLLGATE_HOST", "127.0.0.1"));
        p.put("tollgate.networks.solana.id", network);
        p.put("tollgate.networks.solana.rpc-url", solana.rpcUrl().toString());
        p.put("tollgate.networks.solana.assets.usdc.address", usdcMint);
        p.put("tollgate.networks.solana.agent-treasury", agentTreasury.getPublicKeyBase58());
        p.put("tollgate.networks.solana.fee-treasury", feeTreasury.getPublicKeyBase58());
        p.put("tollgate.networks.polygon.enabled", true);
        p.put("tollgate.networks.polygon.id", "eip155:" + anvil.chainId());
        p.put("tollgate.networks.polygon.rpc-url", anvil.rpcUrl().toString());
        p.put("tollgate.networks.polygon.splitter-address", evmContracts.splitter());
        p.put("tollgate.networks.polygon.assets.usdc.address", evmContracts.usdc());
        p.put("tollgate.networks.polygon.agent-treasury", evmAgentTreasury);
        p.put("tollgate.networks.polygon.fee-treasury", evmFeeTreasury);
        p.put("tollgate.networks.polygon.confirmations", 1); // anvil mines one block per transaction
        // the gateway's own keys: it sponsors Solana fees and relays EVM gas (within budgets), and takes x402
        p.put("tollgate.networks.solana.sponsor.key", Base58.encode(solanaSponsor.getSecretKey()));
        p.put("tollgate.networks.solana.sponsor.per-payer-units", "100000000"); // 0.1 SOL of fees per payer a day
        p.put("tollgate.networks.solana.sponsor.total-units", "10000000000");
        p.put("tollgate.networks.polygon.sponsor.key",
                Numeric.toHexStringWithPrefixZeroPadded(evmRelayer.getEcKeyPair().getPrivateKey(), 64));
        p.put("tollgate.networks.polygon.sponsor.per-payer-units", "100000000000000000"); // 0.1 POL of gas
        p.put("tollgate.networks.polygon.sponsor.total-units", "100000000000000000000");
        p.put("tollgate.networks.polygon.x402.factory-address", splitVaultFactory);
        p.put("tollgate.networks.polygon.allowance.contract", allowanceSplitter);
        p.put("tollgate.networks.polygon.x402.upto-contract", uptoSplitter);
        p.put("tollgate.upstream.kind", "swarms");
        p.put("tollgate.upstream.url", agent.url().toString());
        // dev runs offline: a fixed, clearly labelled price instead of CoinGecko
        p.put("tollgate.oracle.primary", "fixed");
        p.put("tollgate.oracle.secondary", "none");
        p.put("tollgate.oracle.fixed-prices.SOL", env("TOLLGATE_DEV_SOL_PRICE", "150"));
        p.put("tollgate.oracle.fixed-prices.POL", env("TOLLGATE_DEV_POL_PRICE", "0.25"));
        p.put("tollgate.private-key-settlement", privateKeys());
        // the billing API for the example hosts (issue 10); ATP's key header follows key-mode settle's dev default
        p.put("tollgate.billing.token", billingToken);
        p.put("tollgate.billing.allow-private-key", privateKeys());
        if (System.getenv("INPUT_COST_PER_MILLION_USD") == null && System.getenv("OUTPUT_COST_PER_MILLION_USD") == null) {
            p.put("tollgate.pricing.input-cost-per-million-usd", "10");
            p.put("tollgate.pricing.output-cost-per-million-usd", "30");
        }
        return p;
    }

    /** Dev takes ATP's custodial keys (play money) unless TOLLGATE_PRIVATE_KEY_SETTLEMENT=false. */
    private static boolean privateKeys() {
        return !"false".equalsIgnoreCase(System.getenv("TOLLGATE_PRIVATE_KEY_SETTLEMENT"));
    }

    /**
     * The example hosts' billing settings (the library's {@code tollgate.billing.*} keys) beside their own
     * endpoints and prices: this gateway, its token, and both local USDC rails paying the dev treasuries.
     */
    public Map<String, String> exampleHostBilling(String gatewayUrl) {
        Map<String, String> b = new LinkedHashMap<>();
        b.put("tollgate.billing.gateway-url", gatewayUrl);
        b.put("tollgate.billing.gateway-token", billingToken);
        b.put("tollgate.billing.rails[0].network", network);
        b.put("tollgate.billing.rails[0].asset", "USDC");
        b.put("tollgate.billing.rails[0].pay-to", agentTreasury.getPublicKeyBase58());
        b.put("tollgate.billing.rails[0].fee-recipient", feeTreasury.getPublicKeyBase58());
        b.put("tollgate.billing.rails[1].network", "eip155:" + anvil.chainId());
        b.put("tollgate.billing.rails[1].asset", "USDC");
        b.put("tollgate.billing.rails[1].pay-to", evmAgentTreasury);
        b.put("tollgate.billing.rails[1].fee-recipient", evmFeeTreasury);
        b.put("tollgate.billing.private-key-header.enabled", String.valueOf(privateKeys()));
        return b;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Writes {@code .tollgate/dev.json} and prints a copy-pasteable trade → settle walk-through. */
    public void announce(String gatewayUrl, DevExampleHosts hosts) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("gateway_url", gatewayUrl);
        info.put("solana_network", network);
        info.put("solana_rpc_url", solana.rpcUrl().toString());
        info.put("usdc_mint", usdcMint);
        info.put("evm_network", "eip155:" + anvil.chainId());
        info.put("evm_rpc_url", anvil.rpcUrl().toString());
        info.put("evm_chain_id", anvil.chainId());
        info.put("splitter_address", evmContracts.splitter());
        info.put("evm_usdc", evmContracts.usdc());
        info.put("split_vault_factory", splitVaultFactory);
        info.put("allowance_contract", allowanceSplitter);
        info.put("solana_fee_payer", solanaSponsor.getPublicKeyBase58());
        info.put("evm_relayer", evmRelayer.getAddress());
        Map<String, Object> payerInfo = new LinkedHashMap<>();
        payerInfo.put("solana_pubkey", payer.getPublicKeyBase58());
        payerInfo.put("solana_secret_key", Base58.encode(payer.getSecretKey()));
        payerInfo.put("evm_address", evmPayer.getAddress());
        payerInfo.put("evm_private_key", Numeric.toHexStringWithPrefixZeroPadded(evmPayer.getEcKeyPair().getPrivateKey(), 64));
        info.put("payer", payerInfo);
        info.put("agent_treasury", Map.of("solana", agentTreasury.getPublicKeyBase58(), "evm", evmAgentTreasury));
        info.put("fee_treasury", Map.of("solana", feeTreasury.getPublicKeyBase58(), "evm", evmFeeTreasury));
        info.put("upstream_agent_url", agent.url().toString());
        info.put("x402_seller", Map.of("solana", x402Seller.getPublicKeyBase58(), "evm", evmX402Seller));
        hosts.describe(info);
        Path file = Path.of(".tollgate", "dev.json");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(info));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
        hosts.banner().ifPresent(System.out::println);
        System.out.println(DevWalkthrough.text(gatewayUrl, payer.getPublicKeyBase58(), evmPayer.getAddress(), file));
    }

    @Override
    public void close() {
        agent.close();
        anvil.close();
        solana.close();
    }
}
