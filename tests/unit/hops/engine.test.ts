import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../../helpers/bip39-seed';
import { bytesToHex } from '@noble/hashes/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { HopEngine } from '../../../src/hops/engine';
import { bip85Mnemonic, HopKeys } from '../../../src/hops/keys';
import type { HopContext, Mechanism } from '../../../src/hops/mechanism';
import { HopStore } from '../../../src/hops/records';
import type { HopRecord, RouteQuote } from '../../../src/hops/types';
import { englishText } from '../../../src/shared/english';
import { WalletError } from '../../../src/shared/errors';
import { localText, renderText, type LocalText } from '../../../src/shared/local-text';
import { translator } from '../../helpers/locale';
import { LAYER_IDS, type LayerId } from '../../../src/shared/layers';
import { resolvePreset, type NetworkPreset } from '../../../src/shared/networks';
import { MemoryArea } from '../../helpers/memory-ports';

describe('hop keys', () => {
  it('derives BIP85 child mnemonics per the spec vector', () => {
    const master = HDKey.fromExtendedKey(
      'xprv9s21ZrQH143K2LBWUUQRFXhucrQqBpKdRRxNVq2zBqsx8HVqFk2uYo8kmbaLLHRdqtQpUm98uKfu3vca1LqdGhUtyoFnCNkfmXRyPXLjbKb',
    );
    expect(bip85Mnemonic(master, "m/83696968'/39'/0'/12'/0'")).toBe('girl mad pet galaxy egg matter matrix prison refuse sense ordinary nose');
  });

  it('gives each index its own key and a preimage that is sha256 of the key', () => {
    const root = HDKey.fromMasterSeed(mnemonicToSeedSync('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'));
    const keys = new HopKeys(root);
    const a = keys.at(0);
    const b = keys.at(1);
    expect(bytesToHex(a.publicKey)).not.toBe(bytesToHex(b.publicKey));
    expect(bytesToHex(a.preimage)).toBe(bytesToHex(sha256(a.privateKey)));
    expect(bytesToHex(a.preimageHash)).toBe(bytesToHex(sha256(a.preimage)));
    // A restore finds the index again from the public key alone, with the same phrase.
    expect(new HopKeys(root).findIndex(b.publicKey)).toBe(1);
    expect(keys.xpub.startsWith('xpub')).toBe(true);
  });

  it('builds the same tree with the child seed from WebCrypto (HopKeys.create) as from @scure/bip39 in JavaScript', async () => {
    const root = HDKey.fromMasterSeed(mnemonicToSeedSync('legal winner thank year wave sausage worth useful legal winner thank yellow'));
    const sync = new HopKeys(root);
    const created = await HopKeys.create(root);
    expect(created.rescueMnemonic).toBe(sync.rescueMnemonic);
    expect(created.xpub).toBe(sync.xpub);
    for (const i of [0, 1, 7]) expect(bytesToHex(created.at(i).privateKey)).toBe(bytesToHex(sync.at(i).privateKey));
  });
});

/** A scripted mechanism: the engine's behaviour, not a counterparty, is under test here. */
function scripted(steps: ((r: HopRecord) => HopRecord)[], log: string[]): Mechanism {
  let i = 0;
  return {
    id: 'boltz-reverse',
    pairs: () => [{ from: { layer: 'lightning', asset: 'BTC' }, to: { layer: 'bitcoin', asset: 'BTC' } }],
    quote: async (_c, from, to, amount) => ({ ...quote, from, to, send: String(amount) }),
    create: async (ctx, q, index, id) => {
      log.push(`create ${index}`);
      return { id, index, mechanism: 'boltz-reverse', from: q.from, to: q.to, send: q.send, expectedReceive: q.receive, network: {}, createdAt: ctx.now(), updatedAt: ctx.now(), state: 'created', outcome: 'in-progress', steps: [], data: {} };
    },
    advance: async (_c, r) => {
      const step = steps[i++];
      if (!step) return r;
      log.push(`advance ${r.state}`);
      return step(r);
    },
  };
}

const quote: RouteQuote = {
  mechanism: 'boltz-reverse',
  from: { layer: 'lightning', asset: 'BTC' },
  to: { layer: 'bitcoin', asset: 'BTC' },
  counterparty: 'test',
  available: true,
  send: '10000',
  receive: '9000',
  serviceFee: null,
  networkFees: [],
  min: '1',
  max: '100000',
  expectedMinutes: 10,
};

const ctx = { now: () => Date.now() } as unknown as HopContext;

describe('hop engine', () => {
  it('persists the hop before its first step, and reserves a fresh index each time', async () => {
    const area = new MemoryArea();
    const store = new HopStore(area);
    const log: string[] = [];
    let seenOnDisk = false;
    const mech = scripted(
      [
        (r) => {
          // The record is already in storage when the mechanism is asked to move funds.
          seenOnDisk = area.dump().includes(r.id);
          return { ...r, state: 'funded' };
        },
      ],
      log,
    );
    const engine = new HopEngine([mech], store);
    const first = await engine.start(ctx, quote);
    expect(seenOnDisk).toBe(true);
    expect(first.state).toBe('funded');
    await engine.start(ctx, quote);
    expect(log.filter((l) => l.startsWith('create'))).toEqual(['create 0', 'create 1']);
  });

  it('keeps a keyed error of a failed step as its key and parameters, so the hop reads in the popup’s language', async () => {
    const store = new HopStore(new MemoryArea());
    const text = localText('err_http_unreachable', 'boltz.test');
    const engine = new HopEngine([scripted([() => { throw new WalletError('network_error', text); }], [])], store);
    const r = await engine.start(ctx, quote);
    expect(r.lastError).toEqual(text);
    expect((await store.get(r.id))!.lastError).toEqual(text);
  });

  it('records a failed step, keeps the hop, and retries it on the next tick', async () => {
    const store = new HopStore(new MemoryArea());
    const engine = new HopEngine(
      [
        scripted(
          [
            () => {
              throw new WalletError('network_error', 'Cannot reach the swap service.');
            },
            (r) => ({ ...r, state: 'claimed', outcome: 'completed' }),
          ],
          [],
        ),
      ],
      store,
    );
    const r = await engine.start(ctx, quote);
    expect(r).toMatchObject({ state: 'created', outcome: 'in-progress', lastError: 'Cannot reach the swap service.' });
    const [done] = await engine.tick(ctx, true);
    expect(done).toMatchObject({ state: 'claimed', outcome: 'completed', lastError: undefined });
    // Finished hops are left alone.
    expect(await engine.tick(ctx, true)).toEqual([]);
  });

  it('runs one advance per hop at a time', async () => {
    const store = new HopStore(new MemoryArea());
    let concurrent = 0;
    let peak = 0;
    const slow = (r: HopRecord) => r;
    const mech = scripted([slow, slow, slow], []);
    const advance = mech.advance;
    mech.advance = async (c, r) => {
      concurrent++;
      peak = Math.max(peak, concurrent);
      await new Promise((res) => setTimeout(res, 20));
      concurrent--;
      return advance(c, r);
    };
    const engine = new HopEngine([mech], store);
    const r = await engine.start(ctx, quote);
    await Promise.all([engine.advance(ctx, r.id), engine.advance(ctx, r.id), engine.tick(ctx, true)]);
    expect(peak).toBe(1);
  });

  it('refuses an unavailable route', async () => {
    const engine = new HopEngine([scripted([], [])], new HopStore(new MemoryArea()));
    await expect(engine.start(ctx, { ...quote, available: false, reason: 'Amount below the minimum of 25,000 sats.' })).rejects.toThrow(/minimum/);
  });

  it('does not act on a hop while Settings select another network for one of its layers, and says which to switch back to', async () => {
    const on = (bitcoin: string) =>
      ({
        now: () => Date.now(),
        presets: Object.fromEntries(LAYER_IDS.map((l) => [l, resolvePreset(l, l === 'bitcoin' ? bitcoin : 'devnet', {})])) as { [L in LayerId]: NetworkPreset<L> },
      }) as unknown as HopContext;
    const log: string[] = [];
    const mech = scripted([(r) => ({ ...r, state: 'funded' }), (r) => ({ ...r, state: 'claimed', outcome: 'completed' })], log);
    mech.create = async (c, q, index, id) => ({
      id, index, mechanism: 'boltz-reverse', from: q.from, to: q.to, send: q.send, expectedReceive: q.receive,
      network: { lightning: 'devnet', bitcoin: 'testnet3' }, createdAt: c.now(), updatedAt: c.now(), state: 'created', outcome: 'in-progress', steps: [], data: {},
    });
    mech.refund = async (_c, r) => {
      log.push('refund');
      return { ...r, outcome: 'refunded' };
    };
    const engine = new HopEngine([mech], new HopStore(new MemoryArea()));
    const hop = await engine.start(on('testnet3'), quote);
    expect(hop.state).toBe('funded');

    const waiting = await engine.advance(on('signet'), hop.id);
    expect(waiting.state).toBe('funded');
    expect(waiting.lastError).toMatchObject({ key: 'hopNote_switchedAway' });
    // The layer's name is translated too; the network's label is a name.
    expect(renderText(waiting.lastError!, translator('zh_CN'))).toBe('这笔转移在 比特币 Testnet3 上进行，但设置现在选择的是 比特币 Signet。在您于设置中切换回 比特币 Testnet3 之前，它会等待，不发送任何资金。');
    expect(englishText(waiting.lastError as LocalText)).toBe('This move runs on Bitcoin Testnet3, but Settings now select Bitcoin Signet. It waits and sends nothing until you switch back to Bitcoin Testnet3 in Settings.');
    expect((await engine.tick(on('signet'), true))[0]!.state).toBe('funded');
    await expect(engine.refund(on('signet'), hop.id)).rejects.toThrow(/switch back to Bitcoin Testnet3/);
    expect(log).toEqual(['advance created']);

    const done = await engine.advance(on('testnet3'), hop.id);
    expect(done).toMatchObject({ state: 'claimed', outcome: 'completed', lastError: undefined });
  });
});

describe('hop engine hooks', () => {
  const LN = { layer: 'lightning' as const, asset: 'BTC' };
  const BTC = { layer: 'bitcoin' as const, asset: 'BTC' };
  const stub = (id: Mechanism['id'], extra: Partial<Mechanism>): Mechanism => ({
    id,
    pairs: () => [{ from: BTC, to: LN }],
    quote: async (_c, from, to, amount) => ({ ...quote, mechanism: id, from, to, send: String(amount) }),
    create: async () => {
      throw new Error('not here');
    },
    advance: async (_c, r) => r,
    ...extra,
  });

  it('runs a restore shared by several mechanisms once, and each distinct one', async () => {
    const calls: string[] = [];
    const shared: Mechanism['restore'] = async () => {
      calls.push('shared');
      return { restored: [], skipped: [{ id: 's1', status: 'swap.expired' }] };
    };
    const own: Mechanism['restore'] = async () => {
      calls.push('own');
      return { restored: [], skipped: [{ id: 'o1', status: 'done' }] };
    };
    const engine = new HopEngine([stub('boltz-submarine', { restore: shared }), stub('boltz-reverse', { restore: shared }), stub('sbtc-deposit', { restore: own }), stub('powpeg-pegin', {})], new HopStore(new MemoryArea()));
    const out = await engine.restore(ctx);
    expect(calls.sort()).toEqual(['own', 'shared']);
    expect(out.skipped.map((s) => s.id).sort()).toEqual(['o1', 's1']);
  });

  it('quotes an invoice only through mechanisms that pay one on that pair, and binds LNURL invoices only where a mechanism can', async () => {
    const invoice = { text: 'lntb1...', sats: 1234n };
    const payer = stub('boltz-submarine', {
      quoteForInvoice: async (_c, from, inv) => ({ ...quote, mechanism: 'boltz-submarine', from, to: LN, receive: inv.sats.toString(), terms: { invoice: inv.text } }),
      bindInvoice: async (_c, q, invoiceFor) => ({ ...q, terms: { invoice: await invoiceFor(BigInt(q.receive)) } }),
    });
    const other = stub('boltz-chain', {});
    const engine = new HopEngine([payer, other], new HopStore(new MemoryArea()));
    const planned = await engine.planForInvoice(ctx, BTC, LN, invoice);
    expect(planned?.routes.map((r) => [r.mechanism, r.receive])).toEqual([['boltz-submarine', '1234']]);
    // No mechanism pays an invoice from Lightning itself: the amount decides.
    expect(await engine.planForInvoice(ctx, LN, BTC, invoice)).toBeNull();
    const asked: bigint[] = [];
    const bound = await engine.bindInvoices(ctx, { routes: [{ ...quote, mechanism: 'boltz-submarine', receive: '900' }, { ...quote, mechanism: 'boltz-chain' }], wallMs: 0 }, async (sats) => {
      asked.push(sats);
      return `inv-${sats}`;
    });
    expect(asked).toEqual([900n]);
    expect(bound.map((q) => q.terms?.invoice)).toEqual(['inv-900', undefined]);
  });
});
