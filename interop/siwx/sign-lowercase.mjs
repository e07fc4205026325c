// Signs in with the STOCK Sign-In-With-X code (createSIWxPayload / createSIWxMessage from @x402/extensions, pinned
// in ../package.json) for an EVM key, then writes the payload's address in LOWER case, as a client that keeps
// addresses lower-cased would send it. Prints one JSON line: {message, payload, header}.
//   SIWX_KEY=<0x private key> SIWX_INFO='<JSON: domain, uri, version, chainId, type, nonce, issuedAt, ...>' \
//     node siwx/sign-lowercase.mjs
// message: the text the stock code built (and the wallet signed) for the address as the signer reports it;
// header: the SIGN-IN-WITH-X value (the stock encoder) of the lower-cased payload.
import { createSIWxMessage, createSIWxPayload, encodeSIWxHeader } from '@x402/extensions/sign-in-with-x';
import { privateKeyToAccount } from 'viem/accounts';

const account = privateKeyToAccount(process.env.SIWX_KEY);
const info = JSON.parse(process.env.SIWX_INFO);
const payload = await createSIWxPayload(info, account, new URL(info.uri));
const message = createSIWxMessage(info, payload.address.toLowerCase());
const lowered = { ...payload, address: payload.address.toLowerCase() };
process.stdout.write(JSON.stringify({ message, payload: lowered, header: encodeSIWxHeader(lowered) }) + '\n');
