// Test harness (kept outside test/ so that node --test does not run it as a test file): starts server.js as a
// child process on a free port and talks to it over real HTTP JSON-RPC; builds and signs transactions with kit.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import {
  AccountRole, appendTransactionMessageInstructions, createTransactionMessage, generateKeyPairSigner, getBase58Decoder,
  getBase64EncodedWireTransaction, getBase64Encoder, getTransactionDecoder, pipe,
  setTransactionMessageFeePayerSigner, setTransactionMessageLifetimeUsingBlockhash, signTransactionMessageWithSigners,
} from '@solana/kit';

const SERVER = fileURLToPath(new URL('../server.js', import.meta.url));
export const MEMO_V1 = 'Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo';
export const MEMO_V2 = 'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr';
export const SYSTEM_PROGRAM = '11111111111111111111111111111111';
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts a node; resolves once its ready line is read. */
export async function startNode(args = [], { timeoutMs = 15_000 } = {}) {
  const child = spawn(process.execPath, [SERVER, '--port', '0', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node not ready after ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('\n')) { clearTimeout(timer); resolve(JSON.parse(stdout.split('\n')[0])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`node exited (${code}): ${stderr}`)); });
  });
  let id = 0;
  const node = {
    child,
    url: ready.rpcUrl,
    ready,
    stdout: () => stdout,
    /** POSTs any JSON body and returns the parsed JSON reply. */
    async post(body) {
      const res = await fetch(node.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
      return res.json();
    },
    /** Full JSON-RPC response object. */
    raw: (method, params) => node.post({ jsonrpc: '2.0', id: ++id, method, params }),
    /** The result, or throws an Error carrying the JSON-RPC error's code and data. */
    async rpc(method, params) {
      const reply = await node.raw(method, params);
      if (reply.error) throw Object.assign(new Error(`${method}: ${reply.error.message}`), reply.error);
      return reply.result;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return node;
}

/** Signs a transaction (legacy unless version: 0) and returns its base64 wire form. */
export async function buildTx(node, { feePayer, instructions, blockhash, version = 'legacy' }) {
  const lifetime = blockhash ?? (await node.rpc('getLatestBlockhash', [{ commitment: 'processed' }])).value;
  const message = pipe(
    createTransactionMessage({ version }),
    (m) => setTransactionMessageFeePayerSigner(feePayer, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash({ blockhash: lifetime.blockhash, lastValidBlockHeight: BigInt(lifetime.lastValidBlockHeight) }, m),
    (m) => appendTransactionMessageInstructions(instructions, m),
  );
  return getBase64EncodedWireTransaction(await signTransactionMessageWithSigners(message));
}

/** The signature (base58) of a base64 wire transaction. */
export function signatureOf(wire) {
  const tx = getTransactionDecoder().decode(getBase64Encoder().encode(wire));
  return getBase58Decoder().decode(Object.values(tx.signatures)[0]);
}

/** Sends a base64 transaction; returns the signature. */
export function send(node, wire, opts = {}) {
  return node.rpc('sendTransaction', [wire, { encoding: 'base64', ...opts }]);
}

/** Polls until fn() returns a truthy value. */
export async function until(fn, { timeoutMs = 10_000, everyMs = 25, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

export async function status(node, signature) {
  return (await node.rpc('getSignatureStatuses', [[signature]])).value[0];
}

export async function balance(node, address) {
  return (await node.rpc('getBalance', [address, { commitment: 'processed' }])).value;
}

/** A funded fresh keypair. */
export async function fundedSigner(node, lamports = 10_000_000_000) {
  const signer = await generateKeyPairSigner();
  await node.rpc('requestAirdrop', [signer.address, lamports]);
  return signer;
}

export const memoIx = (programAddress, text, signer) => ({
  programAddress,
  accounts: signer ? [{ address: signer.address, role: AccountRole.READONLY_SIGNER, signer }] : [],
  data: new TextEncoder().encode(text),
});
