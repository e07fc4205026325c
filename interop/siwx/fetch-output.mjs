// Fetches a Tollgate job's output URL with the STOCK Sign-In-With-X client (wrapFetchWithSIWx from
// @x402/extensions, pinned in ../package.json) and prints one JSON line: {status, body, signIn}.
//   node siwx/fetch-output.mjs <url>
// SIWX_SIGNER: "evm:<0x private key>" (a viem account), "solana:<base58 64-byte secret key>" (an @solana/kit
// signer), or "none" (plain fetch: the gateway must answer 402). signIn is the SIGN-IN-WITH-X payload the stock
// client sent (read off the wire, so the Java test can check what the gateway recorded), or null.
import { wrapFetchWithSIWx } from '@x402/extensions/sign-in-with-x';
import { privateKeyToAccount } from 'viem/accounts';
import { createKeyPairSignerFromBytes } from '@solana/kit';
import { base58 } from '@scure/base';

const url = process.argv[2];
const spec = process.env.SIWX_SIGNER ?? 'none';
let signIn = null;

// the network: records the header the stock client put on its retry, changes nothing
const wire = async (input, init) => {
  const request = new Request(input, init);
  const header = request.headers.get('SIGN-IN-WITH-X');
  if (header) {
    signIn = JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
  }
  return fetch(request);
};

async function signer() {
  const [kind, secret] = [spec.slice(0, spec.indexOf(':')), spec.slice(spec.indexOf(':') + 1)];
  if (kind === 'evm') {
    return privateKeyToAccount(secret);
  }
  if (kind === 'solana') {
    return createKeyPairSignerFromBytes(base58.decode(secret));
  }
  throw new Error('SIWX_SIGNER must be evm:<key>, solana:<key> or none');
}

const client = spec === 'none' ? wire : wrapFetchWithSIWx(wire, await signer());
const response = await client(url);
const text = await response.text();
let body;
try {
  body = JSON.parse(text);
} catch {
  body = text;
}
process.stdout.write(JSON.stringify({
  status: response.status,
  paymentRequired: response.headers.get('PAYMENT-REQUIRED'),
  body,
  signIn,
}) + '\n');
