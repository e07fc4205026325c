package dev.tollgate.chain.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.support.Poll;
import dev.tollgate.chain.x402.ExactPayment;
import dev.tollgate.chain.x402.ExactRefusedException;
import dev.tollgate.chain.x402.ExactRequirement;
import dev.tollgate.contracts.generated.SplitVaultFactory;
import dev.tollgate.contracts.generated.TestUSDC;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * x402 {@code exact} on a real anvil: the refusals with x402's reason strings, a payload made by the stock
 * {@code @x402/evm} client settled by our relayer with the fee split, one authorisation paying once, a copied
 * authorisation submitted by a stranger ending in the vault and swept only to the fixed recipients, and 16
 * concurrent settles from one relayer key all landing.
 */
class EvmExactSchemeTest {
    private static final int FEE_BPS = 250;
    private static final BigInteger TOTAL = BigInteger.valueOf(1_234_567);
    /** floor(1_234_567 * 250 / 10_000) */
    private static final BigInteger FEE = BigInteger.valueOf(30_864);
    private static final BigInteger NET = TOTAL.subtract(FEE);

    private static EvmTestChain chain;
    private static EvmRail rail;
    private static EvmExactScheme scheme;
    private static ChainAsset usdc;
    private static String factory;
    private static Web3j web3j;

    @BeforeAll
    static void start() throws Exception {
        chain = new EvmTestChain();
        factory = chain.deployer.deploySplitVaultFactory(EvmTestChain.OWNER_KEY);
        String relayerKey = chain.newPayerKey(false);
        rail = new EvmRail(chain.config(1, false).withExact(EvmExactConfig.of(factory, FEE_BPS, relayerKey)));
        scheme = (EvmExactScheme) rail.exactScheme().orElseThrow();
        usdc = rail.assets().get("USDC");
        web3j = Web3j.build(new HttpService(chain.anvil.rpcUrl().toString()));
    }

    @AfterAll
    static void stop() {
        web3j.shutdown();
        rail.close();
        chain.close();
    }

    @Test
    void requirementAsksTheWholeTotalToTheSplitVaultInTheTokensRealDomain() throws Exception {
        PaymentIntent intent = intent(EvmTestChain.newAddress(), EvmTestChain.newAddress());
        ExactRequirement req = scheme.requirement(intent, 90);

        assertThat(scheme.caip2()).isEqualTo("eip155:" + EvmTestChain.CHAIN_ID);
        assertThat(req.network()).isEqualTo(scheme.caip2());
        assertThat(req.asset()).isEqualToIgnoringCase(usdc.address());
        assertThat(req.amount()).isEqualTo(TOTAL);
        assertThat(req.maxTimeoutSeconds()).isEqualTo(90);
        assertThat(req.extra()).containsExactly(Map.entry("name", "USD Coin"), Map.entry("version", "2"));
        String onChain = SplitVaultFactory.load(factory, web3j, Credentials.create(EvmTestChain.OWNER_KEY), gas())
                .vaultOf(intent.payee(), intent.feeRecipient(), BigInteger.valueOf(FEE_BPS)).send();
        assertThat(req.payTo()).isEqualToIgnoringCase(onChain);
        assertThat(web3j.ethGetCode(req.payTo(), org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send()
                .getCode()).isEqualTo("0x"); // not deployed yet: the first settle deploys it

        PaymentIntent pol = new PaymentIntent("job-pol", EvmTestChain.NETWORK, EvmNetworkConfig.POL, null, intent.payee(),
                intent.feeRecipient(), NET, FEE, PaymentIntent.atpMemo("job-pol"));
        assertThatThrownBy(() -> scheme.requirement(pol, 60)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EIP-3009");
        // a fee no rate takes out of this total (rates step by about 123 units here) has no vault
        PaymentIntent noRate = new PaymentIntent("job-r", EvmTestChain.NETWORK, usdc, null, intent.payee(),
                intent.feeRecipient(), NET.add(BigInteger.ONE), FEE.subtract(BigInteger.ONE), PaymentIntent.atpMemo("job-r"));
        assertThatThrownBy(() -> scheme.requirement(noRate, 60)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no fee rate");
        // a job priced at another rate (a billed host's own fee, 5%) is paid through that rate's vault
        BigInteger fivePercent = TOTAL.multiply(BigInteger.valueOf(500)).divide(BigInteger.valueOf(10_000));
        PaymentIntent otherRate = new PaymentIntent("job-5", EvmTestChain.NETWORK, usdc, null, intent.payee(),
                intent.feeRecipient(), TOTAL.subtract(fivePercent), fivePercent, PaymentIntent.atpMemo("job-5"));
        int rate = EvmExactScheme.vaultBps(otherRate, FEE_BPS);
        assertThat(rate).isBetween(1, 500);
        String otherVault = SplitVaultFactory.load(factory, web3j, Credentials.create(EvmTestChain.OWNER_KEY), gas())
                .vaultOf(intent.payee(), intent.feeRecipient(), BigInteger.valueOf(rate)).send();
        assertThat(scheme.requirement(otherRate, 60).payTo()).isEqualToIgnoringCase(otherVault)
                .isNotEqualToIgnoringCase(onChain);
    }

    @Test
    void verifyRefusesWhatDoesNotPayTheRequirementWithX402Reasons() throws Exception {
        String payerKey = chain.newPayerKey(true);
        PaymentIntent intent = intent(EvmTestChain.newAddress(), EvmTestChain.newAddress());
        ExactRequirement req = scheme.requirement(intent, 60);
        long now = System.currentTimeMillis() / 1000;
        Auth good = Auth.to(req, now);

        assertThat(scheme.verify(req, sign(payerKey, good)).payer())
                .isEqualToIgnoringCase(Credentials.create(payerKey).getAddress());

        assertRefused(req, sign(payerKey, good.value(TOTAL.subtract(BigInteger.ONE))),
                "invalid_exact_evm_payload_authorization_value_mismatch");
        assertRefused(req, sign(payerKey, good.to(EvmTestChain.newAddress())), "invalid_exact_evm_recipient_mismatch");
        assertRefused(req, sign(payerKey, good.validBefore(now + 3)), "invalid_exact_evm_payload_authorization_valid_before");
        assertRefused(req, sign(payerKey, good.validBefore(now - 60)), "invalid_exact_evm_payload_authorization_valid_before");
        assertRefused(req, sign(payerKey, good.validAfter(now + 600)), "invalid_exact_evm_payload_authorization_valid_after");
        // Signed for another token's domain: our token would never accept it.
        assertRefused(req, sign(payerKey, good.token(EvmTestChain.newAddress())), "invalid_exact_evm_signature");
        // Signed by someone else in the payer's name.
        assertRefused(req, sign(chain.newPayerKey(true), good.from(Credentials.create(payerKey).getAddress())),
                "invalid_exact_evm_signature");
        Map<String, Object> truncated = sign(payerKey, good);
        truncated.put("signature", ((String) truncated.get("signature")).substring(0, 100));
        assertRefused(req, truncated, "invalid_exact_evm_signature");
        Map<String, Object> badNonce = sign(payerKey, good);
        authorization(badNonce).put("nonce", "0x1234");
        assertRefused(req, badNonce, "invalid_payload");
        Map<String, Object> hugeValue = sign(payerKey, good);
        authorization(hugeValue).put("value", "9".repeat(200));
        assertRefused(req, hugeValue, "invalid_payload");
        assertRefused(req, sign(chain.newPayerKey(false), good), "invalid_exact_evm_insufficient_balance");

        ExactRequirement otherAsset = new ExactRequirement(req.network(), EvmTestChain.newAddress(), req.payTo(),
                req.amount(), 60, req.extra());
        assertRefused(otherAsset, sign(payerKey, good), "invalid_payment_requirements");
        ExactRequirement otherNetwork = new ExactRequirement("eip155:1", req.asset(), req.payTo(), req.amount(), 60, req.extra());
        assertRefused(otherNetwork, sign(payerKey, good), "invalid_exact_evm_network_mismatch");
        ExactRequirement noDomain = new ExactRequirement(req.network(), req.asset(), req.payTo(), req.amount(), 60, Map.of());
        assertRefused(noDomain, sign(payerKey, good), "invalid_exact_evm_missing_eip712_domain");
    }

    @Test
    void aPayloadFromTheStockX402ClientSettlesThroughTheVaultWithTheFeeSplit() throws Exception {
        String payerKey = chain.newPayerKey(true);
        String payer = Credentials.create(payerKey).getAddress();
        PaymentIntent intent = intent(EvmTestChain.newAddress(), EvmTestChain.newAddress());
        ExactRequirement req = scheme.requirement(intent, 120);

        Map<String, Object> paymentPayload = ExactEvmPayloads.stockClientPayload(req, payerKey);
        assertThat(paymentPayload.get("x402Version")).isEqualTo(2);
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = (Map<String, Object>) paymentPayload.get("payload");
        ExactPayment payment = scheme.verify(req, payload);
        String nonce = (String) authorization(payload).get("nonce");
        assertThat(payment.paymentKey()).isEqualTo((usdc.address() + ":" + payer + ":" + nonce).toLowerCase());

        BigInteger payerBefore = rail.balanceOf(payer, usdc);
        SignedPayment settle = scheme.prepare(intent, payment);
        assertThat(settle.payer()).isEqualTo(scheme.relayerAddress());
        assertThat(scheme.submit(settle)).isEqualTo(CustodialSigner.Submission.ACCEPTED);
        PaymentCheck verdict = finalVerdict(intent, payment, settle);

        assertThat(verdict.status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(verdict.observed().toPayee()).isEqualTo(NET);
        assertThat(verdict.observed().toFeeRecipient()).isEqualTo(FEE);
        assertThat(verdict.observed().payer()).isEqualToIgnoringCase(payer);
        assertThat(rail.balanceOf(intent.payee(), usdc)).isEqualTo(NET);
        assertThat(rail.balanceOf(intent.feeRecipient(), usdc)).isEqualTo(FEE);
        assertThat(rail.balanceOf(req.payTo(), usdc)).isZero();
        assertThat(payerBefore.subtract(rail.balanceOf(payer, usdc))).isEqualTo(TOTAL);
        // Sending the same bytes again is a no-op the node reports, never a second payment.
        assertThat(scheme.submit(settle)).isEqualTo(CustodialSigner.Submission.ALREADY_KNOWN);
    }

    @Test
    void oneAuthorisationSettledTwicePaysOnce() throws Exception {
        String payerKey = chain.newPayerKey(true);
        String payer = Credentials.create(payerKey).getAddress();
        PaymentIntent intent = intent(EvmTestChain.newAddress(), EvmTestChain.newAddress());
        ExactRequirement req = scheme.requirement(intent, 120);
        Map<String, Object> payload = sign(payerKey, Auth.to(req, System.currentTimeMillis() / 1000));
        ExactPayment payment = scheme.verify(req, payload);

        // Two settles of one authorisation prepared before either is sent (e.g. two instances racing).
        SignedPayment first = scheme.prepare(intent, payment);
        SignedPayment second = scheme.prepare(intent, payment);
        assertThat(second.txId()).isNotEqualTo(first.txId());
        scheme.submit(first);
        assertThat(finalVerdict(intent, payment, first).status()).isEqualTo(PaymentCheck.Status.VERIFIED);

        PaymentRejectedException refused = catchThrowableOfType(PaymentRejectedException.class, () -> scheme.submit(second));
        if (refused == null) { // the node took it before the preflight could see the first: the chain reverts it
            assertThat(finalVerdict(intent, payment, second).status()).isEqualTo(PaymentCheck.Status.REJECTED);
        }
        assertRefused(req, payload, "invalid_exact_evm_nonce_already_used");
        assertThatThrownBy(() -> scheme.prepare(intent, payment)).isInstanceOf(ExactRefusedException.class);
        assertThat(rail.balanceOf(intent.payee(), usdc)).isEqualTo(NET);
        assertThat(rail.balanceOf(intent.feeRecipient(), usdc)).isEqualTo(FEE);
        assertThat(THOUSAND_USDC().subtract(rail.balanceOf(payer, usdc))).isEqualTo(TOTAL);
    }

    @Test
    void beforeAClaimOnlyTheOfflineChecksRunAndPrepareRefusesWhatTheChainTellsWithVerifysReasons() throws Exception {
        PaymentIntent intent = intent(EvmTestChain.newAddress(), EvmTestChain.newAddress());
        ExactRequirement req = scheme.requirement(intent, 120);
        long now = System.currentTimeMillis() / 1000;
        String relayer = scheme.relayerAddress();

        // offline refusals are the same as verify's
        String payerKey = chain.newPayerKey(true);
        ExactRefusedException offline = catchThrowableOfType(ExactRefusedException.class, () -> scheme.verifyForSettle(
                req, sign(payerKey, Auth.to(req, now).value(TOTAL.subtract(BigInteger.ONE)))));
        assertThat(offline.reason()).isEqualTo("invalid_exact_evm_payload_authorization_value_mismatch");

        // a payer without the USDC passes the offline checks; the settle's own simulation refuses it, named, unsent
        BigInteger pendingBefore = pendingNonce(relayer);
        ExactPayment unfunded = scheme.verifyForSettle(req, sign(chain.newPayerKey(false), Auth.to(req, now)));
        ExactRefusedException broke = catchThrowableOfType(ExactRefusedException.class, () -> scheme.prepare(intent, unfunded));
        assertThat(broke.reason()).isEqualTo("invalid_exact_evm_insufficient_balance");

        // an authorisation already used on chain: the same
        Map<String, Object> payload = sign(payerKey, Auth.to(req, now));
        ExactPayment payment = scheme.verifyForSettle(req, payload);
        SignedPayment settle = scheme.prepare(intent, payment);
        assertThat(TransactionDecoder.decode(Numeric.toHexString(settle.rawTx())).getNonce())
                .isEqualTo(pendingBefore); // the refused prepare reserved no nonce
        scheme.submit(settle);
        assertThat(finalVerdict(intent, payment, settle).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(scheme.verifyForSettle(req, payload).paymentKey()).isEqualTo(payment.paymentKey());
        ExactRefusedException used = catchThrowableOfType(ExactRefusedException.class, () -> scheme.prepare(intent, payment));
        assertThat(used.reason()).isEqualTo("invalid_exact_evm_nonce_already_used");
        assertThat(pendingNonce(relayer)).isEqualTo(pendingBefore.add(BigInteger.ONE)); // only the settle was sent
        assertThat(rail.balanceOf(intent.payee(), usdc)).isEqualTo(NET);
        assertThat(rail.balanceOf(intent.feeRecipient(), usdc)).isEqualTo(FEE);
    }

    private static BigInteger pendingNonce(String address) throws java.io.IOException {
        return web3j.ethGetTransactionCount(address, org.web3j.protocol.core.DefaultBlockParameterName.PENDING).send()
                .getTransactionCount();
    }

    @Test
    void anAuthorisationCopiedToTheTokenByAStrangerEndsInTheVaultAndASweepPaysOnlyTheFixedRecipients() throws Exception {
        String payerKey = chain.newPayerKey(true);
        PaymentIntent intent = intent(EvmTestChain.newAddress(), EvmTestChain.newAddress());
        ExactRequirement req = scheme.requirement(intent, 120);
        Map<String, Object> payload = sign(payerKey, Auth.to(req, System.currentTimeMillis() / 1000));
        scheme.verify(req, payload);
        ExactEvmPayload p = ExactEvmPayload.parse(payload);
        Credentials stranger = Credentials.create(chain.newPayerKey(false));

        byte[] sig = p.signature();
        TestUSDC.load(usdc.address(), web3j, manager(stranger), gas()).transferWithAuthorization(p.from(), p.to(), p.value(),
                p.validAfter(), p.validBefore(), p.nonce(), BigInteger.valueOf(Byte.toUnsignedInt(sig[64])),
                java.util.Arrays.copyOfRange(sig, 0, 32), java.util.Arrays.copyOfRange(sig, 32, 64)).send();
        assertThat(rail.balanceOf(req.payTo(), usdc)).isEqualTo(TOTAL);
        assertThat(rail.balanceOf(stranger.getAddress(), usdc)).isZero();
        assertRefused(req, payload, "invalid_exact_evm_nonce_already_used"); // our relayer never sends it

        // Only the factory may split part of a vault; the stranger can only sweep all of it, to the fixed recipients.
        String release = org.web3j.abi.FunctionEncoder.encode(new org.web3j.abi.datatypes.Function("release",
                List.of(new org.web3j.abi.datatypes.Address(usdc.address()), new org.web3j.abi.datatypes.generated.Uint256(1)),
                List.of()));
        SplitVaultFactory.load(factory, web3j, manager(stranger), gas())
                .deployVault(intent.payee(), intent.feeRecipient(), BigInteger.valueOf(FEE_BPS)).send();
        var call = web3j.ethCall(org.web3j.protocol.core.methods.request.Transaction.createEthCallTransaction(
                stranger.getAddress(), req.payTo(), release), org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send();
        assertThat(call.isReverted() || call.hasError()).isTrue();

        SplitVaultFactory.load(factory, web3j, manager(stranger), gas())
                .sweep(intent.payee(), intent.feeRecipient(), BigInteger.valueOf(FEE_BPS), usdc.address()).send();
        assertThat(rail.balanceOf(intent.payee(), usdc)).isEqualTo(NET);
        assertThat(rail.balanceOf(intent.feeRecipient(), usdc)).isEqualTo(FEE);
        assertThat(rail.balanceOf(req.payTo(), usdc)).isZero();
        assertThat(rail.balanceOf(stranger.getAddress(), usdc)).isZero();
    }

    @Test
    void sixteenConcurrentSettlesFromOneRelayerAllLand() throws Exception {
        int n = 16;
        String payerKey = chain.newPayerKey(true);
        String payee = EvmTestChain.newAddress();
        String feeRecipient = EvmTestChain.newAddress();
        List<PaymentIntent> intents = new ArrayList<>();
        List<ExactPayment> payments = new ArrayList<>();
        long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < n; i++) {
            PaymentIntent intent = intent(payee, feeRecipient);
            ExactRequirement req = scheme.requirement(intent, 120);
            intents.add(intent);
            payments.add(scheme.verify(req, sign(payerKey, Auth.to(req, now))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<SignedPayment> settles = new ArrayList<>();
        try {
            CompletableFuture<Void> go = new CompletableFuture<>();
            List<Future<SignedPayment>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    go.join();
                    SignedPayment settle = scheme.prepare(intents.get(k), payments.get(k));
                    scheme.submit(settle);
                    return settle;
                }));
            }
            go.complete(null);
            for (Future<SignedPayment> f : futures) {
                settles.add(f.get(2, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
        Set<BigInteger> relayerNonces = new HashSet<>();
        for (SignedPayment s : settles) {
            RawTransaction tx = TransactionDecoder.decode(Numeric.toHexString(s.rawTx()));
            relayerNonces.add(tx.getNonce());
        }
        assertThat(relayerNonces).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(finalVerdict(intents.get(i), payments.get(i), settles.get(i)).status())
                    .as("settle %d", i).isEqualTo(PaymentCheck.Status.VERIFIED);
        }
        assertThat(rail.balanceOf(payee, usdc)).isEqualTo(NET.multiply(BigInteger.valueOf(n)));
        assertThat(rail.balanceOf(feeRecipient, usdc)).isEqualTo(FEE.multiply(BigInteger.valueOf(n)));
    }

    @Test
    void aStaleRelayerNonceIsNeverSignedAgain() throws Exception {
        // A store handing out an already used nonce once, as one fed a pending count read before a settle landed.
        NonceReservations store = new InMemoryNonceReservations();
        int[] stale = {1};
        NonceReservations staleOnce = new NonceReservations() {
            @Override
            public Reservation reserve(dev.tollgate.chain.NetworkId network, String payer, long pendingCount,
                                       long chainTime, String permitToken, long deadline) {
                if (pendingCount > 0 && stale[0]-- > 0) {
                    return new Reservation(UUID.randomUUID(), network, payer.toLowerCase(), pendingCount - 1);
                }
                return store.reserve(network, payer, pendingCount, chainTime, permitToken, deadline);
            }

            @Override
            public int permitsBetween(Reservation reservation, String token, long fromNonce, long chainTime) {
                return store.permitsBetween(reservation, token, fromNonce, chainTime);
            }

            @Override
            public void signed(Reservation reservation, String txHash) {
                store.signed(reservation, txHash);
            }

            @Override
            public void cancel(Reservation reservation) {
                store.cancel(reservation);
            }

            @Override
            public void rejected(dev.tollgate.chain.NetworkId network, String payer, String txHash) {
                store.rejected(network, payer, txHash);
            }
        };
        String relayerKey = chain.newPayerKey(false);
        try (EvmRail other = new EvmRail(chain.config(1, false).withExact(EvmExactConfig.of(factory, FEE_BPS, relayerKey)),
                staleOnce)) {
            EvmExactScheme relay = (EvmExactScheme) other.exactScheme().orElseThrow();
            String payerKey = chain.newPayerKey(true);
            List<BigInteger> used = new ArrayList<>();
            // three: a relay reserves from the pending count the previous one read (0, 0, 1), so the third is fed
            // a count from before the second settle landed and is handed the used nonce 0
            for (int i = 0; i < 3; i++) {
                PaymentIntent intent = intent(EvmTestChain.newAddress(), EvmTestChain.newAddress());
                ExactRequirement req = relay.requirement(intent, 120);
                ExactPayment payment = relay.verify(req, sign(payerKey, Auth.to(req, System.currentTimeMillis() / 1000)));
                SignedPayment settle = relay.prepare(intent, payment);
                used.add(TransactionDecoder.decode(Numeric.toHexString(settle.rawTx())).getNonce());
                relay.submit(settle);
                PaymentCheck verdict = Poll.until(() -> {
                    PaymentCheck c = relay.check(intent, payment, settle.txId(), Commitment.CONFIRMED, settle.validUntil());
                    return c.isFinal() ? c : null;
                }, Poll.LIMIT);
                assertThat(verdict.status()).isEqualTo(PaymentCheck.Status.VERIFIED);
            }
            assertThat(stale[0]).isNegative(); // the stale nonce was handed out
            assertThat(used).containsExactly(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO);
        }
    }

    @Test
    void relayedGasIsReservedFromTheBudgetAndGivenBackWhenASettleIsNeverSent() throws Exception {
        java.util.concurrent.atomic.AtomicReference<BigInteger> left = new java.util.concurrent.atomic.AtomicReference<>();
        List<String> payers = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.tollgate.chain.SpendBudget budget = new dev.tollgate.chain.SpendBudget() {
            @Override
            public boolean tryReserve(String network, String payer, BigInteger units) {
                payers.add(payer);
                BigInteger[] granted = {null};
                left.updateAndGet(l -> {
                    granted[0] = l.compareTo(units) >= 0 ? units : null;
                    return granted[0] == null ? l : l.subtract(units);
                });
                return granted[0] != null;
            }

            @Override
            public void release(String network, String payer, BigInteger units) {
                left.updateAndGet(l -> l.add(units));
            }
        };
        String relayerKey = chain.newPayerKey(false);
        try (EvmRail other = new EvmRail(chain.config(1, false).withExact(EvmExactConfig.of(factory, FEE_BPS, relayerKey)),
                new InMemoryNonceReservations(), dev.tollgate.chain.transport.RpcTransportPolicy.forTimeout(
                        java.time.Duration.ofSeconds(5)), null, budget)) {
            EvmExactScheme relay = (EvmExactScheme) other.exactScheme().orElseThrow();
            String payerKey = chain.newPayerKey(true);
            PaymentIntent intent = intent(EvmTestChain.newAddress(), EvmTestChain.newAddress());
            ExactRequirement req = relay.requirement(intent, 120);
            ExactPayment payment = relay.verify(req, sign(payerKey, Auth.to(req, System.currentTimeMillis() / 1000)));

            left.set(BigInteger.ZERO);
            ExactRefusedException spent = catchThrowableOfType(ExactRefusedException.class, () -> relay.prepare(intent, payment));
            assertThat(spent).isNotNull();
            assertThat(spent.reason()).isEqualTo("gas_budget_exhausted");
            assertThat(payers).containsOnly(payment.payer()); // budgets are per payer, not per relayer

            BigInteger start = BigInteger.TEN.pow(18);
            left.set(start);
            SignedPayment first = relay.prepare(intent, payment);
            assertThat(TransactionDecoder.decode(Numeric.toHexString(first.rawTx())).getNonce())
                    .isZero(); // the refused prepare gave its nonce back
            BigInteger afterFirst = left.get();
            assertThat(afterFirst).isLessThan(start);
            SignedPayment second = relay.prepare(intent, payment); // the same authorisation again, e.g. a retry
            assertThat(left.get()).isLessThan(afterFirst);
            relay.submit(first);
            assertThat(Poll.until(() -> {
                PaymentCheck c = relay.check(intent, payment, first.txId(), Commitment.CONFIRMED, first.validUntil());
                return c.isFinal() ? c : null;
            }, Poll.LIMIT).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
            assertThatThrownBy(() -> relay.submit(second)).isInstanceOf(PaymentRejectedException.class);
            assertThat(left.get()).isEqualTo(afterFirst); // the refused settle's gas is back, the sent one's is spent
        }
    }

    // ---- helpers ----

    private static BigInteger THOUSAND_USDC() {
        return EvmTestChain.THOUSAND_USDC;
    }

    private static PaymentIntent intent(String payee, String feeRecipient) {
        String jobId = UUID.randomUUID().toString();
        return new PaymentIntent(jobId, EvmTestChain.NETWORK, usdc, null, payee, feeRecipient, NET, FEE,
                PaymentIntent.atpMemo(jobId));
    }

    private static PaymentCheck finalVerdict(PaymentIntent intent, ExactPayment payment, SignedPayment settle)
            throws InterruptedException {
        PaymentCheck[] last = new PaymentCheck[1];
        try {
            return Poll.until(() -> {
                last[0] = scheme.check(intent, payment, settle.txId(), Commitment.CONFIRMED, settle.validUntil());
                return last[0].isFinal() ? last[0] : null;
            }, Poll.LIMIT);
        } catch (AssertionError stillPending) {
            return last[0];
        }
    }

    private static void assertRefused(ExactRequirement req, Map<String, Object> payload, String reason) {
        ExactRefusedException refused = catchThrowableOfType(ExactRefusedException.class, () -> scheme.verify(req, payload));
        assertThat(refused).as("refused with " + reason).isNotNull();
        assertThat(refused.reason()).isEqualTo(reason);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> authorization(Map<String, Object> payload) {
        return (Map<String, Object>) payload.get("authorization");
    }

    /** One authorisation's terms as a test wants them; {@code from} null means the signer's own address. */
    private record Auth(String from, String to, BigInteger value, long validAfter, long validBefore, String token) {
        static Auth to(ExactRequirement req, long now) {
            return new Auth(null, req.payTo(), req.amount(), 0, now + req.maxTimeoutSeconds(), req.asset());
        }

        Auth value(BigInteger v) {
            return new Auth(from, to, v, validAfter, validBefore, token);
        }

        Auth to(String t) {
            return new Auth(from, t, value, validAfter, validBefore, token);
        }

        Auth validAfter(long t) {
            return new Auth(from, to, value, t, validBefore, token);
        }

        Auth validBefore(long t) {
            return new Auth(from, to, value, validAfter, t, token);
        }

        Auth token(String t) {
            return new Auth(from, to, value, validAfter, validBefore, t);
        }

        Auth from(String f) {
            return new Auth(f, to, value, validAfter, validBefore, token);
        }
    }

    private static Map<String, Object> sign(String key, Auth a) {
        return ExactEvmPayloads.signed(key, a.from(), a.to(), a.value(), a.validAfter(), a.validBefore(), a.token());
    }

    private static RawTransactionManager manager(Credentials from) {
        return new RawTransactionManager(web3j, from, EvmTestChain.CHAIN_ID,
                new PollingTransactionReceiptProcessor(web3j, 50, 600));
    }

    private static ContractGasProvider gas() {
        return new StaticEIP1559GasProvider(EvmTestChain.CHAIN_ID, BigInteger.valueOf(50_000_000_000L),
                BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(1_000_000));
    }
}
