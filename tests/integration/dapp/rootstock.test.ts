/**
 * The Rootstock dApp family against a real EVM node (anvil, chain 33), driven the
 * way a page drives it: viem's wallet client over a custom EIP-1193 transport
 * whose requests go to the family handler through a stand-in for the router
 * (method lookup, approval recorded and answered by the test, errors through the
 * handler's own mapping). Signatures are checked with viem's verifyMessage and
 * verifyTypedData, transactions on the node with plain JSON-RPC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../../helpers/bip39-seed';
import { createWalletClient, custom, defineChain, verifyMessage, verifyTypedData, getAddress, parseEther } from 'viem';
import { startAnvil, ANVIL_DEV_ACCOUNT, type Anvil } from '../../devnet/rootstock/anvil';
import { MemoryArea } from '../../helpers/memory-ports';
import { HttpClient } from '../../../src/shared/http';
import { findPreset, type NetworkPreset } from '../../../src/shared/networks';
import { RootstockService } from '../../../src/layers/rootstock/service';
import { ROOTSTOCK_MODULE } from '../../../src/layers/rootstock/module';
import { ROOTSTOCK_HANDLER } from '../../../src/dapp/rootstock/handler';
import { FAMILY_HANDLERS } from '../../../src/dapp/registry';
import { DappError, type ApprovalContent, type DappContext } from '../../../src/dapp/family';
import { ProviderRpcError } from '../../../src/inject/transport';
import type { ApprovalRow } from '../../../src/shared/dapp/approval-view';

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const root = HDKey.fromMasterSeed(mnemonicToSeedSync(ABANDON));
const RBTC = 10n ** 18n;
const RECIPIENT = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
/** Init code of a contract whose every call reverts with the 4 bytes 0xdeadbeef. */
const REVERTER_INIT = '0x6010600c6000396010' + '6000f3' + '63deadbeef60e01b60005260046000fd';

interface Asked {
  method: string;
  content: ApprovalContent;
  /** eth_sendRawTransaction calls the node had seen when the window was shown. */
  broadcastsBefore: number;
}

/** The wallet side: the family handler with a DappContext as the router builds it, and a page-side EIP-1193 request(). */
function walletOn(anvil: Anvil, origin = 'http://127.0.0.1:5173') {
  const methods: string[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const body = JSON.parse(String(init?.body ?? 'null')) as { method: string } | { method: string }[];
    for (const c of Array.isArray(body) ? body : [body]) methods.push(c.method);
    return fetch(input, init);
  };
  const store = new MemoryArea();
  const presets: Record<string, NetworkPreset<'rootstock'>> = {};
  for (const id of ['devnet', 'testnet']) presets[id] = { ...findPreset('rootstock', id)!, endpoints: { rpc: anvil.url } };
  /** `servicePreset`: the preset the service is built on when it is not the context's (Settings changed meanwhile). */
  const state = { presetId: 'devnet', answer: 'approve' as 'approve' | 'reject', servicePreset: undefined as string | undefined };
  const asked: Asked[] = [];
  const services = new Map<string, RootstockService>();
  const serviceFor = (preset: NetworkPreset<'rootstock'>) => {
    if (!services.has(preset.id)) {
      services.set(preset.id, new RootstockService({ root, preset, store, http: (url) => new HttpClient(url, { fetchImpl, retries: 0, timeoutMs: 10_000 }), now: () => Date.now() }));
    }
    return services.get(preset.id)!;
  };
  const context = () => {
    const preset = presets[state.presetId]!;
    const ctx: DappContext<'rootstock'> = {
      origin,
      preset,
      account: ROOTSTOCK_MODULE.account({ root, masterBlindingKey: new Uint8Array(32) }, preset),
      service: async () => serviceFor(presets[state.servicePreset ?? state.presetId]!),
      deps: async () => {
        throw new Error('the Rootstock family uses its service only');
      },
      approve: async (method, content) => {
        asked.push({ method, content, broadcastsBefore: methods.filter((m) => m === 'eth_sendRawTransaction').length });
        if (state.answer === 'reject') throw new DappError('user_rejected', 'User rejected the request.');
      },
      selectPreset: async (id) => {
        state.presetId = id;
      },
    };
    return ctx;
  };
  /** What the router does with a request of a connected origin: find the method, run it, map refusals. */
  const request = async ({ method, params }: { method: string; params?: unknown }): Promise<unknown> => {
    const handler = FAMILY_HANDLERS.rootstock!;
    try {
      const run = handler.methods[method] as ((p: unknown, c: DappContext<'rootstock'>) => Promise<unknown>) | undefined;
      if (!run) throw new DappError('unsupported_method', `The wallet does not offer ${method}.`);
      return await run(params, context());
    } catch (err) {
      if (err instanceof DappError) throw new ProviderRpcError(handler.error(err.refusal, err.message, err.data));
      throw new ProviderRpcError(handler.error('internal', String(err)));
    }
  };
  const me = context().account.value;
  return { request, asked, methods, state, store, me, serviceFor: () => serviceFor(presets[state.presetId]!) };
}

async function rpcError(promise: Promise<unknown>): Promise<{ code: number; message: string; data?: unknown }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { code?: number; message: string; data?: unknown };
    if (typeof e.code === 'number') return e as { code: number; message: string };
    throw err;
  }
  throw new Error('expected a refusal');
}

const rows = (c: ApprovalContent): ApprovalRow[] => c.sections.flatMap((s) => s.rows);
const rowKeyed = (c: ApprovalContent, key: string) => rows(c).find((r) => r.label.key === key || r.label.params?.[0] === key);

/** viem's wallet client on chain 33 over the page-side request(). */
function clientOn(anvil: Anvil, request: (args: { method: string; params?: unknown }) => Promise<unknown>) {
  const chain = defineChain({ id: 33, name: 'Rootstock regtest', nativeCurrency: { name: 'RBTC', symbol: 'RBTC', decimals: 18 }, rpcUrls: { default: { http: [anvil.url] } } });
  return createWalletClient({ chain, transport: custom({ request }) });
}

describe('Rootstock dApp family on anvil (chain 33)', () => {
  let anvil: Anvil;
  let wallet: ReturnType<typeof walletOn>;
  let client: ReturnType<typeof clientOn>;
  let reverter: string;

  beforeAll(async () => {
    anvil = await startAnvil({ chainId: 33 });
    wallet = walletOn(anvil);
    await anvil.fund(wallet.me, 5n * RBTC);
    const deploy = await anvil.rpc<string>('eth_sendTransaction', [{ from: ANVIL_DEV_ACCOUNT, data: REVERTER_INIT }]);
    reverter = (await anvil.receipt<{ contractAddress: string }>(deploy)).contractAddress;
    client = clientOn(anvil, wallet.request);
  });
  afterAll(async () => {
    await anvil?.stop();
  });

  it('answers the chain and the connected account as EVM libraries read them', async () => {
    expect(await wallet.request({ method: 'eth_chainId' })).toBe('0x21');
    expect(await wallet.request({ method: 'net_version' })).toBe('33');
    const [address] = await client.requestAddresses();
    expect(address).toBe(getAddress(wallet.me.toLowerCase()));
    expect(await wallet.request({ method: 'eth_accounts' })).toEqual([wallet.me.toLowerCase()]);
    expect(ROOTSTOCK_HANDLER.open).toEqual(['eth_chainId', 'net_version']);
    expect(ROOTSTOCK_HANDLER.connecting).toEqual(['eth_requestAccounts']);
    const connect = await ROOTSTOCK_HANDLER.connectContent({ account: { value: wallet.me }, preset: findPreset('rootstock', 'devnet')! } as DappContext<'rootstock'>);
    expect(rows(connect)[0]).toMatchObject({ kind: 'address', value: wallet.me, ours: true });
  });

  it('eth_sendTransaction: shown decoded, signed only after approval, lands on the node with the value asked', async () => {
    const before = BigInt(await anvil.rpc<string>('eth_getBalance', [RECIPIENT, 'latest']));
    const hash = await client.sendTransaction({ account: wallet.me.toLowerCase() as `0x${string}`, to: RECIPIENT, value: parseEther('0.25') });
    const asked = wallet.asked.at(-1)!;
    expect(asked.method).toBe('eth_sendTransaction');
    expect(asked.broadcastsBefore).toBe(wallet.methods.filter((m) => m === 'eth_sendRawTransaction').length - 1);
    expect(rowKeyed(asked.content, 'dapp_rsk_kind')).toMatchObject({ value: { key: 'dapp_rsk_kind_transfer' } });
    expect(rowKeyed(asked.content, 'dapp_rsk_value')).toMatchObject({ kind: 'amount', value: (RBTC / 4n).toString(), decimals: 18, unit: 'RBTC', outgoing: true });
    expect(rowKeyed(asked.content, 'dapp_rsk_from')).toMatchObject({ value: wallet.me, ours: true });
    expect(rowKeyed(asked.content, 'dapp_rsk_gas_limit')).toMatchObject({ value: '21000' });

    const receipt = await anvil.receipt<{ status: string; from: string; to: string }>(hash);
    expect(receipt.status).toBe('0x1');
    expect(receipt.from).toBe(wallet.me.toLowerCase());
    const tx = await anvil.rpc<{ value: string; to: string; type: string }>('eth_getTransactionByHash', [hash]);
    expect(BigInt(tx.value)).toBe(RBTC / 4n);
    expect(tx.type).toBe('0x0');
    expect(BigInt(await anvil.rpc<string>('eth_getBalance', [RECIPIENT, 'latest'])) - before).toBe(RBTC / 4n);
    // Stored in the send log like any send of the wallet (so it is followed and rebroadcast).
    expect(wallet.store.dump()).toContain(hash);
  });

  it('a call with data: selector, known function and arguments shown; a warning when the recipient runs no code; the data lands', async () => {
    const data = `0xa9059cbb${RECIPIENT.slice(2).padStart(64, '0')}${(1234n).toString(16).padStart(64, '0')}` as `0x${string}`;
    const hash = await client.sendTransaction({ account: wallet.me.toLowerCase() as `0x${string}`, to: RECIPIENT, data });
    const { content } = wallet.asked.at(-1)!;
    expect(rowKeyed(content, 'dapp_rsk_kind')).toMatchObject({ value: { key: 'dapp_rsk_kind_call' } });
    expect(rowKeyed(content, 'dapp_rsk_selector')).toMatchObject({ value: '0xa9059cbb' });
    expect(rowKeyed(content, 'dapp_rsk_function')).toMatchObject({ value: 'transfer(address,uint256)' });
    expect(rowKeyed(content, 'amount (uint256)')).toMatchObject({ value: '1234' });
    expect(rowKeyed(content, 'dapp_rsk_data_length')).toMatchObject({ value: { key: 'dapp_rsk_bytes', params: ['68'] } });
    expect(content.warnings).toEqual([{ key: 'dapp_rsk_warn_data_to_account' }]);
    expect((await anvil.rpc<{ input: string }>('eth_getTransactionByHash', [hash])).input).toBe(data);
  });

  it('a rejected send is 4001 with nothing signed or stored', async () => {
    wallet.state.answer = 'reject';
    try {
      const sends = wallet.methods.filter((m) => m === 'eth_sendRawTransaction').length;
      const stored = wallet.store.dump();
      const err = await rpcError(wallet.request({ method: 'eth_sendTransaction', params: [{ from: wallet.me, to: RECIPIENT, value: '0x1' }] }));
      expect(err.code).toBe(4001);
      expect(wallet.methods.filter((m) => m === 'eth_sendRawTransaction').length).toBe(sends);
      expect(wallet.store.dump()).toBe(stored);
      // viem reads 4001 as its UserRejectedRequestError.
      await expect(client.signMessage({ account: wallet.me.toLowerCase() as `0x${string}`, message: 'no' })).rejects.toMatchObject({ name: 'UserRejectedRequestError', code: 4001 });
    } finally {
      wallet.state.answer = 'approve';
    }
  });

  it('refuses before asking: another sender (4100), another chain id (4901), contract creation and non-hex amounts (-32602)', async () => {
    const asked = wallet.asked.length;
    expect((await rpcError(wallet.request({ method: 'eth_sendTransaction', params: [{ from: RECIPIENT, to: RECIPIENT, value: '0x1' }] }))).code).toBe(4100);
    expect((await rpcError(wallet.request({ method: 'eth_sendTransaction', params: [{ from: wallet.me, to: RECIPIENT, value: '0x1', chainId: '0x1f' }] }))).code).toBe(4901);
    expect((await rpcError(wallet.request({ method: 'eth_sendTransaction', params: [{ from: wallet.me, data: REVERTER_INIT }] }))).code).toBe(-32602);
    for (const value of [1, '1.5', '0x1.8', '100', '0x' + 'f'.repeat(65)]) {
      expect((await rpcError(wallet.request({ method: 'eth_sendTransaction', params: [{ from: wallet.me, to: RECIPIENT, value }] }))).code).toBe(-32602);
    }
    expect((await rpcError(wallet.request({ method: 'eth_sendTransaction', params: [{ from: wallet.me, to: RECIPIENT, data: '0xabc' }] }))).code).toBe(-32602);
    // A call the node says would revert: refused with the node's reason, nothing asked or sent.
    const refused = await rpcError(wallet.request({ method: 'eth_sendTransaction', params: [{ from: wallet.me, to: reverter, data: '0x12345678' }] }));
    expect(refused.code).toBe(-32603);
    expect(wallet.asked.length).toBe(asked);
  });

  it('personal_sign: the message shown as text (or hex when it is not UTF-8), the signature recovered by viem to our address', async () => {
    const account = wallet.me.toLowerCase() as `0x${string}`;
    const signature = await client.signMessage({ account, message: 'Log in to example.test\nnonce: 42' });
    const { content, method } = wallet.asked.at(-1)!;
    expect(method).toBe('personal_sign');
    expect(rowKeyed(content, 'dapp_rsk_message')).toEqual({ kind: 'message', label: { key: 'dapp_rsk_message' }, value: 'Log in to example.test\nnonce: 42' });
    expect(await verifyMessage({ address: account, message: 'Log in to example.test\nnonce: 42', signature })).toBe(true);

    const raw = await client.signMessage({ account, message: { raw: '0xff00fe' } });
    expect(rowKeyed(wallet.asked.at(-1)!.content, 'dapp_rsk_message')).toMatchObject({ value: '0xff00fe', hex: true });
    expect(await verifyMessage({ address: account, message: { raw: '0xff00fe' }, signature: raw })).toBe(true);
    expect(await verifyMessage({ address: RECIPIENT, message: { raw: '0xff00fe' }, signature: raw })).toBe(false);
    expect((await rpcError(wallet.request({ method: 'personal_sign', params: ['0x00', RECIPIENT] }))).code).toBe(4100);
  });

  const mail = {
    domain: { name: 'Ether Mail', version: '1', chainId: 33, verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC' },
    types: {
      Person: [
        { name: 'name', type: 'string' },
        { name: 'wallet', type: 'address' },
      ],
      Mail: [
        { name: 'from', type: 'Person' },
        { name: 'to', type: 'Person' },
        { name: 'contents', type: 'string' },
        { name: 'amounts', type: 'uint256[]' },
      ],
    },
    primaryType: 'Mail',
    message: {
      from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
      to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' },
      contents: 'Hello, Bob!',
      amounts: [1n, 2n ** 200n],
    },
  } as const;

  it('eth_signTypedData_v4: domain and message fields shown decoded, the signature recovered by viem to our address', async () => {
    const account = wallet.me.toLowerCase() as `0x${string}`;
    const signature = await client.signTypedData({ account, ...mail });
    const { content, method } = wallet.asked.at(-1)!;
    expect(method).toBe('eth_signTypedData_v4');
    expect(rowKeyed(content, 'chainId (uint256)')).toMatchObject({ value: '33' });
    expect(rowKeyed(content, 'from.wallet (address)')).toMatchObject({ kind: 'address', value: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826', ours: false });
    expect(rowKeyed(content, 'amounts[1] (uint256)')).toMatchObject({ value: (2n ** 200n).toString() });
    expect(content.warnings).toBeUndefined();
    expect(await verifyTypedData({ address: account, ...mail, signature })).toBe(true);
    expect(await verifyTypedData({ address: RECIPIENT, ...mail, signature })).toBe(false);
  });

  it('eth_signTypedData_v4 refuses a domain of another chain (4901) and malformed data (-32602) before asking', async () => {
    const account = wallet.me.toLowerCase() as `0x${string}`;
    const asked = wallet.asked.length;
    await expect(client.signTypedData({ account, ...mail, domain: { ...mail.domain, chainId: 31 } })).rejects.toMatchObject({ code: 4901 });
    const typed = (over: object) => JSON.stringify({ ...mail, message: { ...mail.message, amounts: ['1'] }, ...over });
    const bad = [
      typed({ primaryType: 'Nope' }),
      typed({ message: { ...mail.message, amounts: ['1'], contents: 7 } }),
      typed({ message: { ...mail.message, amounts: ['-1'] } }),
      typed({ message: { from: mail.message.from, to: mail.message.to, amounts: [] } }),
      typed({ types: { ...mail.types, Person: [{ name: 'next', type: 'Mail' }] } }),
      '{not json',
    ];
    for (const data of bad) expect((await rpcError(wallet.request({ method: 'eth_signTypedData_v4', params: [account, data] }))).code).toBe(-32602);
    expect(wallet.asked.length).toBe(asked);
  });

  it('passes allow-listed reads to the preset node as it answers them (revert data included); anything else is 4200', async () => {
    expect(await wallet.request({ method: 'eth_blockNumber' })).toBe(await anvil.rpc('eth_blockNumber'));
    expect(await wallet.request({ method: 'eth_getBalance', params: [RECIPIENT, 'latest'] })).toBe(await anvil.rpc('eth_getBalance', [RECIPIENT, 'latest']));
    const revert = await rpcError(wallet.request({ method: 'eth_call', params: [{ to: reverter, data: '0x' }, 'latest'] }));
    expect(revert.code).toBe(3);
    expect(revert.data).toBe('0xdeadbeef');
    for (const method of ['eth_sendRawTransaction', 'eth_sign', 'eth_signTransaction', 'anvil_setBalance', 'wallet_addEthereumChain', 'eth_getLogs']) {
      expect((await rpcError(wallet.request({ method, params: [] }))).code).toBe(4200);
    }
  });

  it('wallet_switchEthereumChain: only to a chain with a preset, after approval, then chainChanged; 4902 for others', async () => {
    const asked = wallet.asked.length;
    expect(await wallet.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0x21' }] })).toBeNull();
    expect(wallet.asked.length).toBe(asked);
    expect((await rpcError(wallet.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0x1' }] }))).code).toBe(4902);

    wallet.state.answer = 'reject';
    expect((await rpcError(wallet.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0x1f' }] }))).code).toBe(4001);
    expect(wallet.state.presetId).toBe('devnet');
    wallet.state.answer = 'approve';

    expect(await wallet.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0x1f' }] })).toBeNull();
    expect(wallet.state.presetId).toBe('testnet');
    // The pages hear it from Settings (DappCore.settingsChanged), as for a switch made there.
    expect(ROOTSTOCK_HANDLER.networkEvents!(findPreset('rootstock', 'testnet')!)).toEqual([{ event: 'chainChanged', data: '0x1f' }]);
    expect(await wallet.request({ method: 'eth_chainId' })).toBe('0x1f');
    // The account is the same key on every Rootstock chain.
    expect(await wallet.request({ method: 'eth_accounts' })).toEqual([wallet.me.toLowerCase()]);
    // The node behind the test preset is still chain 33: a send is refused, nothing is signed.
    const err = await rpcError(wallet.request({ method: 'eth_sendTransaction', params: [{ from: wallet.me, to: RECIPIENT, value: '0x1' }] }));
    expect(err.code).toBe(4901);
    await wallet.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0x21' }] });
    expect(wallet.state.presetId).toBe('devnet');
  });

  it('refuses a send when Settings changed the network between the request and its service (the window would name the wrong chain)', async () => {
    wallet.state.servicePreset = 'testnet';
    try {
      const asked = wallet.asked.length;
      const err = await rpcError(wallet.request({ method: 'eth_sendTransaction', params: [{ from: wallet.me, to: RECIPIENT, value: '0x1' }] }));
      expect(err.code).toBe(4901);
      expect(err.message).toMatch(/switched to chain 31/);
      expect(wallet.asked.length).toBe(asked);
    } finally {
      wallet.state.servicePreset = undefined;
    }
  });
});
