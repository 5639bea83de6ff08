/**
 * Every layer keeps its signed-but-maybe-not-broadcast sends in one kind of store
 * (layers/send-store.ts): what a send saved there must survive, whatever else
 * writes at the same time, and an upgrade must still find it under its old key.
 */
import { describe, expect, it } from 'vitest';
import { bitcoinSends, type SendRecord } from '../../../src/layers/bitcoin/pending-store';
import { PaymentsStore, type LightningPaymentRecord } from '../../../src/layers/lightning/payments-store';
import { liquidPendingSends, PENDING_TTL_MS, reconcilePending, type PendingSend } from '../../../src/layers/liquid/pending';
import { rootstockSends, type SendRecord as RskSendRecord } from '../../../src/layers/rootstock/send-log';
import type { SendStore } from '../../../src/layers/send-store';
import { stacksSends, type StacksSendRecord } from '../../../src/layers/stacks/send-log';
import { MemoryArea } from '../../helpers/memory-ports';

const btc = (txid: string, createdAt = 1, state: SendRecord['state'] = 'signed'): SendRecord => ({ txid, hex: '00', state, createdAt, max: false });
const lbtc = (txid: string, createdAt = 1): PendingSend => ({ txid, hex: '00', asset: 'x', amount: '1', fee: '1', to: 'el1', createdAt, spends: [`${txid}:0`], state: 'signed' });
const rsk = (hash: string, createdAt = 1, status: RskSendRecord['status'] = 'pending'): RskSendRecord => ({ hash, nonce: '0', from: '0xab', to: '0xcd', amount: '1', gasPrice: '1', gasLimit: '1', raw: '0x', createdAt, status });
const stx = (txid: string, createdAt = 1, status: StacksSendRecord['status'] = 'pending'): StacksSendRecord => ({ txid, nonce: '0', asset: 'STX', to: 'ST2', amount: '1', fee: '1', raw: '00', createdAt, status });
const ln = (id: string, createdAt = 1): LightningPaymentRecord => ({ id, direction: 'out', kind: 'bolt11', amountMsat: '1000', status: 'pending', createdAt, invoice: 'lnbcrt1', expiresAt: 2_000_000_000, description: '' });

interface Layer {
  name: string;
  /** The key the store used before it was shared: records written under it must still be found. */
  oldKey: string;
  open: (area: MemoryArea) => SendStore<{ createdAt: number }>;
  record: (id: string, createdAt?: number) => { createdAt: number };
  id: (r: never) => string;
}

const layers: Layer[] = [
  { name: 'bitcoin', oldKey: 'bitcoin.devnet.sends', open: (a: MemoryArea) => bitcoinSends(a, 'devnet'), record: btc, id: (r: SendRecord) => r.txid },
  { name: 'liquid', oldKey: 'liquid.devnet.pending', open: (a: MemoryArea) => liquidPendingSends(a, 'devnet'), record: lbtc, id: (r: PendingSend) => r.txid },
  { name: 'rootstock', oldKey: 'rootstock.devnet.sends.0xabcdef', open: (a: MemoryArea) => rootstockSends(a, 'devnet', '0xABCdef'), record: rsk, id: (r: RskSendRecord) => r.hash },
  { name: 'stacks', oldKey: 'stacks.devnet.sends.ST1ABC', open: (a: MemoryArea) => stacksSends(a, 'devnet', 'ST1ABC'), record: stx, id: (r: StacksSendRecord) => r.txid },
  { name: 'lightning', oldKey: 'lightning.devnet.payments', open: (a: MemoryArea) => new PaymentsStore(a, 'devnet'), record: ln, id: (r: LightningPaymentRecord) => r.id },
] as unknown as Layer[];

describe.each(layers)('$name sends', ({ oldKey, open, record, id }) => {
  const ids = async (s: SendStore<{ createdAt: number }>) => (await s.list()).map((r) => id(r as never)).sort();

  it('two sends saved at the same moment are both kept', async () => {
    const s = open(new MemoryArea());
    await Promise.all([s.put(record('a')), s.put(record('b')), s.put(record('c'))]);
    expect(await ids(s)).toEqual(['a', 'b', 'c']);
  });

  it('a send saved before the upgrade, under the old key, is still found', async () => {
    const area = new MemoryArea();
    await area.set({ [oldKey]: [record('mid-send')] });
    const s = open(area);
    expect(s.key).toBe(oldKey);
    expect(await s.get('mid-send')).toEqual(record('mid-send'));
  });

  it('a tracker writing back what it read does not erase a send saved while it was away', async () => {
    const s = open(new MemoryArea());
    await s.put(record('old'));
    const read = await s.list();
    await s.put(record('new', 2));
    await s.updateAll(read.map((r) => ({ ...r, createdAt: 1 })));
    expect(await ids(s)).toEqual(['new', 'old']);
    // And a send removed meanwhile (its broadcast refused) does not come back.
    await s.remove('old');
    await s.updateAll(read);
    expect(await ids(s)).toEqual(['new']);
  });
});

describe('SendStore bounds', () => {
  it('keeps 200 sends, newest first, and every one still open however old: settled ones make room', async () => {
    const s = rootstockSends(new MemoryArea(), 'devnet', '0xab');
    await s.put(rsk('open', 0, 'pending'));
    for (let n = 1; n <= 230; n++) await s.put(rsk(`done${n}`, n, 'confirmed'));
    const all = await s.list();
    expect(all).toHaveLength(200);
    expect(all[0]!.hash).toBe('done230');
    expect(all.at(-1)!.hash).toBe('open');
    expect(all.at(-2)!.hash).toBe('done32');
  });

  it('never drops a Bitcoin send that is signed but not known to be broadcast', async () => {
    const s = bitcoinSends(new MemoryArea(), 'devnet');
    await s.put(btc('signed', 0, 'signed'));
    for (let n = 1; n <= 210; n++) await s.put(btc(`b${n}`, n, 'broadcast'));
    expect(await s.get('signed')).toMatchObject({ state: 'signed' });
    expect(await s.get('b5')).toBeUndefined();
  });
});

describe('Liquid pending sends', () => {
  it('are dropped once the backend has them or a day has passed, and kept otherwise', async () => {
    const s = liquidPendingSends(new MemoryArea(), 'devnet');
    await s.put(lbtc('seen', 10));
    await s.put(lbtc('waiting', 10));
    await s.put(lbtc('expired', 0));
    const left = await reconcilePending(s, (txid) => txid === 'seen', PENDING_TTL_MS + 5);
    expect(left.map((r) => r.txid)).toEqual(['waiting']);
    expect((await s.list()).map((r) => r.txid)).toEqual(['waiting']);
  });
});
