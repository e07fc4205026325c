package dev.tollgate.gateway.rails;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRail;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.allowance.AllowanceCharges;
import dev.tollgate.chain.allowance.AllowanceState;
import dev.tollgate.chain.memory.InMemoryRail;
import dev.tollgate.chain.x402.ExactPayment;
import dev.tollgate.chain.x402.ExactRequirement;
import dev.tollgate.chain.x402.UptoScheme;
import dev.tollgate.gateway.config.AssetConfig;
import dev.tollgate.gateway.config.NetworkConfig;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test only, environment {@value #ENVIRONMENT}: every {@code solana} entry is an in-memory rail that also declares
 * the two capabilities usage-priced billing offers are made from ({@link UptoScheme}, {@link AllowanceCharges}), as
 * stubs that only describe themselves (requirement, spender): enough for the billing API's offers, never paid.
 */
@Singleton
@Requires(env = BillingCapableRailBuilder.ENVIRONMENT)
@Replaces(SolanaRailBuilder.class)
public final class BillingCapableRailBuilder implements RailBuilder {
    public static final String ENVIRONMENT = "billcaps";
    public static final String SPENDER = InMemoryRail.newAccount().getPublicKeyBase58();
    public static final String UPTO_PAY_TO = InMemoryRail.newAccount().getPublicKeyBase58();
    private final Clock clock;

    BillingCapableRailBuilder(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String family() {
        return "solana";
    }

    @Override
    public RailBinding build(NetworkConfig network, List<AssetConfig> assets) {
        List<ChainAsset> chainAssets = new ArrayList<>();
        for (AssetConfig a : assets) {
            chainAssets.add(a.nativeCoin() ? ChainAsset.nativeCoin(a.symbol(), a.decimals())
                    : new ChainAsset(a.symbol(), a.decimals(), a.address(), a.tokenProgram()));
        }
        return RailFactory.bind(new Capable(new InMemoryRail(NetworkId.of(network.id()), chainAssets, clock)),
                network, assets);
    }

    /** The in-memory rail plus stub upto and allowance capabilities. */
    private record Capable(InMemoryRail rail) implements PaymentRail {
        @Override
        public NetworkId network() {
            return rail.network();
        }

        @Override
        public Map<String, ChainAsset> assets() {
            return rail.assets();
        }

        @Override
        public boolean isValidAddress(String address) {
            return rail.isValidAddress(address);
        }

        @Override
        public boolean isValidTxId(String txId) {
            return rail.isValidTxId(txId);
        }

        @Override
        public boolean verifyWalletSignature(String address, String message, String signature) {
            return rail.verifyWalletSignature(address, message, signature);
        }

        @Override
        public Map<String, Object> paymentInstructions(PaymentIntent intent) {
            return rail.paymentInstructions(intent);
        }

        @Override
        public PaymentCheck checkPayment(PaymentIntent intent, String txId, Commitment commitment, long validUntil) {
            return rail.checkPayment(intent, txId, commitment, validUntil);
        }

        @Override
        public BigInteger balanceOf(String owner, ChainAsset asset) {
            return rail.balanceOf(owner, asset);
        }

        @Override
        public Optional<dev.tollgate.chain.x402.ExactScheme> exactScheme() {
            return rail.exactScheme();
        }

        @Override
        public Optional<UptoScheme> uptoScheme() {
            return Optional.of(new StubUpto(rail.network().value()));
        }

        @Override
        public Optional<AllowanceCharges> allowanceCharges() {
            return Optional.of(new StubAllowance());
        }
    }

    private record StubUpto(String network) implements UptoScheme {
        @Override
        public String caip2() {
            return network;
        }

        @Override
        public ExactRequirement requirement(PaymentIntent ceiling, int maxTimeoutSeconds) {
            return new ExactRequirement(network, ceiling.asset().address(), UPTO_PAY_TO, ceiling.totalUnits(),
                    maxTimeoutSeconds, Map.of("facilitatorAddress", SPENDER));
        }

        @Override
        public ExactPayment verify(ExactRequirement requirement, Map<String, Object> payload) {
            throw new UnsupportedOperationException("stub");
        }

        @Override
        public SignedPayment prepare(PaymentIntent actual, ExactPayment payment) {
            throw new UnsupportedOperationException("stub");
        }

        @Override
        public CustodialSigner.Submission submit(SignedPayment prepared) {
            throw new UnsupportedOperationException("stub");
        }

        @Override
        public PaymentCheck check(PaymentIntent actual, ExactPayment payment, String txId, Commitment commitment,
                                  long validUntil) {
            throw new UnsupportedOperationException("stub");
        }
    }

    private static final class StubAllowance implements AllowanceCharges {
        @Override
        public String spender(ChainAsset asset) {
            return SPENDER;
        }

        @Override
        public AllowanceState read(String payer, ChainAsset asset) {
            throw new UnsupportedOperationException("stub");
        }

        @Override
        public SignedPayment prepare(PaymentIntent intent) {
            throw new UnsupportedOperationException("stub");
        }

        @Override
        public CustodialSigner.Submission submit(SignedPayment prepared) {
            throw new UnsupportedOperationException("stub");
        }

        @Override
        public PaymentCheck check(PaymentIntent intent, String txId, Commitment commitment, long validUntil) {
            throw new UnsupportedOperationException("stub");
        }
    }
}
