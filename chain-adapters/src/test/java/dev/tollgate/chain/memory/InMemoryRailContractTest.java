package dev.tollgate.chain.memory;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PaymentRail;
import dev.tollgate.chain.PaymentRailContract;
import dev.tollgate.chain.SignedPayment;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.utils.Base58;
import org.p2p.solanaj.utils.TweetNaclFast;

/** The in-memory test rail passes the whole chain-free rail contract, without I/O. */
class InMemoryRailContractTest extends PaymentRailContract {
    static final NetworkId NETWORK = NetworkId.of("memory:test");
    static final ChainAsset COIN = ChainAsset.nativeCoin("MEM", 9);
    static final ChainAsset TOKEN = new ChainAsset("USDC", 6, InMemoryRail.newAccount().getPublicKeyBase58());

    private final InMemoryRail rail = new InMemoryRail(NETWORK, List.of(COIN, TOKEN), Clock.systemUTC());
    private final InMemoryRail down = new InMemoryRail(NETWORK, List.of(COIN, TOKEN), Clock.systemUTC());

    InMemoryRailContractTest() {
        down.nodeDown(true);
    }

    @Override
    protected PaymentRail rail() {
        return rail;
    }

    @Override
    protected PaymentRail unreachableRail() {
        return down;
    }

    @Override
    protected String newFundedPayerSecret() {
        Account account = InMemoryRail.newAccount();
        rail.fund(account.getPublicKeyBase58(), COIN, BigInteger.valueOf(1_000_000_000));
        rail.fund(account.getPublicKeyBase58(), TOKEN, BigInteger.valueOf(100_000_000));
        return InMemoryRail.secretOf(account);
    }

    @Override
    protected String newPayerWithoutTokens() {
        Account account = InMemoryRail.newAccount();
        rail.fund(account.getPublicKeyBase58(), COIN, BigInteger.valueOf(1_000_000));
        return InMemoryRail.secretOf(account);
    }

    @Override
    protected String newAddress() {
        return InMemoryRail.newAccount().getPublicKeyBase58();
    }

    @Override
    protected ChainAsset nativeAsset() {
        return COIN;
    }

    @Override
    protected ChainAsset tokenAsset() {
        return TOKEN;
    }

    @Override
    protected void outliveValidity(SignedPayment payment) {
        rail.advance(payment.validUntil() - rail.height() + 1);
    }

    @Override
    protected String sampleTxId() {
        return InMemoryRail.newTxId();
    }

    @Override
    protected String foreignTxId() {
        return "0x" + "ab".repeat(32);
    }

    @Override
    protected String signMessage(String secret, String message) {
        return Base58.encode(new TweetNaclFast.Signature(new byte[0], Base58.decode(secret))
                .detached(message.getBytes(StandardCharsets.UTF_8)));
    }
}
