package dev.tollgate.gateway.golden;

import dev.tollgate.gateway.support.GatewayHttp.Reply;
import dev.tollgate.gateway.support.LocalPolygon;
import dev.tollgate.gateway.support.LocalSolana;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Locale;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;

/** What the golden tests of one gateway context share: its files and the values every body may name. */
final class GoldenContext {
    private final GoldenFiles files = GoldenFiles.ofGatewayModule();
    private final EmbeddedServer server;
    private final boolean polygon;

    GoldenContext(EmbeddedServer server, boolean polygon) {
        this.server = server;
        this.polygon = polygon;
    }

    /** A normaliser knowing this context's gateway, chains, treasuries and assets. */
    GoldenNormaliser normaliser() {
        LocalSolana solana = LocalSolana.get();
        GoldenNormaliser n = new GoldenNormaliser()
                .known(server.getHost() + ":" + server.getPort(), "gateway_host")
                .known(solana.network, "solana_network")
                .known(solana.agentTreasury, "solana_agent_treasury")
                .known(solana.feeTreasury, "solana_fee_treasury")
                .known(solana.usdc.address(), "solana_usdc_mint");
        if (polygon) {
            LocalPolygon chain = LocalPolygon.get();
            evmAddress(n, chain.splitter, "splitter");
            evmAddress(n, chain.usdc.address(), "polygon_usdc");
            evmAddress(n, chain.agentTreasury, "polygon_agent_treasury");
            evmAddress(n, chain.feeTreasury, "polygon_fee_treasury");
        }
        return n;
    }

    /** Adds a job: its id, and the EVM job reference (keccak256 of the memo) that calldata and events carry. */
    static GoldenNormaliser job(GoldenNormaliser n, String jobId) {
        return n.known(jobId, "job_id").known(Hash.sha3String("ATP:" + jobId), "job_ref");
    }

    /** An EVM address in both spellings a body may use, named apart so a change of spelling is a diff. */
    static GoldenNormaliser evmAddress(GoldenNormaliser n, String address, String name) {
        String checksum = Keys.toChecksumAddress(address);
        String lower = address.toLowerCase(Locale.ROOT);
        n.known(checksum, name);
        if (!lower.equals(checksum)) {
            n.known(lower, name + "_lowercase");
        }
        return n;
    }

    void assertGolden(String name, Reply reply, GoldenNormaliser n) {
        files.assertMatches(name, n.normalise(reply.status(), reply.raw()));
    }
}
