#!/usr/bin/env node
// A local Solana JSON-RPC node over LiteSVM (a real in-process Solana runtime). See README.md.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Chain } from './lib/chain.js';
import { RpcError } from './lib/errors.js';
import { checkCommitments, createHandlers } from './lib/rpc.js';

const { values: opts } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8899' },
    'slot-ms': { type: 'string', default: '400' },
    'blockhash-valid-slots': { type: 'string', default: '150' },
    'finalize-slots': { type: 'string', default: '32' },
    'exit-on-stdin-close': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

function intOption(name, min) {
  const n = Number(opts[name]);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`--${name} must be an integer >= ${min}\n`);
    process.exit(2);
  }
  return n;
}

const chain = await new Chain({
  slotMs: intOption('slot-ms', 1),
  blockhashValidSlots: intOption('blockhash-valid-slots', 1),
  finalizeSlots: intOption('finalize-slots', 1),
}).init();
const handlers = createHandlers(chain);
const log = opts.verbose ? (msg) => process.stderr.write(`${msg}\n`) : () => {};

// u64 values are BigInts: emit them as exact JSON numbers, as Agave does.
const BIG = `__u64_${randomBytes(6).toString('hex')}_`;
const BIG_RE = new RegExp(`"${BIG}(\\d+)"`, 'g');
const toJson = (value) => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `${BIG}${v}` : v)).replace(BIG_RE, '$1');

async function call(req) {
  const id = req && typeof req === 'object' && 'id' in req ? req.id : null;
  if (!req || typeof req !== 'object' || Array.isArray(req) || req.jsonrpc !== '2.0' || typeof req.method !== 'string') {
    return { jsonrpc: '2.0', error: { code: -32600, message: 'Invalid request' }, id };
  }
  const handler = Object.hasOwn(handlers, req.method) ? handlers[req.method] : null;
  if (!handler) return { jsonrpc: '2.0', error: { code: -32601, message: 'Method not found' }, id };
  if (req.params !== undefined && !Array.isArray(req.params)) {
    return { jsonrpc: '2.0', error: { code: -32602, message: 'Invalid params: expected an array' }, id };
  }
  try {
    checkCommitments(req.params ?? []);
    const result = await handler(req.params ?? []);
    log(`${req.method} ok`);
    return { jsonrpc: '2.0', result, id };
  } catch (e) {
    if (e instanceof RpcError) {
      log(`${req.method} error ${e.code}: ${e.message}`);
      const error = { code: e.code, message: e.message };
      if (e.data !== undefined) error.data = e.data;
      return { jsonrpc: '2.0', error, id };
    }
    process.stderr.write(`${req.method} failed: ${e.stack}\n`);
    return { jsonrpc: '2.0', error: { code: -32603, message: `Internal error: ${e.message}` }, id };
  }
}

async function handleBody(body) {
  // One clock reading per HTTP request: all calls of a batch see the same slot.
  chain.tick();
  let parsed;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null };
  }
  if (!Array.isArray(parsed)) return call(parsed);
  if (parsed.length === 0) return { jsonrpc: '2.0', error: { code: -32600, message: 'Invalid request' }, id: null };
  const out = [];
  for (const req of parsed) out.push(await call(req)); // in order: transactions in a batch land in order
  return out;
}

const server = createServer((req, res) => {
  const reply = (status, type, text) => {
    res.writeHead(status, { 'content-type': type });
    res.end(text);
  };
  if (req.method === 'GET' && req.url === '/health') return reply(200, 'text/plain', 'ok');
  if (req.method !== 'POST') return reply(405, 'text/plain', 'Method Not Allowed');
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const response = await handleBody(Buffer.concat(chunks).toString('utf8'));
    reply(200, 'application/json', toJson(response));
  });
});

function shutdown() {
  server.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
if (opts['exit-on-stdin-close']) {
  process.stdin.on('end', shutdown);
  process.stdin.on('error', shutdown);
  process.stdin.resume();
}

server.on('error', (e) => {
  process.stderr.write(`cannot listen on ${opts.host}:${opts.port}: ${e.message}\n`);
  process.exit(1);
});
server.listen(intOption('port', 0), opts.host, () => {
  process.stdout.write(`${JSON.stringify({ ready: true, rpcUrl: `http://${opts.host.includes(":") ? `[${opts.host}]` : opts.host}:${server.address().port}` })}\n`);
});
