package dev.tollgate.gateway.dev;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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

/**
 * Everything {@code ./tollgate dev} runs beside the gateway: a local Solana node with a USDC-like mint, a funded
 * demo payer, funded treasuries (so even small SOL payments clear the rent-exempt minimum) and the demo agent.
 * Local chains only: the keys printed here hold play money.
 */
public final class DevStack implements AutoCloseable {
    private static final long SOL = 1_000_000_000L;
    private static final BigInteger USDC_1000 = BigInteger.valueOf(1_000_000_000L);

    private final SolanaNode solana;
    private final DemoAgent agent;
    private final String network;
    private final String usdcMint;
    private final Account payer = new Account();
    private final Account agentTreasury = new Account();
    private final Account feeTreasury = new Account();

    private DevStack(SolanaNode solana, DemoAgent agent) {
        this.solana = solana;
        this.agent = agent;
        this.network = solana.caip2();
        this.usdcMint = solana.createMint(6);
        for (Account a : new Account[] {payer, agentTreasury, feeTreasury}) {
            solana.airdrop(a.getPublicKeyBase58(), a == payer ? 100 * SOL : SOL);
        }
        solana.mintTo(usdcMint, payer.getPublicKeyBase58(), USDC_1000);
    }

    public static DevStack start() {
        SolanaNode solana = SolanaNode.start(SolanaNode.Options.realistic());
        try {
            return new DevStack(solana, DemoAgent.start());
        } catch (RuntimeException e) {
            solana.close();
            throw e;
        }
    }

    /** Gateway settings for the local stack. ATP's environment names still win for fees, TTL and rates. */
    public Map<String, Object> gatewayProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("micronaut.server.host", env("TOLLGATE_HOST", "127.0.0.1"));
        p.put("tollgate.solana.network", network);
        p.put("tollgate.solana.rpc-url", solana.rpcUrl().toString());
        p.put("tollgate.solana.usdc-mint", usdcMint);
        p.put("tollgate.solana.agent-treasury", agentTreasury.getPublicKeyBase58());
        p.put("tollgate.solana.fee-treasury", feeTreasury.getPublicKeyBase58());
        p.put("tollgate.upstream.kind", "swarms");
        p.put("tollgate.upstream.url", agent.url().toString());
        // dev runs offline: a fixed, clearly labelled price instead of CoinGecko
        p.put("tollgate.oracle.primary", "fixed");
        p.put("tollgate.oracle.secondary", "none");
        p.put("tollgate.oracle.fixed-prices.SOL", env("TOLLGATE_DEV_SOL_PRICE", "150"));
        p.put("tollgate.oracle.fixed-prices.POL", env("TOLLGATE_DEV_POL_PRICE", "0.25"));
        p.put("tollgate.private-key-settlement", !"false".equalsIgnoreCase(System.getenv("TOLLGATE_PRIVATE_KEY_SETTLEMENT")));
        if (System.getenv("INPUT_COST_PER_MILLION_USD") == null && System.getenv("OUTPUT_COST_PER_MILLION_USD") == null) {
            p.put("tollgate.pricing.input-cost-per-million-usd", "10");
            p.put("tollgate.pricing.output-cost-per-million-usd", "30");
        }
        return p;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Writes {@code .tollgate/dev.json} and prints a copy-pasteable trade → settle walk-through. */
    public void announce(String gatewayUrl) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("gateway_url", gatewayUrl);
        info.put("solana_network", network);
        info.put("solana_rpc_url", solana.rpcUrl().toString());
        info.put("usdc_mint", usdcMint);
        info.put("payer", Map.of("solana_pubkey", payer.getPublicKeyBase58(),
                "solana_secret_key", Base58.encode(payer.getSecretKey())));
        info.put("agent_treasury", Map.of("solana", agentTreasury.getPublicKeyBase58()));
        info.put("fee_treasury", Map.of("solana", feeTreasury.getPublicKeyBase58()));
        info.put("upstream_agent_url", agent.url().toString());
        Path file = Path.of(".tollgate", "dev.json");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(info));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
        System.out.println(DevWalkthrough.text(gatewayUrl, payer.getPublicKeyBase58(), file.toAbsolutePath().toString()));
    }

    @Override
    public void close() {
        agent.close();
        solana.close();
    }
}
