/** What the Rootstock test dApp asks and the E2E checks: the recipient, the message and the typed data. */
/** anvil's second dev account: the recipient of the test's send. */
export const RECIPIENT = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
export const TYPED = {
  domain: { name: 'Layerhop test', version: '1', chainId: 33, verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC' },
  types: {
    Person: [
      { name: 'name', type: 'string' },
      { name: 'wallet', type: 'address' },
    ],
    Mail: [
      { name: 'from', type: 'Person' },
      { name: 'contents', type: 'string' },
    ],
  },
  primaryType: 'Mail',
  message: { from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' }, contents: 'Hello from the test dApp' },
} as const;
export const MESSAGE = 'Sign in to the Layerhop test dApp';

