/**
 * RootstockService against a real EVM node (anvil) started with Rootstock's
 * regtest chain id 33, and once with testnet's 31. Everything the tests check on
 * the node side goes through anvil's own JSON-RPC with plain fetch, and the raw
 * transactions are decoded with micro-eth-signer, not with the code under test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { Transaction } from 'micro-eth-signer';
import { startAnvil, ANVIL_DEV_ACCOUNT, type Anvil } from '../../../devnet/rootstock/anvil';
import { MemoryArea } from '../../../helpers/memory-ports';
import { HttpClient } from '../../../../src/shared/http';
import { findPreset, type NetworkPreset } from '../../../../src/shared/networks';
import { WalletError } from '../../../../src/shared/errors';
import { RootstockService } from '../../../../src/layers/rootstock/service';
import { RootstockRpc } from '../../../../src/layers/rootstock/rpc';
import { rootstockAddress } from '../../../../src/layers/rootstock/keys';
import { toChecksumAddress } from '../../../../src/layers/rootstock/address';
import { signLegacyTx } from '../../../../src/layers/rootstock/tx';
import { ceilPercent, REPLACEMENT_BUMP_PERCENT } from '../../../../src/layers/rootstock/gas';

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const root = HDKey.fromMasterSeed(mnemonicToSeedSync(ABANDON));
const RBTC = 10n ** 18n;
// anvil's second dev account: a plain recipient.
const RECIPIENT = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';

interface NodeTx {
  hash: string;
  from: string;
  to: string;
  nonce: string;
  gasPrice: string;
  type: string;
  chainId?: string;
  v: string;
}
interface NodeReceipt {
  status: string;
  from: string;
  to: string;
  gasUsed: string;
  effectiveGasPrice: string;
  blockNumber: string;
}

/** A service on `anvil`, with every JSON-RPC method it sends logged, and a hook run just before a broadcast leaves. */
function walletOn(anvil: Anvil, presetId: 'devnet' | 'testnet', store = new MemoryArea()) {
  const methods: string[] = [];
  const hooks: { beforeBroadcast?: (raw: string) => unknown; failBroadcast?: boolean; lies?: Record<string, unknown> } = {};
  const fetchImpl: typeof fetch = async (input, init) => {
    type Call = { method: string; params: unknown[]; id: number };
    const body = JSON.parse(String(init?.body ?? 'null')) as Call | Call[];
    // A lying node: a single call to a method in `lies` is answered with that result instead of anvil's.
    if (!Array.isArray(body) && hooks.lies && body.method in hooks.lies) {
      methods.push(body.method);
      return new Response(JSON.stringify({ jsonrpc: '2.0', id: body.id, result: hooks.lies[body.method] }), { headers: { 'content-type': 'application/json' } });
    }
    for (const call of Array.isArray(body) ? body : [body]) {
      methods.push(call.method);
      if (call.method !== 'eth_sendRawTransaction') continue;
      await hooks.beforeBroadcast?.(String(call.params[0]));
      if (hooks.failBroadcast) throw new TypeError('fetch failed');
    }
    return fetch(input, init);
  };
  const base = findPreset('rootstock', presetId)!;
  // As in the presets, the devnet's "explorer" is the node itself (so no links); testnet keeps its real explorer URL.
  const explorer = presetId === 'devnet' ? anvil.url : base.endpoints.explorer!;
  const preset: NetworkPreset<'rootstock'> = { ...base, endpoints: { rpc: anvil.url, explorer } };
  const service = new RootstockService({
    root,
    preset,
    store,
    http: (url) => new HttpClient(url, { fetchImpl, retries: 0, timeoutMs: 10_000 }),
    now: () => Date.now(),
  });
  return { service, methods, hooks, store };
}

async function codeOf(promise: Promise<unknown>): Promise<WalletError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof WalletError) return err;
    throw err;
  }
  throw new Error('expected a WalletError');
}

const big = (hex: string) => BigInt(hex);

describe('Rootstock on anvil, regtest chain 33', () => {
  let anvil: Anvil;
  let wallet: ReturnType<typeof walletOn>;
  let me: string;
  let fundHash: string;

  beforeAll(async () => {
    anvil = await startAnvil({ chainId: 33 });
    wallet = walletOn(anvil, 'devnet');
    me = wallet.service.address;
    fundHash = await anvil.fund(me, 5n * RBTC);
  });
  afterAll(async () => {
    await anvil?.stop();
  });

  it('shows the account with the chain-33 EIP-1191 checksum, and the funded balance with its receive', async () => {
    expect(me).toBe(rootstockAddress(root, { chainId: 33 }).address);
    expect(me).toBe(toChecksumAddress(me, 33));
    expect((await wallet.service.receive()).path).toBe("m/44'/37310'/0'/0/0");

    const view = await wallet.service.overview();
    expect(view.balances[0]).toMatchObject({ asset: 'RBTC', decimals: 18, confirmed: (5n * RBTC).toString(), pending: '0' });
    expect(BigInt(view.balances[0]!.confirmed)).toBe(big(await anvil.rpc<string>('eth_getBalance', [me.toLowerCase(), 'latest'])));
    const received = view.activity.find((a) => a.id === fundHash);
    expect(received).toMatchObject({ direction: 'in', amount: (5n * RBTC).toString(), status: 'confirmed', counterparty: toChecksumAddress(ANVIL_DEV_ACCOUNT, 33) });
    expect(received!.explorerUrl).toBeUndefined();
  });

  it('quotes without sending, never below the block floor', async () => {
    const before = wallet.methods.length;
    const q = await wallet.service.quote({ to: RECIPIENT, amount: RBTC / 10n });
    expect(wallet.methods.slice(before)).not.toContain('eth_sendRawTransaction');
    const block = await anvil.rpc<{ baseFeePerGas: string }>('eth_getBlockByNumber', ['latest', false]);
    expect(q.gasLimit).toBe(21_000n);
    expect(q.minimumGasPrice).toBe(big(block.baseFeePerGas));
    expect(q.gasPrice).toBeGreaterThanOrEqual(ceilPercent(q.minimumGasPrice, 10n));
    expect(q.gasPrice).toBeGreaterThanOrEqual(big(await anvil.rpc<string>('eth_gasPrice')));
    expect(q.fee).toBe(q.gasLimit * q.gasPrice);
    expect(q.total).toBe(q.amount + q.fee);
    expect(q.to).toBe(toChecksumAddress(RECIPIENT, 33));
  });

  it('sends RBTC as a legacy EIP-155 transaction, stored before it is broadcast; balances and receipt agree on the node', async () => {
    const amount = RBTC / 4n;
    const senderBefore = big(await anvil.rpc<string>('eth_getBalance', [me, 'latest']));
    const recipientBefore = big(await anvil.rpc<string>('eth_getBalance', [RECIPIENT, 'latest']));
    let storedAtBroadcast = '';
    wallet.hooks.beforeBroadcast = () => (storedAtBroadcast = wallet.store.dump());
    const sent = await wallet.service.send({ to: toChecksumAddress(RECIPIENT, 33), amount });
    wallet.hooks.beforeBroadcast = undefined;
    expect(storedAtBroadcast).toContain(sent.hash);
    expect(storedAtBroadcast).toContain('"status":"pending"');

    const receipt = await anvil.receipt<NodeReceipt>(sent.hash);
    expect(receipt.status).toBe('0x1');
    expect(receipt.from).toBe(me.toLowerCase());
    expect(receipt.to).toBe(RECIPIENT);
    const tx = await anvil.rpc<NodeTx>('eth_getTransactionByHash', [sent.hash]);
    expect(tx.type).toBe('0x0');
    // EIP-155: v = chainId * 2 + 35 + recovery bit.
    expect([101n, 102n]).toContain(big(tx.v));
    expect(big(tx.gasPrice)).toBe(sent.gasPrice);
    const raw = await anvil.rpc<string>('eth_getRawTransactionByHash', [sent.hash]);
    const decoded = Transaction.fromHex(raw);
    expect(decoded.type).toBe('legacy');
    expect(decoded.raw.chainId).toBe(33n);
    expect(decoded.sender.toLowerCase()).toBe(me.toLowerCase());

    const gasCost = big(receipt.gasUsed) * big(receipt.effectiveGasPrice);
    expect(big(await anvil.rpc<string>('eth_getBalance', [me, 'latest']))).toBe(senderBefore - amount - gasCost);
    expect(big(await anvil.rpc<string>('eth_getBalance', [RECIPIENT, 'latest']))).toBe(recipientBefore + amount);

    const view = await wallet.service.overview();
    expect(view.activity.find((a) => a.id === sent.hash)).toMatchObject({
      direction: 'out',
      amount: amount.toString(),
      fee: gasCost.toString(),
      status: 'confirmed',
      confirmations: 1,
      canSpeedUp: false,
    });
  });

  it('speeds up a stuck send: the replacement (same nonce, higher gas price) is mined, the original is not', async () => {
    await anvil.setAutomine(false);
    try {
      const stuck = await wallet.service.send({ to: RECIPIENT, amount: RBTC / 100n });
      let view = await wallet.service.overview();
      expect(view.activity.find((a) => a.id === stuck.hash)).toMatchObject({ status: 'pending', canSpeedUp: true });
      expect(BigInt(view.balances[0]!.pending)).toBeLessThan(0n);

      // Too small a bump is refused before anything is sent.
      const sentBefore = wallet.methods.filter((m) => m === 'eth_sendRawTransaction').length;
      expect((await codeOf(wallet.service.speedUp(stuck.hash, stuck.gasPrice + 1n))).code).toBe('bad_fee_rate');
      expect(wallet.methods.filter((m) => m === 'eth_sendRawTransaction').length).toBe(sentBefore);

      const faster = await wallet.service.speedUp(stuck.hash);
      expect(faster.replaces).toBe(stuck.hash);
      expect(faster.nonce).toBe(stuck.nonce);
      expect(faster.gasPrice).toBeGreaterThanOrEqual(ceilPercent(stuck.gasPrice, REPLACEMENT_BUMP_PERCENT));
      expect(faster.hash).not.toBe(stuck.hash);
      const pool = await anvil.rpc<{ pending: Record<string, Record<string, NodeTx>> }>('txpool_content');
      const mine = Object.entries(pool.pending).find(([addr]) => addr.toLowerCase() === me.toLowerCase())?.[1] ?? {};
      expect(Object.values(mine).map((t) => t.hash)).toEqual([faster.hash]);
      expect((await codeOf(wallet.service.speedUp(stuck.hash))).code).toBe('not_bumpable');

      await anvil.mine();
      expect((await anvil.receipt<NodeReceipt>(faster.hash)).status).toBe('0x1');
      expect(big((await anvil.rpc<NodeTx>('eth_getTransactionByHash', [faster.hash])).nonce)).toBe(stuck.nonce);
      expect(await anvil.rpc('eth_getTransactionReceipt', [stuck.hash])).toBeNull();
      expect(await anvil.rpc('eth_getTransactionByHash', [stuck.hash])).toBeNull();

      view = await wallet.service.overview();
      expect(view.activity.find((a) => a.id === stuck.hash)).toMatchObject({ status: 'replaced', canSpeedUp: false });
      expect(view.activity.find((a) => a.id === faster.hash)).toMatchObject({ status: 'confirmed', canSpeedUp: false });
      expect((await codeOf(wallet.service.speedUp(faster.hash))).code).toBe('not_bumpable');
    } finally {
      await anvil.setAutomine(true);
    }
  });

  it('speeds up a stuck call with its call data: the replacement carries the same data, value and destination', async () => {
    await anvil.setAutomine(false);
    try {
      const stuck = await wallet.service.callContract({ to: RECIPIENT, data: '0xdeadbeef', value: 1000n });
      const faster = await wallet.service.speedUp(stuck.hash);
      const replacement = await anvil.rpc<NodeTx & { input: string; value: string }>('eth_getTransactionByHash', [faster.hash]);
      expect(replacement.input).toBe('0xdeadbeef');
      expect(big(replacement.value)).toBe(1000n);
      expect(replacement.to.toLowerCase()).toBe(RECIPIENT);
      await anvil.mine();
      expect((await anvil.receipt<NodeReceipt>(faster.hash)).status).toBe('0x1');
    } finally {
      await anvil.setAutomine(true);
    }
  });

  it('broadcasts again a pending send that the node dropped', async () => {
    await anvil.setAutomine(false);
    try {
      const sent = await wallet.service.send({ to: RECIPIENT, amount: 12345n });
      await anvil.rpc('anvil_dropTransaction', [sent.hash]);
      expect(await anvil.rpc('eth_getTransactionByHash', [sent.hash])).toBeNull();
      const view = await wallet.service.overview();
      expect(view.activity.find((a) => a.id === sent.hash)?.status).toBe('pending');
      expect(await anvil.rpc('eth_getTransactionByHash', [sent.hash])).not.toBeNull();
      await anvil.mine();
      expect((await anvil.receipt<NodeReceipt>(sent.hash)).status).toBe('0x1');
    } finally {
      await anvil.setAutomine(true);
    }
  });

  it('keeps a send whose broadcast was lost, and broadcasts it on the next refresh', async () => {
    const nonce = await anvil.rpc<string>('eth_getTransactionCount', [me, 'pending']);
    wallet.hooks.failBroadcast = true;
    const err = await codeOf(wallet.service.send({ to: RECIPIENT, amount: 777n }));
    wallet.hooks.failBroadcast = false;
    expect(err.code).toBe('network_error');
    expect(err.message).toMatch(/sends it again/);
    expect(await anvil.rpc<string>('eth_getTransactionCount', [me, 'pending'])).toBe(nonce);
    const stored = JSON.parse(wallet.store.dump().split('\n').find((l) => l.includes('"amount":"777"'))!) as { hash: string; status: string }[];
    const lost = stored.find((r) => r.status === 'pending')!;
    expect(lost).toBeDefined();

    await wallet.service.overview();
    expect((await anvil.receipt<NodeReceipt>(lost.hash)).status).toBe('0x1');
    expect((await wallet.service.overview()).activity.find((a) => a.id === lost.hash)?.status).toBe('confirmed');
  });

  it('forgets a send the node refused, and says why', async () => {
    const balance = await anvil.rpc<string>('eth_getBalance', [me, 'latest']);
    const before = wallet.store.dump();
    // The balance vanishes between the quote and the broadcast, so the node itself says no.
    wallet.hooks.beforeBroadcast = () => anvil.rpc('anvil_setBalance', [me, '0x0']);
    try {
      const err = await codeOf(wallet.service.send({ to: RECIPIENT, amount: 1000n }));
      expect(err.code).toBe('insufficient_funds');
    } finally {
      wallet.hooks.beforeBroadcast = undefined;
      await anvil.rpc('anvil_setBalance', [me, balance]);
    }
    expect(wallet.store.dump()).toBe(before);
    expect(await anvil.rpc<{ pending: string }>('txpool_status')).toMatchObject({ pending: '0x0' });
  });

  describe('refuses bad input with nothing sent', () => {
    let nonceBefore: string;
    let storeBefore: string;
    let methodsBefore: number;
    beforeAll(async () => {
      nonceBefore = await anvil.rpc<string>('eth_getTransactionCount', [me, 'pending']);
    });
    const expectNothingSent = async () => {
      expect(wallet.methods.slice(methodsBefore)).not.toContain('eth_sendRawTransaction');
      expect(wallet.store.dump()).toBe(storeBefore);
      expect(await anvil.rpc<string>('eth_getTransactionCount', [me, 'pending'])).toBe(nonceBefore);
      expect(await anvil.rpc<{ pending: string }>('txpool_status')).toMatchObject({ pending: '0x0' });
    };
    const mark = () => {
      storeBefore = wallet.store.dump();
      methodsBefore = wallet.methods.length;
    };

    it('a destination whose checksum matches neither EIP-1191 nor EIP-55', async () => {
      mark();
      const good = toChecksumAddress(RECIPIENT, 33);
      const i = good.search(/[a-f]/);
      const typo = good.slice(0, i) + good[i]!.toUpperCase() + good.slice(i + 1);
      const err = await codeOf(wallet.service.send({ to: typo, amount: 1000n }));
      expect(err.code).toBe('bad_address');
      expect(err.message).toMatch(/checksum/);
      await expectNothingSent();
    });

    it('a destination checksummed for chain 31 while on chain 33', async () => {
      mark();
      const testnetForm = toChecksumAddress(RECIPIENT, 31);
      expect(testnetForm).not.toBe(toChecksumAddress(RECIPIENT, 33));
      expect((await codeOf(wallet.service.send({ to: testnetForm, amount: 1000n }))).code).toBe('wrong_network');
      await expectNothingSent();
    });

    it('a destination of the wrong length', async () => {
      mark();
      for (const to of [RECIPIENT.slice(0, 41), `${RECIPIENT}ab`]) {
        const err = await codeOf(wallet.service.send({ to, amount: 1000n }));
        expect(err.code).toBe('bad_address');
        expect(err.message).toMatch(/40 hexadecimal characters/);
      }
      await expectNothingSent();
    });

    it('an amount above the balance once gas is added, and one above the balance alone', async () => {
      mark();
      const balance = big(await anvil.rpc<string>('eth_getBalance', [me, 'latest']));
      const withGas = await codeOf(wallet.service.send({ to: RECIPIENT, amount: balance }));
      expect(withGas.code).toBe('insufficient_funds');
      expect(withGas.message).toMatch(/of gas is more than/);
      expect((await codeOf(wallet.service.quote({ to: RECIPIENT, amount: balance - 1000n }))).code).toBe('insufficient_funds');
      expect((await codeOf(wallet.service.send({ to: RECIPIENT, amount: balance + 1n }))).code).toBe('insufficient_funds');
      await expectNothingSent();
    });

    it('a gas price below the block floor', async () => {
      mark();
      const block = await anvil.rpc<{ baseFeePerGas: string }>('eth_getBlockByNumber', ['latest', false]);
      const err = await codeOf(wallet.service.send({ to: RECIPIENT, amount: 1000n, gasPrice: big(block.baseFeePerGas) - 1n }));
      expect(err.code).toBe('bad_fee_rate');
      expect(err.message).toMatch(/at least/);
      await expectNothingSent();
    });

    it('a node that inflates its gas price: refused above the wallet\'s fixed ceiling, though within 100 times its own suggestion', async () => {
      mark();
      wallet.hooks.lies = { eth_gasPrice: `0x${(500n * 10n ** 9n).toString(16)}` }; // 500 gwei
      try {
        const err = await codeOf(wallet.service.quote({ to: RECIPIENT, amount: RBTC / 100n }));
        expect(err.code).toBe('fee_too_high');
        expect(err.message).toMatch(/per gas, above the wallet's limit of 10 gwei/);
        await expect(wallet.service.callContract({ to: RECIPIENT, data: '0x', value: 1n })).rejects.toMatchObject({ code: 'fee_too_high' });
      } finally {
        wallet.hooks.lies = undefined;
      }
      await expectNothingSent();
    });

    it('a node on another chain than the preset', async () => {
      mark();
      const testnet = walletOn(anvil, 'testnet', wallet.store);
      const err = await codeOf(testnet.service.send({ to: RECIPIENT, amount: 1000n }));
      expect(err.code).toBe('wrong_network');
      expect(err.message).toMatch(/runs chain 33/);
      expect(testnet.methods).not.toContain('eth_sendRawTransaction');
      await expectNothingSent();
    });
  });

  it('a gas limit the node inflates is capped for calls; a send signs the reviewed gas or asks for a new review', async () => {
    wallet.hooks.lies = { eth_estimateGas: `0x${(5_000_000n).toString(16)}` };
    try {
      await expect(wallet.service.callContract({ to: RECIPIENT, data: '0x', value: 1n })).rejects.toMatchObject({ code: 'fee_too_high', message: /gas, above the wallet's limit of 1000000/ });
    } finally {
      wallet.hooks.lies = undefined;
    }
    const q = await wallet.service.quote({ to: RECIPIENT, amount: 1000n });
    // The node now says the transfer needs more gas than was reviewed: nothing is signed.
    wallet.hooks.lies = { eth_estimateGas: `0x${(30_000n).toString(16)}` };
    try {
      const err = await codeOf(wallet.service.send({ to: RECIPIENT, amount: 1000n, gasPrice: q.gasPrice, gasLimit: q.gasLimit }));
      expect(err.code).toBe('fee_changed');
    } finally {
      wallet.hooks.lies = undefined;
    }
    const sent = await wallet.service.send({ to: RECIPIENT, amount: 1000n, gasPrice: q.gasPrice, gasLimit: q.gasLimit });
    const tx = await anvil.rpc<NodeTx & { gas: string }>('eth_getTransactionByHash', [sent.hash]);
    expect(big(tx.gasPrice)).toBe(q.gasPrice);
    expect(big(tx.gas)).toBe(q.gasLimit);
  });

  it("turns the node's refusals into readable errors", async () => {
    const rpc = new RootstockRpc(new HttpClient(anvil.url, { retries: 0 }));
    const key = root.derive("m/44'/37310'/0'/0/0").privateKey!;
    const nonce = BigInt(await anvil.rpc<string>('eth_getTransactionCount', [me, 'pending']));
    const base = { nonce, gasPrice: 2_000_000_000n, gasLimit: 21_000n, to: RECIPIENT, value: 1n, chainId: 33 };
    const cases: [Partial<typeof base>, string][] = [
      [{ gasPrice: 1n }, 'bad_fee_rate'],
      [{ value: 10n ** 30n }, 'insufficient_funds'],
      [{ gasLimit: 20_000n }, 'broadcast_rejected'],
      [{ nonce: 0n }, 'broadcast_rejected'],
    ];
    for (const [change, code] of cases) {
      const err = await codeOf(rpc.sendRawTransaction(signLegacyTx({ ...base, ...change }, key).raw));
      expect(err.code, JSON.stringify(change, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).toBe(code);
      expect(err.message).not.toMatch(/^\s*$/);
    }
    expect((await codeOf(rpc.call('eth_noSuchMethod'))).code).toBe('unsupported');
  });

  it('devnet faucet: a transfer from the first dev account, seen as a receive; refused on a testnet preset', async () => {
    const before = big(await anvil.rpc<string>('eth_getBalance', [me, 'latest']));
    const paid = await wallet.service.devnetFaucet(RBTC / 2n);
    expect(paid.address).toBe(me);
    const receipt = await anvil.receipt<NodeReceipt>(paid.hash);
    expect(receipt.status).toBe('0x1');
    expect(receipt.from).toBe(ANVIL_DEV_ACCOUNT);
    expect(receipt.to).toBe(me.toLowerCase());
    expect(big(await anvil.rpc<string>('eth_getBalance', [me, 'latest']))).toBe(before + RBTC / 2n);
    const view = await wallet.service.overview();
    expect(view.activity.find((a) => a.id === paid.hash)).toMatchObject({ direction: 'in', amount: (RBTC / 2n).toString(), status: 'confirmed' });

    // The testnet preset never asks the node to pay, even when its URL points at a dev node.
    const testnet = walletOn(anvil, 'testnet');
    expect((await codeOf(testnet.service.devnetFaucet(RBTC))).code).toBe('unsupported');
    expect(testnet.methods).toEqual([]);
  });
});

describe('Rootstock on anvil, testnet chain 31', () => {
  let anvil: Anvil;
  afterAll(async () => {
    await anvil?.stop();
  });

  it('funds, sends with chain-31 replay protection, and reads it back', async () => {
    anvil = await startAnvil({ chainId: 31 });
    const { service } = walletOn(anvil, 'testnet');
    expect(service.address).toBe(rootstockAddress(root, { chainId: 31 }).address);
    expect(service.address).not.toBe(toChecksumAddress(service.address, 33));
    await anvil.fund(service.address, RBTC);

    const sent = await service.send({ to: toChecksumAddress(RECIPIENT, 31), amount: RBTC / 2n });
    const decoded = Transaction.fromHex(await anvil.rpc<string>('eth_getRawTransactionByHash', [sent.hash]));
    expect(decoded.raw.chainId).toBe(31n);
    const receipt = await anvil.receipt<NodeReceipt>(sent.hash);
    expect(receipt.status).toBe('0x1');

    const view = await service.overview();
    const spent = RBTC / 2n + big(receipt.gasUsed) * big(receipt.effectiveGasPrice);
    expect(view.balances[0]!.confirmed).toBe((RBTC - spent).toString());
    const out = view.activity.find((a) => a.id === sent.hash);
    expect(out).toMatchObject({ direction: 'out', status: 'confirmed', counterparty: toChecksumAddress(RECIPIENT, 31) });
    expect(out!.explorerUrl).toBe(`https://explorer.testnet.rootstock.io/tx/${sent.hash}`);
    expect(view.activity.some((a) => a.direction === 'in' && a.amount === RBTC.toString())).toBe(true);
  });
});
