// Signs one x402 v2 `upto` EVM payment with the STOCK client (@x402/evm's UptoEvmScheme over a viem account), exactly
// as @x402/fetch does after reading a 402 that offers `upto`: a Permit2 witness transfer of at most
// `requirements.amount` to `payTo`, settleable only by `extra.facilitatorAddress`. No code of ours on the client side;
// offline (Permit2 signing needs no node). The payer must have approved Permit2 on the token beforehand.
// Usage (cwd interop/): X402_REQUIREMENTS='<PaymentRequirements JSON>' EVM_PAYER_KEY=0x... node upto/sign-upto.mjs
// Prints the PaymentPayload's {x402Version, payload} as JSON on stdout. The key is read from the environment only.
import { UptoEvmScheme } from '@x402/evm/upto/client';
import { privateKeyToAccount } from 'viem/accounts';

const requirements = JSON.parse(process.env.X402_REQUIREMENTS ?? '');
const account = privateKeyToAccount(process.env.EVM_PAYER_KEY);
const result = await new UptoEvmScheme(account).createPaymentPayload(2, requirements);
process.stdout.write(JSON.stringify(result) + '\n');
