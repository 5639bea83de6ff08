/**
 * The Rootstock test dApp: finds the wallet as a dApp would, by EIP-6963 through
 * mipd (`createStore`, by rdns), and speaks to it through viem's wallet client over
 * the announced EIP-1193 provider. Signatures are written out for the test to verify.
 */
import { createStore } from 'mipd';
import { BaseError, createWalletClient, custom, defineChain, parseEther, type EIP1193Provider } from 'viem';
import { button } from './ui';
import { MESSAGE, RECIPIENT, TYPED } from '../rootstock-data';

// The wallet client never reads this URL: every request goes through the provider.
const chain = defineChain({ id: 33, name: 'Rootstock regtest', nativeCurrency: { name: 'RBTC', symbol: 'RBTC', decimals: 18 }, rpcUrls: { default: { http: ['http://127.0.0.1:4444'] } } });
const store = createStore();
const provider = () => {
  const found = store.findProvider({ rdns: 'dev.layerhop' });
  if (!found) throw new Error('Layerhop was not announced');
  return found.provider as unknown as EIP1193Provider;
};
const client = () => createWalletClient({ chain, transport: custom(provider()) });
const account = async () => (await client().getAddresses())[0]!;

const found = document.createElement('p');
found.dataset.testid = 'announced';
const showFound = () => (found.textContent = JSON.stringify(store.getProviders().map((p) => ({ name: p.info.name, rdns: p.info.rdns }))));
store.subscribe(showFound, { emitImmediately: true });
document.getElementById('app')!.append(found);

const events: unknown[] = [];
const eventsOut = document.createElement('pre');
eventsOut.dataset.testid = 'events';
document.getElementById('app')!.append(eventsOut);
store.subscribe(
  (_all, change) => {
    for (const p of (change && 'added' in change ? change.added : undefined) ?? []) {
      const prov = p.provider as unknown as { on(e: string, l: (x: unknown) => void): void };
      for (const e of ['connect', 'chainChanged', 'accountsChanged']) prov.on(e, (x) => ((events.push([e, x]), (eventsOut.textContent = JSON.stringify(events)))));
    }
  },
  { emitImmediately: true },
);

button('connect', 'Connect', () => client().requestAddresses());
button('accounts', 'Accounts (eth_accounts)', () => provider().request({ method: 'eth_accounts' }));
button('chain-id', 'Chain id', () => client().getChainId());
/** viem wraps a provider's error in its own (TransactionExecutionError); the page shows the provider's code, as a dApp reads it. */
const providerError = (err: unknown) => (err instanceof BaseError ? (err.walk((e) => typeof (e as { code?: unknown }).code === 'number') ?? err) : err);
button('send', 'Send 0.1 RBTC', async () => {
  try {
    return await client().sendTransaction({ account: await account(), to: RECIPIENT, value: parseEther('0.1') });
  } catch (err) {
    throw providerError(err);
  }
});
button('personal-sign', 'personal_sign', async () => client().signMessage({ account: await account(), message: MESSAGE }));
button('sign-typed', 'eth_signTypedData_v4', async () => client().signTypedData({ account: await account(), ...TYPED }));
// An origin that never connected has no account to name: it asks with the recipient's.
button('personal-sign-unconnected', 'personal_sign without connecting', () => provider().request({ method: 'personal_sign', params: ['0x6869', RECIPIENT] }));
button('switch-testnet', 'Switch to RSK testnet (31)', async () => {
  try {
    return await client().switchChain({ id: 31 });
  } catch (err) {
    throw providerError(err);
  }
});
button('switch-devnet', 'Switch to the devnet (33)', () => provider().request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0x21' }] }));
button('switch-unknown', 'Switch to Ethereum mainnet (1)', () => provider().request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0x1' }] }));
