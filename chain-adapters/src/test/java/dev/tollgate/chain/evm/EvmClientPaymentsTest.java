package dev.tollgate.chain.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.ClientPayment.GaslessAuthorization;
import dev.tollgate.chain.ClientPayment.SignedTransaction;
import dev.tollgate.chain.ClientPaymentRefusedException;
import dev.tollgate.chain.ClientPaymentRefusedException.Reason;
import dev.tollgate.chain.ClientPayments;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.CustodialSigner.Submission;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.support.Poll;
import dev.tollgate.chain.transport.RpcTransportPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * Client-signed payments on a real anvil: signed EIP-1559 transactions checked before broadcast (each tampered
 * variant refused with its reason and never sent), and gasless EIP-3009 authorisations relayed by the gateway's key.
 */
class EvmClientPaymentsTest {
    private static final BigInteger NET = BigInteger.valueOf(1_500_000);
    private static final BigInteger FEE = BigInteger.valueOf(78_947);
    private static final BigInteger GWEI = BigInteger.valueOf(1_000_000_000L);

    private static EvmTestChain chain;
    /** The buyer's own rail: signs locally with the custodial signer's code, never sends. */
    private static EvmRail buyer;
    /** The gateway's rail, with a relayer key and an unlimited budget. */
    private static EvmRail gateway;
    private static RecordingSpendBudget budget;
    private static ClientPayments payments;
    private static String relayer;
    private static Web3j wallet;

    @BeforeAll
    static void start() throws Exception {
        chain = new EvmTestChain();
        buyer = new EvmRail(chain.config(1, false));
        budget = RecordingSpendBudget.unlimited();
        gateway = relayingRail(budget);
        payments = gateway.clientPayments().orElseThrow();
        relayer = ((EvmClientPayments) payments).relayerAddress();
        wallet = Web3j.build(new HttpService(chain.anvil.rpcUrl().toString()));
    }

    @AfterAll
    static void stop() {
        wallet.shutdown();
        gateway.close();
        buyer.close();
        chain.close();
    }

    private static EvmRail relayingRail(RecordingSpendBudget relayBudget) throws Exception {
        String relayerKey = chain.newPayerKey(false); // 10 POL for gas, nothing else
        EvmNetworkConfig config = chain.config(1, false).withRelayerKey(EvmNetworkConfig.relayerKey(relayerKey));
        return new EvmRail(config, new InMemoryNonceReservations(), RpcTransportPolicy.forTimeout(config.rpcTimeout()),
                null, relayBudget);
    }

    // ---- signed transactions ----

    @Test
    void aPolTransactionSignedByTheCustodialSignerCodeIsCheckedBroadcastAndPaysOnce() throws Exception {
        try (PayerSecret secret = buyer.parseSecret(chain.newPayerKey(false))) {
            PaymentIntent intent = intent(EvmNetworkConfig.POL, buyer.addressOf(secret));
            SignedPayment signed = buyer.signPayment(intent, secret); // in the buyer's process

            SignedPayment inspected = payments.inspect(intent, new SignedTransaction(signed.rawTx()));
            assertThat(inspected.txId()).isEqualTo(Numeric.toHexString(Hash.sha3(signed.rawTx())));
            assertThat(inspected.payer()).isEqualTo(intent.payer());
            assertThat(payments.submit(inspected)).isEqualTo(Submission.ACCEPTED);
            assertThat(payments.submit(inspected)).isEqualTo(Submission.ALREADY_KNOWN);

            assertThat(verdict(intent, inspected).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
            assertThat(gateway.balanceOf(intent.payee(), EvmNetworkConfig.POL)).isEqualTo(NET);
            assertThat(gateway.balanceOf(intent.feeRecipient(), EvmNetworkConfig.POL)).isEqualTo(FEE);
        }
    }

    @Test
    void aTransactionAboveAGapIsNeverSentButWaitsForLowerNoncesOnTheirWay() throws Exception {
        try (PayerSecret secret = buyer.parseSecret(chain.newPayerKey(false))) {
            String payer = buyer.addressOf(secret);
            PaymentIntent first = intent(EvmNetworkConfig.POL, payer);
            PaymentIntent second = intent(EvmNetworkConfig.POL, payer);
            SignedPayment lower = payments.inspect(first, new SignedTransaction(buyer.signPayment(first, secret).rawTx()));
            SignedPayment higher = payments.inspect(second, new SignedTransaction(buyer.signPayment(second, secret).rawTx()));

            // alone, the higher nonce would wait behind the gap forever: refused, and the node never sees it
            assertThatThrownBy(() -> payments.submit(higher))
                    .isInstanceOfSatisfying(PaymentRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(PaymentRejectedException.Reason.INVALID_REQUEST))
                    .hasMessageContaining("lower nonces first");
            assertNeverSent(payer, List.of(higher.txId(), lower.txId()));

            // sent together (a payer settling two jobs at once), the higher one waits for the lower to arrive
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<Submission> waiting = pool.submit(() -> payments.submit(higher));
                assertThat(payments.submit(lower)).isEqualTo(Submission.ACCEPTED);
                assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(Submission.ACCEPTED);
            } finally {
                pool.shutdownNow();
            }
            assertThat(verdict(first, lower).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
            assertThat(verdict(second, higher).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        }
    }

    @Test
    void aUsdcPermitTransactionSignedLocallyPays() throws Exception {
        try (PayerSecret secret = buyer.parseSecret(chain.newPayerKey(true))) {
            PaymentIntent intent = intent(usdc(), buyer.addressOf(secret));
            SignedPayment signed = buyer.signPayment(intent, secret);
            assertThat(word(signed.rawTx())).as("one-transaction permit payment")
                    .isEqualTo(selector(FeeSplitterAbi.PAY_TOKEN_WITH_PERMIT));

            SignedPayment inspected = payments.inspect(intent, new SignedTransaction(signed.rawTx()));
            assertThat(payments.submit(inspected)).isEqualTo(Submission.ACCEPTED);
            assertThat(verdict(intent, inspected).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
            assertThat(gateway.balanceOf(intent.payee(), usdc())).isEqualTo(NET);
            assertThat(gateway.balanceOf(intent.feeRecipient(), usdc())).isEqualTo(FEE);
        }
    }

    @Test
    void aTransactionSignedByViemFromTheInstructionsIsAcceptedAndPays() throws Exception {
        String key = chain.newPayerKey(false);
        String payer = Credentials.create(key).getAddress();
        PaymentIntent intent = intent(EvmNetworkConfig.POL, payer);
        Map<String, Object> instructions = gateway.paymentInstructions(intent);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("rpcUrl", chain.anvil.rpcUrl().toString());
        request.put("chainId", instructions.get("chain_id"));
        request.put("to", instructions.get("splitter"));
        request.put("data", instructions.get("calldata"));
        request.put("value", instructions.get("value"));
        byte[] raw = Numeric.hexStringToByteArray(
                viem("sign-transaction.mjs", new ObjectMapper().writeValueAsString(request), key).get("raw").asText());

        SignedPayment inspected = payments.inspect(intent, new SignedTransaction(raw));
        assertThat(payments.submit(inspected)).isEqualTo(Submission.ACCEPTED);
        assertThat(verdict(intent, inspected).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(gateway.balanceOf(intent.payee(), EvmNetworkConfig.POL)).isEqualTo(NET);
        assertThat(gateway.balanceOf(intent.feeRecipient(), EvmNetworkConfig.POL)).isEqualTo(FEE);
    }

    @Test
    void everyTamperedNativeTransactionIsRefusedWithItsReasonAndNeverSent() throws Exception {
        Credentials payer = Credentials.create(chain.newPayerKey(false));
        Credentials stranger = Credentials.create(chain.newPayerKey(false));
        PaymentIntent intent = intent(EvmNetworkConfig.POL, payer.getAddress());
        long deadline = chainTime() + 60;
        byte[] jobRef = FeeSplitterAbi.jobRef(intent.memo());
        String splitter = chain.contracts.splitter();
        BigInteger total = intent.totalUnits();
        String good = FeeSplitterAbi.payNative(jobRef, intent.payee(), NET, intent.feeRecipient(), FEE, deadline);

        // The untampered transaction passes: every variant below differs from it in one thing only.
        assertThat(payments.inspect(intent, signed(payer, EvmTestChain.CHAIN_ID, splitter, total, good, 200_000)).txId())
                .startsWith("0x");

        Map<String, Object[]> variants = new LinkedHashMap<>();
        variants.put("other chain", new Object[] {Reason.WRONG_NETWORK,
                signed(payer, 137, splitter, total, good, 200_000)});
        variants.put("not the splitter", new Object[] {Reason.WRONG_RECIPIENT,
                signed(payer, EvmTestChain.CHAIN_ID, EvmTestChain.newAddress(), total, good, 200_000)});
        variants.put("another function", new Object[] {Reason.UNEXPECTED_INSTRUCTION,
                signed(payer, EvmTestChain.CHAIN_ID, splitter, total, FeeSplitterAbi.approve(splitter, total), 200_000)});
        variants.put("no calldata", new Object[] {Reason.UNEXPECTED_INSTRUCTION,
                signed(payer, EvmTestChain.CHAIN_ID, splitter, total, "0x", 200_000)});
        variants.put("other job", new Object[] {Reason.MEMO_MISSING, signed(payer, EvmTestChain.CHAIN_ID, splitter, total,
                FeeSplitterAbi.payNative(FeeSplitterAbi.jobRef("ATP:other"), intent.payee(), NET, intent.feeRecipient(),
                        FEE, deadline), 200_000)});
        variants.put("other payee", new Object[] {Reason.WRONG_RECIPIENT, signed(payer, EvmTestChain.CHAIN_ID, splitter,
                total, FeeSplitterAbi.payNative(jobRef, EvmTestChain.newAddress(), NET, intent.feeRecipient(), FEE,
                        deadline), 200_000)});
        variants.put("other fee recipient", new Object[] {Reason.WRONG_RECIPIENT, signed(payer, EvmTestChain.CHAIN_ID,
                splitter, total, FeeSplitterAbi.payNative(jobRef, intent.payee(), NET, EvmTestChain.newAddress(), FEE,
                        deadline), 200_000)});
        variants.put("net short", new Object[] {Reason.AMOUNT_MISMATCH, signed(payer, EvmTestChain.CHAIN_ID, splitter,
                total.subtract(BigInteger.ONE), FeeSplitterAbi.payNative(jobRef, intent.payee(), NET.subtract(BigInteger.ONE),
                        intent.feeRecipient(), FEE, deadline), 200_000)});
        variants.put("fee moved to net", new Object[] {Reason.AMOUNT_MISMATCH, signed(payer, EvmTestChain.CHAIN_ID,
                splitter, total, FeeSplitterAbi.payNative(jobRef, intent.payee(), total, intent.feeRecipient(),
                        BigInteger.ZERO, deadline), 200_000)});
        variants.put("value short", new Object[] {Reason.AMOUNT_MISMATCH,
                signed(payer, EvmTestChain.CHAIN_ID, splitter, total.subtract(BigInteger.ONE), good, 200_000)});
        variants.put("a token instead", new Object[] {Reason.WRONG_ASSET, signed(payer, EvmTestChain.CHAIN_ID, splitter,
                BigInteger.ZERO, FeeSplitterAbi.payToken(jobRef, chain.contracts.usdc(), intent.payee(), NET,
                        intent.feeRecipient(), FEE, deadline), 200_000)});
        variants.put("deadline past the job's expiry", new Object[] {Reason.AUTHORIZATION_EXPIRED, signed(payer,
                EvmTestChain.CHAIN_ID, splitter, total, FeeSplitterAbi.payNative(jobRef, intent.payee(), NET,
                        intent.feeRecipient(), FEE, intent.payBy().getEpochSecond()), 200_000)});
        variants.put("deadline passed", new Object[] {Reason.AUTHORIZATION_EXPIRED, signed(payer, EvmTestChain.CHAIN_ID,
                splitter, total, FeeSplitterAbi.payNative(jobRef, intent.payee(), NET, intent.feeRecipient(), FEE,
                        chainTime() - 1), 200_000)});
        variants.put("signed by another wallet", new Object[] {Reason.WRONG_PAYER,
                signed(stranger, EvmTestChain.CHAIN_ID, splitter, total, good, 200_000)});
        variants.put("absurd gas limit", new Object[] {Reason.MALFORMED,
                signed(payer, EvmTestChain.CHAIN_ID, splitter, total, good, 5_000_000)});
        variants.put("trailing calldata", new Object[] {Reason.MALFORMED,
                signed(payer, EvmTestChain.CHAIN_ID, splitter, total, good + "00", 200_000)});
        variants.put("legacy transaction", new Object[] {Reason.MALFORMED, new SignedTransaction(TransactionEncoder
                .signMessage(RawTransaction.createTransaction(BigInteger.ZERO, GWEI, BigInteger.valueOf(200_000),
                        splitter, total, good), EvmTestChain.CHAIN_ID, payer))});
        variants.put("garbage", new Object[] {Reason.MALFORMED, new SignedTransaction(new byte[] {0x02, 0x01, 0x02})});
        variants.put("oversize", new Object[] {Reason.MALFORMED, new SignedTransaction(new byte[16 * 1024 + 1])});

        List<String> hashes = new ArrayList<>();
        for (var variant : variants.entrySet()) {
            SignedTransaction tx = (SignedTransaction) variant.getValue()[1];
            hashes.add(Numeric.toHexString(Hash.sha3(tx.wire())));
            assertThatThrownBy(() -> payments.inspect(intent, tx)).as(variant.getKey())
                    .isInstanceOfSatisfying(ClientPaymentRefusedException.class,
                            e -> assertThat(e.reason()).as(variant.getKey()).isEqualTo(variant.getValue()[0]));
        }
        assertNeverSent(payer.getAddress(), hashes);
        assertNeverSent(stranger.getAddress(), List.of());
        assertThat(gateway.balanceOf(intent.payee(), EvmNetworkConfig.POL)).isZero();
    }

    @Test
    void tamperedTokenTransactionsAreRefusedAndOneThatWouldRevertIsNeverBroadcast() throws Exception {
        Credentials payer = Credentials.create(chain.newPayerKey(true));
        PaymentIntent intent = intent(usdc(), payer.getAddress());
        long deadline = chainTime() + 60;
        byte[] jobRef = FeeSplitterAbi.jobRef(intent.memo());
        String splitter = chain.contracts.splitter();
        String payToken = FeeSplitterAbi.payToken(jobRef, chain.contracts.usdc(), intent.payee(), NET,
                intent.feeRecipient(), FEE, deadline);

        SignedTransaction otherToken = signed(payer, EvmTestChain.CHAIN_ID, splitter, BigInteger.ZERO,
                FeeSplitterAbi.payToken(jobRef, EvmTestChain.newAddress(), intent.payee(), NET, intent.feeRecipient(),
                        FEE, deadline), 200_000);
        SignedTransaction native_ = signed(payer, EvmTestChain.CHAIN_ID, splitter, intent.totalUnits(),
                FeeSplitterAbi.payNative(jobRef, intent.payee(), NET, intent.feeRecipient(), FEE, deadline), 200_000);
        SignedTransaction withValue = signed(payer, EvmTestChain.CHAIN_ID, splitter, BigInteger.ONE, payToken, 200_000);
        assertRefused(intent, otherToken, Reason.WRONG_ASSET);
        assertRefused(intent, native_, Reason.WRONG_ASSET);
        assertRefused(intent, withValue, Reason.AMOUNT_MISMATCH);

        // Well-formed and for this job, but the splitter was never approved: the simulation reverts, nothing is sent.
        SignedTransaction unapproved = signed(payer, EvmTestChain.CHAIN_ID, splitter, BigInteger.ZERO, payToken, 200_000);
        SignedPayment inspected = payments.inspect(intent, unapproved);
        assertThatThrownBy(() -> payments.submit(inspected)).isInstanceOfSatisfying(PaymentRejectedException.class,
                e -> assertThat(e.reason()).isIn(PaymentRejectedException.Reason.SIMULATION_FAILED,
                        PaymentRejectedException.Reason.INSUFFICIENT_FUNDS));
        assertNeverSent(payer.getAddress(), List.of(inspected.txId(), hash(otherToken), hash(native_), hash(withValue)));
        assertThat(gateway.balanceOf(payer.getAddress(), usdc())).isEqualTo(EvmTestChain.THOUSAND_USDC);
    }

    // ---- gasless ----

    @Test
    void aPayerHoldingNoNativeCoinPaysUsdcThroughTheRelayer() throws Exception {
        try (PayerSecret secret = buyer.parseSecret(chain.newPayerKey(true))) {
            String payer = buyer.addressOf(secret);
            chain.anvil.setBalance(payer, BigInteger.ZERO);
            PaymentIntent intent = intent(usdc(), payer);
            long deadline = deadlineFor(intent);
            BigInteger relayerBefore = chain.anvil.balance(relayer);

            GaslessAuthorization auth = buyer.signGasless(intent, secret, deadline); // offline but for the domain
            SignedPayment relay = payments.inspect(intent, auth);
            assertThat(relay.payer()).isEqualTo(payer);
            assertThat(relay.validUntil()).isEqualTo(deadline);
            assertThat(budget.reservedFor(payer)).isPositive();
            assertThat(payments.submit(relay)).isEqualTo(Submission.ACCEPTED);

            assertThat(verdict(intent, relay).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
            assertThat(gateway.balanceOf(intent.payee(), usdc())).isEqualTo(NET);
            assertThat(gateway.balanceOf(intent.feeRecipient(), usdc())).isEqualTo(FEE);
            assertThat(gateway.balanceOf(payer, usdc())).isEqualTo(EvmTestChain.THOUSAND_USDC.subtract(intent.totalUnits()));
            assertThat(chain.anvil.balance(payer)).as("the payer paid no gas").isZero();
            assertThat(wallet.ethGetTransactionCount(payer, DefaultBlockParameterName.LATEST).send().getTransactionCount())
                    .as("the payer sent nothing").isZero();
            BigInteger gasSpent = relayerBefore.subtract(chain.anvil.balance(relayer));
            assertThat(gasSpent).as("the relayer paid the gas, within what it reserved").isPositive()
                    .isLessThanOrEqualTo(budget.reservedFor(payer));
        }
    }

    @Test
    void theSameAuthorisationRelayedTwicePaysOnce() throws Exception {
        try (PayerSecret secret = buyer.parseSecret(chain.newPayerKey(true))) {
            String payer = buyer.addressOf(secret);
            PaymentIntent intent = intent(usdc(), payer);
            GaslessAuthorization auth = buyer.signGasless(intent, secret, deadlineFor(intent));

            SignedPayment first = payments.inspect(intent, auth);
            SignedPayment second = payments.inspect(intent, auth); // e.g. two settles racing, before either is sent
            assertThat(second.txId()).isNotEqualTo(first.txId());
            BigInteger bothReserved = budget.reservedFor(payer);

            assertThat(payments.submit(first)).isEqualTo(Submission.ACCEPTED);
            assertThatThrownBy(() -> payments.submit(second)).isInstanceOf(PaymentRejectedException.class);
            assertThat(budget.reservedFor(payer)).as("the refused relay's budget is given back")
                    .isEqualTo(bothReserved.shiftRight(1));
            assertThat(verdict(intent, first).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
            assertNeverSent(null, List.of(second.txId()));

            // Once used on chain, the authorisation is refused outright.
            assertRefused(intent, auth, Reason.AUTHORIZATION_EXPIRED);
            assertThat(gateway.balanceOf(intent.payee(), usdc())).isEqualTo(NET);
            assertThat(gateway.balanceOf(payer, usdc())).isEqualTo(EvmTestChain.THOUSAND_USDC.subtract(intent.totalUnits()));
        }
    }

    @Test
    void aCopiedAuthorisationCannotBeRedirected() throws Exception {
        try (PayerSecret secret = buyer.parseSecret(chain.newPayerKey(true))) {
            String payer = buyer.addressOf(secret);
            Credentials thief = Credentials.create(chain.newPayerKey(false));
            PaymentIntent intent = intent(usdc(), payer);
            long deadline = deadlineFor(intent);
            GaslessAuthorization auth = buyer.signGasless(intent, secret, deadline);
            Sign.SignatureData sig = GaslessAuthorizationSigner.parse(auth.signature());
            GaslessTerms terms = GaslessTerms.of(intent, chain.contracts.splitter(), deadline);
            String usdc = chain.contracts.usdc();

            GaslessTerms toThief = new GaslessTerms(terms.splitter(), terms.token(), terms.jobRef(), thief.getAddress(),
                    terms.net(), terms.feeRecipient(), terms.fee(), deadline);
            GaslessTerms allFee = new GaslessTerms(terms.splitter(), terms.token(), terms.jobRef(), terms.payee(),
                    BigInteger.ZERO, thief.getAddress(), terms.total(), deadline);
            assertThat(walletSend(thief, terms.splitter(), SplitterCall.payTokenWithAuthorization(toThief, payer, sig))
                    .isStatusOK()).as("other payee through the splitter").isFalse();
            assertThat(walletSend(thief, terms.splitter(), SplitterCall.payTokenWithAuthorization(allFee, payer, sig))
                    .isStatusOK()).as("other fee split through the splitter").isFalse();
            Eip3009.Authorization signed = terms.authorization(payer);
            assertThat(walletSend(thief, usdc, eip3009Call("receiveWithAuthorization", signed, sig)).isStatusOK())
                    .as("straight to the token from another sender").isFalse();
            assertThat(walletSend(thief, usdc, eip3009Call("transferWithAuthorization", signed, sig)).isStatusOK())
                    .as("as a plain transfer authorisation").isFalse();

            assertThat(gateway.balanceOf(payer, usdc())).isEqualTo(EvmTestChain.THOUSAND_USDC);
            assertThat(gateway.balanceOf(thief.getAddress(), usdc())).isZero();

            // Still unused: relayed as signed, it pays exactly the job.
            SignedPayment relay = payments.inspect(intent, auth);
            payments.submit(relay);
            assertThat(verdict(intent, relay).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
            assertThat(gateway.balanceOf(intent.payee(), usdc())).isEqualTo(NET);
        }
    }

    @Test
    void anAuthorisationSignedByViemAloneIsRelayedAndPays() throws Exception {
        String key = chain.newPayerKey(true);
        try (PayerSecret secret = buyer.parseSecret(key)) {
            String payer = buyer.addressOf(secret);
            chain.anvil.setBalance(payer, BigInteger.ZERO);
            PaymentIntent intent = intent(usdc(), payer);
            long deadline = deadlineFor(intent);
            Map<String, Object> terms = new LinkedHashMap<>();
            terms.put("rpcUrl", chain.anvil.rpcUrl().toString());
            terms.put("chainId", EvmTestChain.CHAIN_ID);
            terms.put("splitter", chain.contracts.splitter());
            terms.put("token", chain.contracts.usdc());
            terms.put("memo", intent.memo());
            terms.put("payee", intent.payee());
            terms.put("net", NET.toString());
            terms.put("feeRecipient", intent.feeRecipient());
            terms.put("fee", FEE.toString());
            terms.put("deadline", deadline);
            JsonNode signed = viem("sign-gasless.mjs", new ObjectMapper().writeValueAsString(terms), key);

            GaslessAuthorization auth = new GaslessAuthorization(signed.get("from").asText(), signed.get("deadline").asLong(),
                    signed.get("signature").asText());
            assertThat(signed.get("nonce").asText()).as("viem computes the splitter nonce as we do")
                    .isEqualTo(Numeric.toHexString(GaslessTerms.of(intent, chain.contracts.splitter(), deadline).authorizationNonce()));
            assertThat(auth.signature()).as("both sign deterministically (RFC 6979)")
                    .isEqualTo(buyer.signGasless(intent, secret, deadline).signature());

            SignedPayment relay = payments.inspect(intent, auth);
            assertThat(payments.submit(relay)).isEqualTo(Submission.ACCEPTED);
            assertThat(verdict(intent, relay).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
            assertThat(gateway.balanceOf(intent.payee(), usdc())).isEqualTo(NET);
            assertThat(gateway.balanceOf(intent.feeRecipient(), usdc())).isEqualTo(FEE);
            assertThat(chain.anvil.balance(payer)).isZero();
        }
    }

    @Test
    void eightConcurrentRelaysAllLandWithDistinctRelayerNonces() throws Exception {
        int n = 8;
        List<PaymentIntent> intents = new ArrayList<>();
        List<GaslessAuthorization> auths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try (PayerSecret secret = buyer.parseSecret(chain.newPayerKey(true))) {
                String payer = buyer.addressOf(secret);
                chain.anvil.setBalance(payer, BigInteger.ZERO);
                PaymentIntent intent = intent(usdc(), payer);
                intents.add(intent);
                auths.add(buyer.signGasless(intent, secret, deadlineFor(intent)));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<SignedPayment>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    SignedPayment relay = payments.inspect(intents.get(k), auths.get(k));
                    payments.submit(relay);
                    return relay;
                }));
            }
            Set<BigInteger> relayerNonces = new HashSet<>();
            for (int i = 0; i < n; i++) {
                SignedPayment relay = futures.get(i).get();
                relayerNonces.add(TransactionDecoder.decode(Numeric.toHexString(relay.rawTx())).getNonce());
                assertThat(verdict(intents.get(i), relay).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
                assertThat(gateway.balanceOf(intents.get(i).payee(), usdc())).isEqualTo(NET);
            }
            assertThat(relayerNonces).hasSize(n);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRelayPastTheBudgetIsRefusedAndADiscardedRelayGivesItsBudgetBack() throws Exception {
        RecordingSpendBudget tight = RecordingSpendBudget.unlimited();
        try (EvmRail rail = relayingRail(tight);
             PayerSecret secret = buyer.parseSecret(chain.newPayerKey(true))) {
            ClientPayments relays = rail.clientPayments().orElseThrow();
            String payer = buyer.addressOf(secret);
            PaymentIntent first = intent(usdc(), payer);
            PaymentIntent second = intent(usdc(), payer);
            GaslessAuthorization a = buyer.signGasless(first, secret, deadlineFor(first));
            GaslessAuthorization b = buyer.signGasless(second, secret, deadlineFor(second));

            SignedPayment relayA = relays.inspect(first, a);
            BigInteger one = tight.reservedFor(payer);
            assertThat(one).isPositive();
            BigInteger roomForOne = one.add(one.shiftRight(1)); // one relay and a half: a second does not fit
            tight.limit(roomForOne, roomForOne);
            assertRefused(relays, second, b, Reason.SPONSOR_BUDGET_EXCEEDED);
            assertThat(tight.reservedFor(payer)).isEqualTo(one);

            relays.discard(relayA); // its claim was lost: never sent
            assertThat(tight.totalReserved()).isZero();
            SignedPayment relayB = relays.inspect(second, b);
            assertThat(TransactionDecoder.decode(Numeric.toHexString(relayB.rawTx())).getNonce())
                    .as("the discarded relay's nonce is free again")
                    .isEqualTo(TransactionDecoder.decode(Numeric.toHexString(relayA.rawTx())).getNonce());
            relays.submit(relayB);
            assertThat(Poll.finalVerdict(rail, second, relayB.txId(), Commitment.CONFIRMED, relayB.validUntil()).status())
                    .isEqualTo(PaymentCheck.Status.VERIFIED);
            assertNeverSent(null, List.of(relayA.txId()));
        }
    }

    @Test
    void authorisationsThatDoNotPayTheJobAsSignedAreRefused() throws Exception {
        try (PayerSecret secret = buyer.parseSecret(chain.newPayerKey(true));
             PayerSecret other = buyer.parseSecret(chain.newPayerKey(true))) {
            String payer = buyer.addressOf(secret);
            PaymentIntent intent = intent(usdc(), payer);
            long deadline = deadlineFor(intent);
            GaslessAuthorization good = buyer.signGasless(intent, secret, deadline);

            GaslessAuthorization byOther = buyer.signGasless(intent, other, deadline);
            assertRefused(intent, byOther, Reason.WRONG_PAYER);
            assertRefused(intent, new GaslessAuthorization(payer, deadline, byOther.signature()), Reason.SIGNATURE_INVALID);
            PaymentIntent cheaper = new PaymentIntent(intent.jobId(), intent.network(), intent.asset(), payer,
                    intent.payee(), intent.feeRecipient(), NET.subtract(BigInteger.ONE), FEE, intent.memo(), intent.payBy());
            assertRefused(intent, buyer.signGasless(cheaper, secret, deadline), Reason.SIGNATURE_INVALID);
            assertRefused(intent, new GaslessAuthorization(payer, deadline - 1, good.signature()), Reason.SIGNATURE_INVALID);
            assertRefused(intent, buyer.signGasless(intent, secret, intent.payBy().getEpochSecond()),
                    Reason.AUTHORIZATION_EXPIRED);
            assertRefused(intent, buyer.signGasless(intent, secret, chainTime() + 1), Reason.AUTHORIZATION_EXPIRED);
            assertRefused(intent, new GaslessAuthorization(payer, deadline, "0x1234"), Reason.MALFORMED);
            assertRefused(intent(EvmNetworkConfig.POL, payer), good, Reason.WRONG_ASSET);
            assertRefused(buyer.clientPayments().orElseThrow(), intent, good, Reason.UNSUPPORTED); // no relayer there
            assertThat(budget.reservedFor(payer)).isZero();
            assertThat(gateway.balanceOf(payer, usdc())).isEqualTo(EvmTestChain.THOUSAND_USDC);
        }
    }

    @Test
    void theOfflineAuthorisationNonceIsTheSplittersOwn() throws Exception {
        PaymentIntent intent = intent(usdc(), EvmTestChain.newAddress());
        GaslessTerms terms = GaslessTerms.of(intent, chain.contracts.splitter(), 1_900_000_000L);
        @SuppressWarnings("rawtypes")
        List<Type> args = List.of(new Bytes32(terms.jobRef()), new Address(terms.token()), new Address(terms.payee()),
                new Uint256(terms.net()), new Address(terms.feeRecipient()), new Uint256(terms.fee()),
                new Uint256(terms.deadline()));
        String data = FunctionEncoder.encode(new Function("authorizationNonce", args, List.<TypeReference<?>>of()));
        String onChain = wallet.ethCall(Transaction.createEthCallTransaction(null, terms.splitter(), data),
                DefaultBlockParameterName.LATEST).send().getValue();
        assertThat(onChain).isEqualTo(Numeric.toHexString(terms.authorizationNonce()));
    }

    // ---- helpers ----

    private static ChainAsset usdc() {
        return gateway.config().tokens().get("USDC");
    }

    /** A job expiring ten minutes from the chain's time. */
    private static PaymentIntent intent(ChainAsset asset, String payer) throws Exception {
        String jobId = UUID.randomUUID().toString();
        return new PaymentIntent(jobId, EvmTestChain.NETWORK, asset, payer == null ? null : Keys.toChecksumAddress(payer),
                EvmTestChain.newAddress(), EvmTestChain.newAddress(), NET, FEE, PaymentIntent.atpMemo(jobId),
                Instant.ofEpochSecond(chainTime() + 600));
    }

    /** The deadline a 402 names: as the rail's own payment instructions compute it. */
    private static long deadlineFor(PaymentIntent intent) {
        return ((Number) gateway.paymentInstructions(intent).get("deadline")).longValue();
    }

    private static long chainTime() {
        return chain.anvil.latestTimestamp();
    }

    private static PaymentCheck verdict(PaymentIntent intent, SignedPayment payment) throws InterruptedException {
        return Poll.finalVerdict(gateway, intent, payment.txId(), Commitment.CONFIRMED, payment.validUntil());
    }

    private static SignedTransaction signed(Credentials from, long chainId, String to, BigInteger value, String data,
                                            long gas) {
        RawTransaction tx = RawTransaction.createTransaction(chainId, BigInteger.ZERO, BigInteger.valueOf(gas), to, value,
                data, GWEI, GWEI.multiply(BigInteger.valueOf(50)));
        return new SignedTransaction(TransactionEncoder.signMessage(tx, from));
    }

    private static void assertRefused(PaymentIntent intent, Object payment, Reason reason) {
        assertRefused(payments, intent, payment, reason);
    }

    private static void assertRefused(ClientPayments on, PaymentIntent intent, Object payment, Reason reason) {
        assertThatThrownBy(() -> on.inspect(intent, (dev.tollgate.chain.ClientPayment) payment))
                .isInstanceOfSatisfying(ClientPaymentRefusedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    /** The payer's nonce never moved and the node knows none of these transactions. */
    private static void assertNeverSent(String payer, List<String> hashes) throws Exception {
        if (payer != null) {
            assertThat(wallet.ethGetTransactionCount(payer, DefaultBlockParameterName.PENDING).send().getTransactionCount())
                    .isZero();
        }
        for (String hash : hashes) {
            assertThat(wallet.ethGetTransactionByHash(hash).send().getTransaction()).as(hash).isEmpty();
        }
    }

    private static String hash(SignedTransaction tx) {
        return Numeric.toHexString(Hash.sha3(tx.wire()));
    }

    private static String word(byte[] rawTx) {
        return Numeric.toHexString(Numeric.hexStringToByteArray(
                TransactionDecoder.decode(Numeric.toHexString(rawTx)).getData())).substring(0, 10);
    }

    private static String selector(String signature) {
        return Numeric.toHexString(Hash.sha3(signature.getBytes())).substring(0, 10);
    }

    private static String eip3009Call(String function, Eip3009.Authorization auth, Sign.SignatureData sig) {
        @SuppressWarnings("rawtypes")
        List<Type> args = List.of(new Address(auth.from()), new Address(auth.to()), new Uint256(auth.value()),
                new Uint256(auth.validAfter()), new Uint256(auth.validBefore()), new Bytes32(auth.nonce()),
                new Uint8(Byte.toUnsignedInt(sig.getV()[0])), new Bytes32(sig.getR()), new Bytes32(sig.getS()));
        return FunctionEncoder.encode(new Function(function, args, List.<TypeReference<?>>of()));
    }

    /** Runs {@code interop/evm-client/<script>} (viem only); the key goes by environment, never argv. */
    private static JsonNode viem(String script, String argument, String payerKey) throws Exception {
        Path interop = Path.of(System.getProperty("tollgate.repo.root", ".."), "interop").toAbsolutePath();
        if (!Files.isDirectory(interop.resolve("node_modules/viem"))) {
            interop = Path.of("..", "interop").toAbsolutePath(); // run from the module directory
        }
        ProcessBuilder builder = new ProcessBuilder("node", "evm-client/" + script, argument)
                .directory(interop.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("PAYER_KEY", payerKey);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
        assertThat(process.exitValue()).as("node exit code").isZero();
        return new ObjectMapper().readTree(out);
    }

    /** What any wallet does: a plain EIP-1559 transaction with a fixed gas limit (so a revert is mined, not estimated away). */
    private static TransactionReceipt walletSend(Credentials from, String to, String data) throws Exception {
        RawTransactionManager manager = new RawTransactionManager(wallet, from, EvmTestChain.CHAIN_ID);
        String hash = manager.sendEIP1559Transaction(EvmTestChain.CHAIN_ID, GWEI, GWEI.multiply(BigInteger.valueOf(50)),
                BigInteger.valueOf(300_000), to, data, BigInteger.ZERO).getTransactionHash();
        assertThat(hash).as("the node took the transaction").isNotNull();
        return new PollingTransactionReceiptProcessor(wallet, 50, 600).waitForTransactionReceipt(hash);
    }
}
