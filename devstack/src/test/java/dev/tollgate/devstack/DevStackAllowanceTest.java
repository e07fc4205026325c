package dev.tollgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.contracts.generated.AllowanceSplitter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * {@code ./tollgate dev} deploys the AllowanceSplitter on its local EVM chain with the gateway's relayer (its Polygon
 * sponsor key) as the only biller, and hands its address to the gateway ({@code allowance.contract}).
 */
class DevStackAllowanceTest {

    @Test
    void theAllowanceContractIsDeployedWithTheRelayerAsItsOnlyBiller() throws Exception {
        try (DevStack dev = DevStack.start()) {
            Map<String, Object> p = dev.gatewayProperties();
            String contract = (String) p.get("tollgate.networks.polygon.allowance.contract");
            String relayer = Credentials.create((String) p.get("tollgate.networks.polygon.sponsor.key")).getAddress();
            Web3j web3j = Web3j.build(new HttpService((String) p.get("tollgate.networks.polygon.rpc-url")));
            try {
                AllowanceSplitter splitter = AllowanceSplitter.load(contract, web3j,
                        new ReadonlyTransactionManager(web3j, relayer), new DefaultGasProvider());
                assertThat(splitter.isBiller(relayer).send()).isTrue();
                assertThat(splitter.isBiller((String) p.get("tollgate.networks.polygon.agent-treasury")).send())
                        .isFalse();
                assertThat(splitter.charged(new byte[32]).send()).isFalse();
                assertThat(web3j.ethGetCode(contract, org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send()
                        .getCode().length()).isGreaterThan(2);
            } finally {
                web3j.shutdown();
            }
        }
    }
}
