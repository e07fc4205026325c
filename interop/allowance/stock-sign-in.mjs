// Signs in for a billed request with the STOCK Sign-In-With-X client (wrapFetchWithSIWx from @x402/extensions,
// pinned in ../package.json), as a client paying from an allowance does after its one-off approve/delegation.
// The host is simulated on the wire: the first request gets the billing API's 402 (PAYMENT-REQUIRED as given), the
// retry's SIGN-IN-WITH-X header is captured and answered 200. Prints one JSON line: {status, header}.
//   PAYMENT_REQUIRED=<base64 x402 PaymentRequired> SIWX_SIGNER=evm:<0x key>|solana:<base58 64-byte key> \
//     node allowance/stock-sign-in.mjs <resource url>
import { wrapFetchWithSIWx } from '@x402/extensions/sign-in-with-x';
import { privateKeyToAccount } from 'viem/accounts';
import { createKeyPairSignerFromBytes } from '@solana/kit';
import { base58 } from '@scure/base';

const url = process.argv[2];
const spec = process.env.SIWX_SIGNER ?? '';
let header = null;

const wire = async (input, init) => {
  const request = new Request(input, init);
  const signIn = request.headers.get('SIGN-IN-WITH-X');
  if (signIn) {
    header = signIn;
    return new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } });
  }
  return new Response('{"error":{"code":"payment_required"}}', {
    status: 402,
    headers: { 'content-type': 'application/json', 'PAYMENT-REQUIRED': process.env.PAYMENT_REQUIRED },
  });
};

async function signer() {
  const kind = spec.slice(0, spec.indexOf(':'));
  const secret = spec.slice(spec.indexOf(':') + 1);
  if (kind === 'evm') {
    return privateKeyToAccount(secret);
  }
  if (kind === 'solana') {
    return createKeyPairSignerFromBytes(base58.decode(secret));
  }
  throw new Error('SIWX_SIGNER must be evm:<key> or solana:<key>');
}

const response = await wrapFetchWithSIWx(wire, await signer())(url);
process.stdout.write(JSON.stringify({ status: response.status, header }) + '\n');
