package dev.tollgate.contracts;

import dev.tollgate.localnet.evm.AnvilNode;
import java.io.IOException;
import java.math.BigInteger;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/** A local anvil chain plus the web3j plumbing the contract tests share. */
final class TestChain implements AutoCloseable {
    static final long CHAIN_ID = 80002;
    static final BigInteger ONE_POL = BigInteger.TEN.pow(18);

    final AnvilNode anvil;
    final Web3j web3j;
    /** EIP-1559 fees well above anvil's base fee, and a gas limit no call here comes near. */
    final ContractGasProvider gas = new StaticEIP1559GasProvider(CHAIN_ID, BigInteger.valueOf(50_000_000_000L),
            BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(6_000_000));
    final Credentials deployer = Credentials.create(AnvilNode.DEV_PRIVATE_KEYS.get(0));

    TestChain() {
        anvil = AnvilNode.start(CHAIN_ID);
        web3j = Web3j.build(new HttpService(anvil.rpcUrl().toString()));
    }

    /** Signs and sends as {@code from}; automine makes receipts available at once, so polling is short. */
    TransactionManager manager(Credentials from) {
        return new RawTransactionManager(web3j, from, CHAIN_ID, new PollingTransactionReceiptProcessor(web3j, 20, 250));
    }

    /** A fresh key holding 10 POL. */
    Credentials newFundedAccount() {
        Credentials account = newAccount();
        anvil.setBalance(account.getAddress(), ONE_POL.multiply(BigInteger.TEN));
        return account;
    }

    Credentials newAccount() {
        try {
            return Credentials.create(Keys.createEcKeyPair());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    BigInteger nativeBalance(String address) throws IOException {
        return web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    }

    /** Simulates the call and returns its revert data (0x...), or null if it would succeed. */
    String revertData(String from, String to, String data, BigInteger value) throws IOException {
        EthCall call = web3j.ethCall(Transaction.createFunctionCallTransaction(from, null, null, null, to, value, data),
                DefaultBlockParameterName.LATEST).send();
        if (!call.hasError()) {
            return null;
        }
        Object errorData = call.getError().getData();
        return errorData == null ? call.getError().getMessage() : errorData.toString().replace("\"", "");
    }

    @Override
    public void close() {
        web3j.shutdown();
        anvil.close();
    }
}
