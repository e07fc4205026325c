package dev.tollgate.bench;

import dev.tollgate.localnet.JsonRpcClient;
import dev.tollgate.localnet.evm.AnvilNode;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * Anvil alone, with no gateway: (1) a plain ETH transfer sent and its receipt read, one at a time (the chain's share
 * of a settle: anvil mines a block per transaction), (2) transfers from several of anvil's funded dev accounts at
 * once (each account's nonces in order), counted until every receipt exists: anvil's raw rate.
 */
final class AnvilLimit {
    record Outcome(LoadResult receiptAlone, LoadResult burst) {
    }

    private static final BigInteger GAS = BigInteger.valueOf(21_000);
    private final JsonRpcClient rpc;
    private final long chainId;
    private final String to = "0x000000000000000000000000000000000000b0b0";

    AnvilLimit(URI rpcUrl, long chainId) {
        this.rpc = new JsonRpcClient(rpcUrl);
        this.chainId = chainId;
    }

    Outcome run(int sequential, int burstPerAccount, int accounts) throws Exception {
        BigInteger gasPrice = Numeric.decodeQuantity(rpc.call("eth_gasPrice").asText()).multiply(BigInteger.TWO);
        // dev keys 5.. are untouched by the dev stack (it deploys with key 0)
        Credentials solo = Credentials.create(AnvilNode.DEV_PRIVATE_KEYS.get(5));
        BigInteger nonce = nonce(solo.getAddress());
        Histogram alone = new Histogram(3);
        long ok = 0;
        long start = System.nanoTime();
        for (int i = 0; i < sequential; i++) {
            long t0 = System.nanoTime();
            String hash = send(solo, nonce, gasPrice);
            nonce = nonce.add(BigInteger.ONE);
            if (awaitReceipt(hash, t0 + 30_000_000_000L)) {
                ok++;
                alone.recordValue((System.nanoTime() - t0) / 1000);
            }
        }
        LoadResult aloneResult = LoadResult.of("anvil transfer, send→receipt, one at a time", 1, sequential, ok,
                sequential - ok, (System.nanoTime() - start) / 1e9, alone);

        Histogram perTx = new org.HdrHistogram.ConcurrentHistogram(3);
        long t0 = System.nanoTime();
        List<Future<Long>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int a = 0; a < accounts; a++) {
                Credentials key = Credentials.create(AnvilNode.DEV_PRIVATE_KEYS.get(6 + a));
                futures.add(threads.submit(() -> {
                    BigInteger n = nonce(key.getAddress());
                    List<String> hashes = new ArrayList<>();
                    for (int i = 0; i < burstPerAccount; i++) {
                        long s = System.nanoTime();
                        hashes.add(send(key, n, gasPrice));
                        perTx.recordValue((System.nanoTime() - s) / 1000);
                        n = n.add(BigInteger.ONE);
                    }
                    long mined = 0;
                    for (String h : hashes) {
                        if (awaitReceipt(h, System.nanoTime() + 30_000_000_000L)) {
                            mined++;
                        }
                    }
                    return mined;
                }));
            }
        }
        long mined = 0;
        for (Future<Long> f : futures) {
            try {
                mined += f.get();
            } catch (Exception e) {
                // an account's sends failed: its transfers count as failed
            }
        }
        int total = burstPerAccount * accounts;
        LoadResult burst = LoadResult.of("anvil transfers, " + accounts + " senders, until all mined", accounts, total,
                mined, total - mined, (System.nanoTime() - t0) / 1e9, perTx);
        return new Outcome(aloneResult, burst);
    }

    private BigInteger nonce(String address) {
        return Numeric.decodeQuantity(rpc.call("eth_getTransactionCount", address, "pending").asText());
    }

    private String send(Credentials key, BigInteger nonce, BigInteger gasPrice) {
        RawTransaction tx = RawTransaction.createEtherTransaction(nonce, gasPrice, GAS, to, BigInteger.ONE);
        String wire = Numeric.toHexString(TransactionEncoder.signMessage(tx, chainId, key));
        return rpc.call("eth_sendRawTransaction", wire).asText();
    }

    private boolean awaitReceipt(String hash, long deadlineNanos) throws InterruptedException {
        while (System.nanoTime() < deadlineNanos) {
            if (!rpc.call("eth_getTransactionReceipt", hash).isNull()) {
                return true;
            }
            Thread.sleep(2); // poll interval of a condition with a deadline
        }
        return false;
    }
}
