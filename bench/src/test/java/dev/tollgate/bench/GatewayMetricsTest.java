package dev.tollgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatewayMetricsTest {

    private static String page(double getTx, double status, double count, double seconds) {
        return """
                # HELP tollgate_rpc_calls_total JSON-RPC calls a rail made, by outcome
                # TYPE tollgate_rpc_calls_total counter
                tollgate_rpc_calls_total{method="getTransaction",outcome="ok",rail="solana"} %s
                tollgate_rpc_calls_total{method="getSignatureStatuses",outcome="ok",rail="solana"} %s
                tollgate_rpc_calls_total{method="getSignatureStatuses",outcome="error",rail="polygon"} 1.0
                http_server_requests_seconds_count{exception="none",method="POST",status="200",uri="/v1/agent/settle"} %s
                http_server_requests_seconds_sum{exception="none",method="POST",status="200",uri="/v1/agent/settle"} %s
                http_server_requests_seconds_count{exception="none",method="POST",status="402",uri="/v1/agent/trade"} 99.0
                http_server_requests_seconds_sum{exception="none",method="POST",status="402",uri="/v1/agent/trade"} 9.0
                """.formatted(getTx, status, count, seconds);
    }

    @Test
    void sumsRpcCallsByMethodAcrossRailsAndOutcomes() {
        GatewayMetrics.Snapshot s = GatewayMetrics.parse(page(3, 5, 2, 0.5));
        assertThat(s.rpcCalls()).containsEntry("getTransaction", 3.0).containsEntry("getSignatureStatuses", 6.0);
        assertThat(s.settleCount()).isEqualTo(2.0);
        assertThat(s.settleSeconds()).isEqualTo(0.5);
    }

    @Test
    void perSettleFiguresAreTheDeltaBetweenTwoScrapes() {
        GatewayMetrics.Snapshot before = GatewayMetrics.parse(page(3, 5, 2, 0.5));
        GatewayMetrics.Snapshot after = GatewayMetrics.parse(page(7, 13, 6, 1.3));
        assertThat(GatewayMetrics.rpcPerSettle(before, after, 4))
                .isEqualTo("3.0 per settle: getSignatureStatuses=2.0 getTransaction=1.0");
        assertThat(GatewayMetrics.meanSettleMillis(before, after)).isEqualTo(200.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(GatewayMetrics.rpcPerSettle(null, after, 4)).isNull();
        assertThat(GatewayMetrics.meanSettleMillis(after, after)).isNaN();
    }
}
