// Signs one x402 v2 `exact` EVM payment with the STOCK client (@x402/evm's ExactEvmScheme over a viem account),
// exactly as @x402/fetch does after reading a 402: no code of ours on the client side, no network needed
// (EIP-3009 signing is offline).
// Usage (cwd interop/): X402_REQUIREMENTS='<PaymentRequirements JSON>' EVM_PAYER_KEY=0x... node x402-evm/sign-exact.mjs
// Prints the PaymentPayload's {x402Version, payload} as JSON on stdout. The key is read from the environment only.
import { ExactEvmScheme } from '@x402/evm/exact/client';
import { privateKeyToAccount } from 'viem/accounts';

const requirements = JSON.parse(process.env.X402_REQUIREMENTS ?? '');
const account = privateKeyToAccount(process.env.EVM_PAYER_KEY);
const result = await new ExactEvmScheme(account).createPaymentPayload(2, requirements);
process.stdout.write(JSON.stringify(result) + '\n');
