package dev.tollgate.gateway.support;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.solana.SolanaNetworkConfig;
import dev.tollgate.chain.solana.SolanaRail;
import dev.tollgate.localnet.solana.SolanaNode;
import java.math.BigInteger;
import java.time.Duration;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.utils.Base58;

/**
 * One real local Solana node per test JVM with a USDC-like mint and funded treasuries, plus a rail of our own for
 * reading balances and transactions the way an outside observer would.
 */
public final class LocalSolana {
    private static LocalSolana instance;

    public final SolanaNode node;
    public final ChainAsset usdc;
    public final String network;
    public final String agentTreasury;
    public final String feeTreasury;
    public final SolanaRail observer;
    private ChainAsset token2022;

    private LocalSolana() {
        node = SolanaNode.start(SolanaNode.Options.fastForTests());
        usdc = SolanaNetworkConfig.usdcMint(node.createMint(6));
        network = node.caip2();
        agentTreasury = fundedAddress(1_000_000_000L);
        feeTreasury = fundedAddress(1_000_000_000L);
        observer = new SolanaRail(new SolanaNetworkConfig(NetworkId.of(network), node.rpcUrl(), usdc, Duration.ofSeconds(5)));
        Runtime.getRuntime().addShutdownHook(new Thread(node::close));
    }

    public static synchronized LocalSolana get() {
        if (instance == null) {
            instance = new LocalSolana();
        }
        return instance;
    }

    private String fundedAddress(long lamports) {
        String address = new Account().getPublicKeyBase58();
        node.airdrop(address, lamports);
        return address;
    }

    /** A payer keypair (base58 secret) with {@code lamports} SOL and {@code usdcUnits} USDC. */
    public Account payer(long lamports, long usdcUnits) {
        Account payer = new Account();
        node.airdrop(payer.getPublicKeyBase58(), lamports);
        if (usdcUnits > 0) {
            node.mintTo(usdc.address(), payer.getPublicKeyBase58(), BigInteger.valueOf(usdcUnits));
        }
        return payer;
    }

    /** A 6-decimal stablecoin-like mint owned by Token-2022 (symbol PYUSD), made on first use. */
    public synchronized ChainAsset token2022() {
        if (token2022 == null) {
            token2022 = new ChainAsset("PYUSD", 6, node.createMint(6, SolanaNode.TOKEN_2022_PROGRAM),
                    SolanaNode.TOKEN_2022_PROGRAM);
        }
        return token2022;
    }

    /** Balance of {@code owner} in {@code asset}, whichever token program owns it. */
    public BigInteger balance(String owner, ChainAsset asset) {
        return observer.balanceOf(owner, asset);
    }

    /**
     * What a wallet does with a challenge: sends {@code net} SOL to {@code payee} and {@code fee} to
     * {@code feeRecipient} in one transaction with the job's memo, signed by {@code payer}. Returns the signature.
     */
    public String paySol(Account payer, String jobId, String payee, String feeRecipient, BigInteger net,
                         BigInteger fee) throws Exception {
        var intent = new dev.tollgate.chain.PaymentIntent(jobId, observer.network(), SolanaNetworkConfig.SOL,
                payer.getPublicKeyBase58(), payee, feeRecipient, net, fee, "ATP:" + jobId);
        try (var secret = observer.parseSecret(secret(payer))) {
            var signed = observer.signPayment(intent, secret);
            observer.submit(signed, false);
            return signed.txId();
        }
    }

    /** {@link #paySol} exactly what the job's page asks for. */
    public String payAsWallet(com.fasterxml.jackson.databind.JsonNode jobPage, Account payer) throws Exception {
        return paySol(payer, jobPage.path("job_id").asText(), jobPage.path("agent_treasury").asText(),
                jobPage.path("fee_treasury").asText(), jobPage.path("net_units").bigIntegerValue(),
                jobPage.path("fee_units").bigIntegerValue());
    }

    public static String secret(Account account) {
        return Base58.encode(account.getSecretKey());
    }

    public BigInteger sol(String owner) {
        return observer.balanceOf(owner, SolanaNetworkConfig.SOL);
    }

    public BigInteger usdc(String owner) {
        return observer.balanceOf(owner, usdc);
    }
}
