/**
 * Labels through the real handlers and RPC gate: set / list / export / import for the
 * unlocked wallet only, tied to its id, merged as documented, capped, and safe when
 * two requests run at once.
 */
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../../src/background/handlers';
import { LabelStore, LABELS_STORAGE_KEY } from '../../../src/background/labels/store';
import { handleMessage } from '../../../src/background/rpc';
import { MAX_IMPORT_CHARS, MAX_LABELS, readLabels, type LabelImportResult, type LabelRecord } from '../../../src/shared/labels';
import { RPC_TAG, type RpcReply } from '../../../src/shared/rpc';
import { ABANDON, background, importWallet } from '../../helpers/background';
import { memoryPorts } from '../../helpers/memory-ports';
import { translator } from '../../helpers/locale';
import { shapeText } from '../../../src/shared/errors';
import { renderText } from '../../../src/shared/local-text';

const OTHER = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const self = { id: 'abcdefghijklmnop', baseUrl: 'chrome-extension://abcdefghijklmnop/' };
const popup = { id: self.id, url: 'chrome-extension://abcdefghijklmnop/popup.html' };
const TXID = 'f91d0a8a78462bc59398f2c5d7a84fcff491c26ba54c4833478b202796c8aafd';
const TXID2 = 'f546156d9044844e02b181026a1a407abfca62e7ea1159f87bbeaa77b4286c74';

async function setup(phrase = ABANDON, ports = memoryPorts()) {
  const bg = background([], ports);
  await importWallet(bg.wallet, bg.ports, phrase);
  const handlers = createHandlers(bg.wallet, bg.settings, bg.layers, bg.hops, new LabelStore(bg.ports.local));
  const reply = async <T>(method: string, params: unknown = {}) => (await handleMessage({ tag: RPC_TAG, method, params }, popup, self, handlers)) as RpcReply<T>;
  const call = async <T>(method: string, params: unknown = {}): Promise<T> => {
    const r = await reply<T>(method, params);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.result;
  };
  return { bg, call, reply };
}

describe('labels', () => {
  it('sets, lists and removes a label; a Bitcoin transaction gets its BIP-329 origin (the BIP84 account of this seed)', async () => {
    const { call } = await setup();
    await call('labels.set', { type: 'tx', ref: TXID, label: 'rent', layer: 'bitcoin' });
    await call('labels.set', { type: 'addr', ref: 'tb1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqp3mvzv', label: 'taproot', layer: 'bitcoin' });
    await call('labels.set', { type: 'hop', ref: 'h-1-0', label: 'to Stacks' });
    // ABANDON's root fingerprint is 73c5da0a.
    expect(await call<LabelRecord[]>('labels.list')).toEqual([
      { type: 'tx', ref: TXID, label: 'rent', origin: "wpkh([73c5da0a/84'/1'/0'])" },
      { type: 'addr', ref: 'tb1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqp3mvzv', label: 'taproot', origin: "tr([73c5da0a/86'/1'/0'])" },
      { type: 'hop', ref: 'h-1-0', label: 'to Stacks' },
    ]);
    await call('labels.set', { type: 'tx', ref: TXID, label: '' });
    expect((await call<LabelRecord[]>('labels.list')).map((r) => r.type)).toEqual(['addr', 'hop']);
  });

  it('refuses a reference that is not one of its type, a multi-line label and an unknown type, saving nothing', async () => {
    const { call, reply } = await setup();
    const bad = [
      { type: 'tx', ref: 'abc', label: 'x' },
      { type: 'tx', ref: TXID, label: 'two\nlines' },
      { type: 'frozen', ref: TXID, label: 'x' },
      { type: 'tx', ref: TXID, label: 'x'.repeat(256) },
    ];
    for (const p of bad) {
      const r = await reply('labels.set', p);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(['bad_labels', 'bad_params']).toContain(r.error.code);
    }
    expect(await call('labels.list')).toEqual([]);
  });

  it('says why a label was not saved, in Chinese too', async () => {
    const { reply } = await setup();
    const r = await reply('labels.set', { type: 'tx', ref: 'abc', label: 'x' });
    expect(r.ok ? undefined : r.error).toMatchObject({ code: 'bad_labels', message: 'The label was not saved: “abc” is not a valid tx reference.', key: 'err_label_bad_ref' });
    const line = await reply('labels.set', { type: 'tx', ref: TXID, label: 'two\nlines' });
    expect(line.ok ? undefined : renderText(shapeText(line.error)!, translator('zh_CN'))).toBe('标签没有保存：标签不能包含换行符或控制字符。');
  });

  it('answers nothing while locked', async () => {
    const { bg, reply } = await setup();
    await bg.wallet.lock();
    const r = await reply('labels.list');
    expect(r.ok ? 'ok' : r.error.code).toBe('locked');
  });

  it("never shows another wallet's labels left in the profile", async () => {
    const ports = memoryPorts();
    const first = await setup(ABANDON, ports);
    await first.call('labels.set', { type: 'tx', ref: TXID, label: 'first wallet' });
    await ports.local.remove(['vault']);
    const second = await setup(OTHER, ports);
    expect(await second.call('labels.list')).toEqual([]);
  });

  it('exports BIP-329 lines that a fresh profile importing the same phrase reads back whole', async () => {
    const { call } = await setup();
    await call('labels.set', { type: 'tx', ref: TXID, label: 'rent', layer: 'bitcoin' });
    await call('labels.set', { type: 'hop', ref: 'h-1-0', label: 'to Stacks' });
    const exported = await call<{ text: string; count: number }>('labels.export');
    expect(exported.count).toBe(2);
    expect(readLabels(exported.text).malformed).toEqual([]);
    const fresh = await setup();
    expect(await fresh.call('labels.list')).toEqual([]);
    const result = await fresh.call<LabelImportResult>('labels.import', { text: exported.text });
    expect(result).toEqual({ imported: 2, ignored: 0, truncated: 0, refused: 0, refusedLines: [] });
    expect(await fresh.call('labels.list')).toEqual(await call('labels.list'));
  });

  it("merges an import: the file's label wins, what it leaves out stays, unknown types are ignored, bad lines are counted and named", async () => {
    const { call } = await setup();
    await call('labels.set', { type: 'tx', ref: TXID, label: 'mine', layer: 'bitcoin' });
    await call('labels.set', { type: 'tx', ref: TXID2, label: 'kept' });
    const file = [
      `{"type":"tx","ref":"${TXID}","label":"theirs"}`,
      `{"type":"tx","ref":"${TXID2}"}`,
      `{"type":"frozen-utxo","ref":"x","label":"y"}`,
      `oops`,
      `{"type":"output","ref":"${TXID}:1","label":"Output","spendable":false}`,
      `{"type":"tx","ref":"nothex"}`,
    ].join('\n');
    const result = await call<LabelImportResult>('labels.import', { text: file });
    expect(result).toEqual({ imported: 2, ignored: 1, truncated: 0, refused: 2, refusedLines: [4, 6] });
    expect(await call('labels.list')).toEqual([
      { type: 'tx', ref: TXID, label: 'theirs', origin: "wpkh([73c5da0a/84'/1'/0'])" },
      { type: 'tx', ref: TXID2, label: 'kept' },
      { type: 'output', ref: `${TXID}:1`, label: 'Output', spendable: false },
    ]);
  });

  it('refuses a file above the size cap, and an import that would pass the count cap, changing nothing', async () => {
    const { call, reply, bg } = await setup();
    await call('labels.set', { type: 'tx', ref: TXID, label: 'before' });
    const huge = await reply('labels.import', { text: 'x'.repeat(MAX_IMPORT_CHARS + 1) });
    expect(huge.ok ? 'ok' : huge.error.code).toBe('bad_params');
    const many = Array.from({ length: MAX_LABELS }, (_, i) => JSON.stringify({ type: 'hop', ref: `h-${i}`, label: 'l' })).join('\n');
    const tooMany = await reply('labels.import', { text: many });
    expect(tooMany.ok ? 'ok' : tooMany.error.message).toMatch(/Nothing was changed: the wallet keeps at most 10000 labels/);
    expect(await call('labels.list')).toEqual([{ type: 'tx', ref: TXID, label: 'before' }]);
    expect(((await bg.ports.local.get([LABELS_STORAGE_KEY]))[LABELS_STORAGE_KEY] as { records: unknown[] }).records).toHaveLength(1);
  });

  it('keeps both of two labels set at once', async () => {
    const { call } = await setup();
    await Promise.all([
      call('labels.set', { type: 'tx', ref: TXID, label: 'a' }),
      call('labels.set', { type: 'tx', ref: TXID2, label: 'b' }),
      call('labels.import', { text: JSON.stringify({ type: 'hop', ref: 'h-9', label: 'c' }) }),
    ]);
    expect((await call<LabelRecord[]>('labels.list')).map((r) => r.label).sort()).toEqual(['a', 'b', 'c']);
  });
});
