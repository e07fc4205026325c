package dev.tollgate.chain.evm;

import dev.tollgate.chain.support.Poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.VerificationCode;
import dev.tollgate.localnet.evm.AnvilNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/** What the conformance suite cannot say generically: reorgs, confirmation depth, wallet-made payments, keys. */
class EvmRailTest {
    private static final BigInteger NET = BigInteger.valueOf(1_500_000);
    private static final BigInteger FEE = BigInteger.valueOf(78_947);

    private static EvmTestChain chain;
    private static EvmRail rail;
    private static Web3j wallet;

    @BeforeAll
    static void start() throws Exception {
        chain = new EvmTestChain();
        rail = new EvmRail(chain.config(1, false));
        wallet = Web3j.build(new HttpService(chain.anvil.rpcUrl().toString()));
    }

    @AfterAll
    static void stop() {
        wallet.shutdown();
        rail.close();
        chain.close();
    }

    @Test
    void reorgTurnsAVerifiedPaymentBackToNotFoundAndItNeverVerifies() throws Exception {
        try (PayerSecret secret = rail.parseSecret(chain.newPayerKey(true))) {
            PaymentIntent intent = intent(usdc(), rail.addressOf(secret));
            String snapshot = chain.anvil.snapshot();
            SignedPayment payment = rail.signPayment(intent, secret);
            rail.submit(payment, false);
            assertThat(awaitFinal(rail, intent, payment, Commitment.PROCESSED).status()).isEqualTo(PaymentCheck.Status.VERIFIED);

            assertThat(chain.anvil.revert(snapshot)).isTrue(); // the block holding it is gone
            chain.anvil.mine(3);

            for (Commitment commitment : Commitment.values()) {
                PaymentCheck after = check(intent, payment, commitment);
                assertThat(after.status()).isEqualTo(PaymentCheck.Status.PENDING);
                assertThat(after.code()).isEqualTo(VerificationCode.TX_NOT_FOUND);
            }
            assertThat(rail.balanceOf(intent.payee(), usdc())).isZero();
        }
    }

    @Test
    void confirmedWaitsForTheConfiguredDepth() throws Exception {
        try (EvmRail threeDeep = new EvmRail(chain.config(3, false));
             PayerSecret secret = threeDeep.parseSecret(chain.newPayerKey(true))) {
            PaymentIntent intent = intent(EvmNetworkConfig.POL, threeDeep.addressOf(secret));
            SignedPayment payment = threeDeep.signPayment(intent, secret);
            threeDeep.submit(payment, false);

            // The node answers the send before its receipt is readable: poll for it (issue 6 item 13).
            assertThat(awaitFinal(threeDeep, intent, payment, Commitment.PROCESSED).status())
                    .isEqualTo(PaymentCheck.Status.VERIFIED);
            PaymentCheck oneDeep = threeDeep.checkPayment(intent, payment.txId(), Commitment.CONFIRMED, payment.validUntil());
            assertThat(oneDeep.status()).isEqualTo(PaymentCheck.Status.PENDING);
            assertThat(oneDeep.code()).isEqualTo(VerificationCode.NOT_FINAL);
            chain.anvil.mine(1);
            assertThat(threeDeep.checkPayment(intent, payment.txId(), Commitment.CONFIRMED, payment.validUntil()).code())
                    .isEqualTo(VerificationCode.NOT_FINAL);
            chain.anvil.mine(1);
            assertThat(threeDeep.checkPayment(intent, payment.txId(), Commitment.CONFIRMED, payment.validUntil()).status())
                    .isEqualTo(PaymentCheck.Status.VERIFIED);
        }
    }

    @Test
    void finalizedFollowsTheNodesFinalizedTag() throws Exception {
        try (EvmRail tagged = new EvmRail(chain.config(1, true));
             PayerSecret secret = tagged.parseSecret(chain.newPayerKey(true))) {
            PaymentIntent intent = intent(usdc(), tagged.addressOf(secret));
            SignedPayment payment = tagged.signPayment(intent, secret);
            tagged.submit(payment, false);
            assertThat(awaitFinal(tagged, intent, payment, Commitment.PROCESSED).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
            assertThat(tagged.checkPayment(intent, payment.txId(), Commitment.FINALIZED, payment.validUntil()).code())
                    .isEqualTo(VerificationCode.NOT_FINAL);
            chain.anvil.mine(64); // anvil finalizes 64 blocks behind the head
            assertThat(tagged.checkPayment(intent, payment.txId(), Commitment.FINALIZED, payment.validUntil()).status())
                    .isEqualTo(PaymentCheck.Status.VERIFIED);
        }
    }

    @Test
    void nativeInstructionsSentAsIsByAPlainWalletPayTheJob() throws Exception {
        Credentials payer = Credentials.create(chain.newPayerKey(false));
        PaymentIntent intent = intent(EvmNetworkConfig.POL, null);
        Map<String, Object> instructions = rail.paymentInstructions(intent);

        assertThat(instructions).containsKeys("chain_id", "splitter", "token", "function", "calldata", "value",
                "deadline", "job_ref");
        assertThat(instructions.get("chain_id")).isEqualTo(EvmTestChain.CHAIN_ID);
        assertThat(instructions.get("token")).isNull();
        assertThat(instructions.get("value")).isEqualTo(intent.totalUnits().toString());
        assertThat(instructions.get("job_ref")).isEqualTo(Numeric.toHexString(Hash.sha3(intent.memo().getBytes())));

        TransactionReceipt receipt = walletSend(payer, (String) instructions.get("splitter"),
                (String) instructions.get("calldata"), new BigInteger((String) instructions.get("value")));

        long deadline = (Long) instructions.get("deadline");
        assertThat(rail.checkPayment(intent, receipt.getTransactionHash(), Commitment.CONFIRMED, deadline).status())
                .isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(rail.balanceOf(intent.payee(), EvmNetworkConfig.POL)).isEqualTo(NET);
        assertThat(rail.balanceOf(intent.feeRecipient(), EvmNetworkConfig.POL)).isEqualTo(FEE);
    }

    @Test
    void tokenInstructionsApproveThenPayFromAPlainWallet() throws Exception {
        Credentials payer = Credentials.create(chain.newPayerKey(true));
        PaymentIntent intent = intent(usdc(), payer.getAddress());
        Map<String, Object> instructions = rail.paymentInstructions(intent);
        assertThat(instructions.get("token")).isEqualTo(chain.contracts.usdc());
        assertThat(instructions.get("permit_function")).asString().startsWith("payTokenWithPermit(");

        walletSend(payer, (String) instructions.get("token"), (String) instructions.get("approve_calldata"), BigInteger.ZERO);
        TransactionReceipt receipt = walletSend(payer, (String) instructions.get("splitter"),
                (String) instructions.get("calldata"), BigInteger.ZERO);

        assertThat(rail.checkPayment(intent, receipt.getTransactionHash(), Commitment.CONFIRMED,
                (Long) instructions.get("deadline")).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(rail.balanceOf(intent.payee(), usdc())).isEqualTo(NET);
    }

    @Test
    void paymentsSignedBeforeTheFirstIsBroadcastGetTheirOwnNoncesAndBothLand() throws Exception {
        try (PayerSecret secret = rail.parseSecret(chain.newPayerKey(true))) {
            String payer = rail.addressOf(secret);
            for (ChainAsset asset : List.of(EvmNetworkConfig.POL, usdc())) {
                PaymentIntent first = intent(asset, payer);
                PaymentIntent second = intent(asset, payer);
                SignedPayment a = rail.signPayment(first, secret);
                SignedPayment b = rail.signPayment(second, secret); // before the first was broadcast
                rail.submit(a, false);
                rail.submit(b, false);
                assertThat(awaitFinal(rail, first, a, Commitment.CONFIRMED).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
                assertThat(awaitFinal(rail, second, b, Commitment.CONFIRMED).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
            }
        }
    }

    @Test
    void aDiscardedPaymentFreesItsNonceAtOnce() throws Exception {
        try (PayerSecret secret = rail.parseSecret(chain.newPayerKey(false))) {
            String payer = rail.addressOf(secret);
            SignedPayment lost = rail.signPayment(intent(EvmNetworkConfig.POL, payer), secret);
            BigInteger lostNonce = TransactionDecoder.decode(Numeric.toHexString(lost.rawTx())).getNonce();

            rail.discard(lost); // its claim was lost before it could be recorded: it is never sent

            PaymentIntent next = intent(EvmNetworkConfig.POL, payer);
            SignedPayment payment = rail.signPayment(next, secret);
            assertThat(TransactionDecoder.decode(Numeric.toHexString(payment.rawTx())).getNonce())
                    .as("the next payment takes the freed nonce instead of queueing behind a gap").isEqualTo(lostNonce);
            rail.submit(payment, false);
            assertThat(awaitFinal(rail, next, payment, Commitment.CONFIRMED).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        }
    }

    @Test
    void threadsSigningForOneKeyAtOnceNeverShareANonce() throws Exception {
        try (PayerSecret secret = rail.parseSecret(chain.newPayerKey(true))) {
            String payer = rail.addressOf(secret);
            List<PaymentIntent> intents = List.of(intent(EvmNetworkConfig.POL, payer), intent(EvmNetworkConfig.POL, payer),
                    intent(EvmNetworkConfig.POL, payer), intent(EvmNetworkConfig.POL, payer));
            List<SignedPayment> signed;
            try (ExecutorService pool = Executors.newFixedThreadPool(intents.size())) {
                List<Future<SignedPayment>> futures = pool.invokeAll(intents.stream()
                        .map(i -> (Callable<SignedPayment>) () -> rail.signPayment(i, secret)).toList());
                signed = new ArrayList<>();
                for (Future<SignedPayment> f : futures) {
                    signed.add(f.get());
                }
            }
            List<BigInteger> nonces = signed.stream().map(p -> TransactionDecoder.decode(Numeric.toHexString(p.rawTx())).getNonce()).toList();
            assertThat(nonces).doesNotHaveDuplicates().hasSize(4);

            List<Integer> byNonce = new ArrayList<>(List.of(0, 1, 2, 3));
            byNonce.sort(Comparator.comparing(nonces::get));
            for (int i : byNonce) {
                rail.submit(signed.get(i), false);
            }
            for (int i = 0; i < intents.size(); i++) {
                assertThat(awaitFinal(rail, intents.get(i), signed.get(i), Commitment.CONFIRMED).status())
                        .isEqualTo(PaymentCheck.Status.VERIFIED);
            }
        }
    }

    @Test
    void aRejectedSubmissionFreesItsNonce() throws Exception {
        try (PayerSecret secret = rail.parseSecret(chain.newPayerKey(true))) {
            PaymentIntent tooLate = intent(EvmNetworkConfig.POL, rail.addressOf(secret));
            SignedPayment expired = rail.signPayment(tooLate, secret);
            chain.anvil.increaseTime(expired.validUntil() - chain.anvil.latestTimestamp() + 1);
            chain.anvil.mine(1);
            assertThatThrownBy(() -> rail.submit(expired, false))
                    .isInstanceOf(PaymentRejectedException.class)
                    .hasMessageContaining("DeadlinePassed");

            PaymentIntent next = intent(EvmNetworkConfig.POL, rail.addressOf(secret));
            SignedPayment payment = rail.signPayment(next, secret);
            rail.submit(payment, false);
            assertThat(awaitFinal(rail, next, payment, Commitment.CONFIRMED).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        }
    }

    @Test
    void aPaymentSentAfterItsDeadlineFailsOnChain() throws Exception {
        try (PayerSecret secret = rail.parseSecret(chain.newPayerKey(true))) {
            PaymentIntent intent = intent(usdc(), rail.addressOf(secret));
            SignedPayment payment = rail.signPayment(intent, secret);
            chain.anvil.increaseTime(payment.validUntil() - chain.anvil.latestTimestamp() + 1);
            rail.submit(payment, true); // no preflight: the node mines it and the splitter reverts
            awaitReceipt(payment.txId()); // else the block past the deadline may be seen first: DROPPED, also true
            PaymentCheck check = awaitFinal(rail, intent, payment, Commitment.PROCESSED);
            assertThat(check.status()).isEqualTo(PaymentCheck.Status.REJECTED);
            assertThat(check.code()).isEqualTo(VerificationCode.TX_FAILED);
            assertThat(rail.balanceOf(intent.payee(), usdc())).isZero();
        }
    }

    @Test
    void aTransactionThatBypassesTheSplitterIsTheWrongNetwork() throws Exception {
        Credentials payer = Credentials.create(chain.newPayerKey(false));
        PaymentIntent intent = intent(EvmNetworkConfig.POL, null);
        TransactionReceipt plainTransfer = walletSend(payer, intent.payee(), "0x", intent.totalUnits());
        PaymentCheck check = rail.checkPayment(intent, plainTransfer.getTransactionHash(), Commitment.PROCESSED, -1);
        assertThat(check.status()).isEqualTo(PaymentCheck.Status.REJECTED);
        assertThat(check.code()).isEqualTo(VerificationCode.WRONG_NETWORK);
    }

    @Test
    void aLookAlikePaidEventFromAnotherContractDoesNotCount() throws Exception {
        Credentials payer = Credentials.create(chain.newPayerKey(false));
        PaymentIntent intent = intent(EvmNetworkConfig.POL, payer.getAddress());
        // A contract that emits whatever Paid event it is handed, paying nothing.
        String runtime = "365f5f37606051604051602051" + "5f5160806080a400";
        String initCode = "0x6015806009" + "5f395ff3" + runtime;
        String fake = walletSend(payer, null, initCode, BigInteger.ZERO).getContractAddress();
        String forgedLog = FeeSplitterAbi.PAID_TOPIC + word(Numeric.toHexString(Hash.sha3(intent.memo().getBytes())))
                + word(payer.getAddress()) + word("0x00") + word(intent.payee()) + word(Numeric.toHexStringWithPrefix(NET))
                + word(intent.feeRecipient()) + word(Numeric.toHexStringWithPrefix(FEE));
        TransactionReceipt forged = walletSend(payer, fake, "0x" + forgedLog.replace("0x", ""), BigInteger.ZERO);
        assertThat(forged.getLogs()).hasSize(1);

        PaymentCheck check = rail.checkPayment(intent, forged.getTransactionHash(), Commitment.PROCESSED, -1);
        assertThat(check.status()).isEqualTo(PaymentCheck.Status.REJECTED);
        assertThat(check.code()).isEqualTo(VerificationCode.WRONG_NETWORK);
        assertThat(rail.balanceOf(intent.payee(), EvmNetworkConfig.POL)).isZero();
    }

    @Test
    void missingCoinOrTokensAreInsufficientFundsWithTheReason() throws Exception {
        try (PayerSecret noUsdc = rail.parseSecret(chain.newPayerKey(false))) {
            assertThatThrownBy(() -> rail.signPayment(intent(usdc(), rail.addressOf(noUsdc)), noUsdc))
                    .isInstanceOfSatisfying(PaymentRejectedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(PaymentRejectedException.Reason.INSUFFICIENT_FUNDS);
                        assertThat(e.getMessage()).contains("ERC20InsufficientBalance");
                    });
            PaymentIntent tooMuch = new PaymentIntent("big", EvmTestChain.NETWORK, EvmNetworkConfig.POL,
                    rail.addressOf(noUsdc), EvmTestChain.newAddress(), EvmTestChain.newAddress(),
                    EvmTestChain.TEN_POL, BigInteger.ONE, "ATP:big");
            assertThatThrownBy(() -> rail.signPayment(tooMuch, noUsdc))
                    .isInstanceOfSatisfying(PaymentRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(PaymentRejectedException.Reason.INSUFFICIENT_FUNDS));
        }
    }

    @Test
    void aNodeOnAnotherChainIsNeverTrusted() {
        EvmNetworkConfig good = chain.config(1, false);
        EvmNetworkConfig wrongChain = new EvmNetworkConfig(dev.tollgate.chain.NetworkId.of("eip155:137"), 137,
                good.rpcUrl(), good.splitterAddress(), good.nativeAsset(), good.tokens(), 1, false, Duration.ofSeconds(5), null);
        try (EvmRail polygonRail = new EvmRail(wrongChain)) {
            PaymentIntent intent = new PaymentIntent("job", wrongChain.network(), EvmNetworkConfig.POL, null,
                    EvmTestChain.newAddress(), EvmTestChain.newAddress(), NET, FEE, "ATP:job");
            assertThatThrownBy(() -> polygonRail.checkPayment(intent, EvmTestChain.randomTxHash(), Commitment.PROCESSED, -1))
                    .isInstanceOf(RailUnavailableException.class)
                    .hasMessageContaining("serves chain 80002");
        }
    }

    @Test
    void keysParseFromHexWithOrWithoutPrefixAndBadOnesAreRefused() throws Exception {
        String devKey = AnvilNode.DEV_PRIVATE_KEYS.get(0);
        for (String form : List.of(devKey, devKey.substring(2), "  " + devKey.toUpperCase().replace("0X", "0x") + "\n")) {
            try (PayerSecret secret = rail.parseSecret(form)) {
                assertThat(rail.addressOf(secret)).isEqualTo(AnvilNode.DEV_ADDRESSES.get(0));
            }
        }
        String zero = "0x" + "0".repeat(64);
        String curveOrder = "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
        for (String bad : List.of(zero, curveOrder, devKey.substring(0, 64), devKey + "00", devKey.replace('a', 'g'), "")) {
            assertThatThrownBy(() -> rail.parseSecret(bad))
                    .isInstanceOf(PaymentRejectedException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(devKey.substring(2, 20)));
        }
    }

    @Test
    void checksummedAddressesMustHaveAValidChecksum() {
        String address = AnvilNode.DEV_ADDRESSES.get(1);
        assertThat(rail.isValidAddress(address)).isTrue();
        assertThat(rail.isValidAddress(address.toLowerCase())).isTrue();
        assertThat(rail.isValidAddress(address.replace('C', 'c'))).isFalse(); // mixed case, wrong checksum
        assertThat(rail.isValidAddress(address.substring(0, 41))).isFalse();
    }

    // ---- issue 6 item 9: verdicts only at the required depth ----

    @Test
    void aRevertedPaymentIsPendingUntilItIsConfirmationsDeepThenRejected() throws Exception {
        try (EvmRail threeDeep = new EvmRail(chain.config(3, false));
             PayerSecret secret = threeDeep.parseSecret(chain.newPayerKey(true))) {
            PaymentIntent intent = intent(usdc(), threeDeep.addressOf(secret));
            SignedPayment payment = threeDeep.signPayment(intent, secret);
            chain.anvil.increaseTime(payment.validUntil() - chain.anvil.latestTimestamp() + 1);
            threeDeep.submit(payment, true); // mined, and reverted by the splitter (deadline passed)
            awaitReceipt(payment.txId());
            assertThat(awaitFinal(threeDeep, intent, payment, Commitment.PROCESSED).code()).isEqualTo(VerificationCode.TX_FAILED);

            PaymentCheck oneDeep = threeDeep.checkPayment(intent, payment.txId(), Commitment.CONFIRMED, payment.validUntil());
            assertThat(oneDeep.status()).isEqualTo(PaymentCheck.Status.PENDING);
            assertThat(oneDeep.code()).isEqualTo(VerificationCode.NOT_FINAL);
            chain.anvil.mine(2);
            PaymentCheck deep = threeDeep.checkPayment(intent, payment.txId(), Commitment.CONFIRMED, payment.validUntil());
            assertThat(deep.status()).isEqualTo(PaymentCheck.Status.REJECTED);
            assertThat(deep.code()).isEqualTo(VerificationCode.TX_FAILED);
        }
        try (EvmRail tagged = new EvmRail(chain.config(1, true));
             PayerSecret secret = tagged.parseSecret(chain.newPayerKey(true))) {
            PaymentIntent intent = intent(EvmNetworkConfig.POL, tagged.addressOf(secret));
            SignedPayment payment = tagged.signPayment(intent, secret);
            chain.anvil.increaseTime(payment.validUntil() - chain.anvil.latestTimestamp() + 1);
            tagged.submit(payment, true);
            awaitReceipt(payment.txId());
            assertThat(awaitFinal(tagged, intent, payment, Commitment.PROCESSED).code()).isEqualTo(VerificationCode.TX_FAILED);
            assertThat(tagged.checkPayment(intent, payment.txId(), Commitment.FINALIZED, payment.validUntil()).code())
                    .isEqualTo(VerificationCode.NOT_FINAL);
            chain.anvil.mine(64); // anvil finalizes 64 blocks behind the head
            assertThat(tagged.checkPayment(intent, payment.txId(), Commitment.FINALIZED, payment.validUntil()).code())
                    .isEqualTo(VerificationCode.TX_FAILED);
        }
    }

    @Test
    void anUnseenPaymentIsDroppedAtFinalizedOnlyOnceTheFinalizedBlockIsPastItsDeadline() throws Exception {
        try (EvmRail tagged = new EvmRail(chain.config(1, true));
             PayerSecret secret = tagged.parseSecret(chain.newPayerKey(false))) {
            PaymentIntent intent = intent(EvmNetworkConfig.POL, tagged.addressOf(secret));
            SignedPayment never = tagged.signPayment(intent, secret); // signed, never sent
            chain.anvil.increaseTime(never.validUntil() - chain.anvil.latestTimestamp() + 1);
            chain.anvil.mine(1); // the head is past the deadline; the finalized block is not
            assertThat(tagged.checkPayment(intent, never.txId(), Commitment.CONFIRMED, never.validUntil()).status())
                    .isEqualTo(PaymentCheck.Status.DROPPED);
            PaymentCheck atFinalized = tagged.checkPayment(intent, never.txId(), Commitment.FINALIZED, never.validUntil());
            assertThat(atFinalized.status()).isEqualTo(PaymentCheck.Status.PENDING);
            assertThat(atFinalized.code()).isEqualTo(VerificationCode.TX_NOT_FOUND);
            chain.anvil.mine(64);
            assertThat(tagged.checkPayment(intent, never.txId(), Commitment.FINALIZED, never.validUntil()).status())
                    .isEqualTo(PaymentCheck.Status.DROPPED);
        }
    }

    // ---- issue 6 item 14: total deadline, body cap, no URLs in messages ----

    @Test
    @org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS) // hang guard only
    void aNodeTricklingItsBodyIsUnavailableWithinTheDeadlineAndNoMessageNamesTheUrl() {
        for (var mode : dev.tollgate.chain.support.TricklingServer.Mode.values()) {
            try (var server = new dev.tollgate.chain.support.TricklingServer(mode);
                 EvmRail slow = new EvmRail(withUrl(server.url("sekrit-api-key"), Duration.ofSeconds(1)))) {
                assertThatThrownBy(() -> slow.checkPayment(intent(EvmNetworkConfig.POL, null), EvmTestChain.randomTxHash(),
                        Commitment.PROCESSED, -1))
                        .as(mode.name())
                        .isInstanceOf(RailUnavailableException.class)
                        .satisfies(e -> assertThat(dev.tollgate.chain.support.Messages.ofChain(e))
                                .doesNotContain("sekrit").doesNotContain("127.0.0.1"));
            }
        }
        try (EvmRail unreachable = new EvmRail(withUrl(java.net.URI.create(
                EvmTestChain.closedPort() + "/v2/sekrit-api-key"), Duration.ofSeconds(2)))) {
            assertThatThrownBy(() -> unreachable.checkPayment(intent(EvmNetworkConfig.POL, null), EvmTestChain.randomTxHash(),
                    Commitment.PROCESSED, -1))
                    .isInstanceOf(RailUnavailableException.class)
                    .satisfies(e -> assertThat(dev.tollgate.chain.support.Messages.ofChain(e))
                            .doesNotContain("sekrit").doesNotContain("127.0.0.1"));
        }
    }

    @Test
    void malformedTxIdsAreRejectedWithoutAskingTheNode() {
        try (EvmRail unreachable = new EvmRail(chain.config(EvmTestChain.closedPort(), 1, false))) {
            for (String txId : new String[] {"", "0x" + "ab".repeat(31), "4".repeat(88), "0x" + "zz".repeat(32)}) {
                PaymentCheck check = unreachable.checkPayment(intent(EvmNetworkConfig.POL, null), txId, Commitment.CONFIRMED, -1);
                assertThat(check.status()).isEqualTo(PaymentCheck.Status.REJECTED);
                assertThat(check.code()).isEqualTo(VerificationCode.INVALID_TX_ID);
            }
        }
    }

    private static EvmNetworkConfig withUrl(java.net.URI url, Duration timeout) {
        EvmNetworkConfig c = chain.config(1, false);
        return new EvmNetworkConfig(c.network(), c.chainId(), url, c.splitterAddress(), c.nativeAsset(), c.tokens(), 1,
                false, timeout, null);
    }

    // ---- helpers ----

    private static void awaitReceipt(String txHash) throws Exception {
        Poll.until(() -> {
            try {
                return wallet.ethGetTransactionReceipt(txHash).send().getTransactionReceipt().orElse(null);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, Poll.LIMIT);
    }

    /** Polls until the check is final (the node answers a send before its receipt is readable, more so under load). */
    private static PaymentCheck awaitFinal(EvmRail on, PaymentIntent intent, SignedPayment payment, Commitment commitment)
            throws InterruptedException {
        return Poll.finalVerdict(on, intent, payment.txId(), commitment, payment.validUntil());
    }

    /** One 32-byte ABI word, left-padded. */
    private static String word(String hex) {
        return Numeric.toHexStringNoPrefixZeroPadded(Numeric.toBigInt(hex), 64);
    }

    private static ChainAsset usdc() {
        return rail.config().tokens().get("USDC");
    }

    private static PaymentIntent intent(ChainAsset asset, String payer) {
        String jobId = UUID.randomUUID().toString();
        return new PaymentIntent(jobId, EvmTestChain.NETWORK, asset, payer, EvmTestChain.newAddress(),
                EvmTestChain.newAddress(), NET, FEE, PaymentIntent.atpMemo(jobId));
    }

    private static PaymentCheck check(PaymentIntent intent, SignedPayment payment, Commitment commitment) {
        return rail.checkPayment(intent, payment.txId(), commitment, payment.validUntil());
    }

    /** What any wallet does: a plain EIP-1559 transaction with the given call data, signed by web3j. */
    private static TransactionReceipt walletSend(Credentials from, String to, String data, BigInteger value) throws Exception {
        RawTransactionManager manager = new RawTransactionManager(wallet, from, EvmTestChain.CHAIN_ID,
                new PollingTransactionReceiptProcessor(wallet, 20, 250));
        String hash = manager.sendEIP1559Transaction(EvmTestChain.CHAIN_ID, BigInteger.valueOf(1_000_000_000L),
                BigInteger.valueOf(50_000_000_000L), BigInteger.valueOf(300_000), to, data, value).getTransactionHash();
        return new PollingTransactionReceiptProcessor(wallet, 20, 250).waitForTransactionReceipt(hash);
    }
}
