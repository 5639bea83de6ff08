/**
 * BIP-329 JSON Lines: the BIP's own test vector read and written back, unknown types
 * kept by the reader, malformed lines refused with their numbers, and a property round trip.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_LABEL_CHARS, mergeLabels, readLabels, txidOfActivity, writeLabels, type LabelRecord } from '../../../src/shared/labels';

/** The test vector of BIP-329 (bitcoin/bips, bip-0329.mediawiki, "Test Vectors"), as printed there. */
const BIP329_VECTOR = `{ "type": "tx", "ref": "f91d0a8a78462bc59398f2c5d7a84fcff491c26ba54c4833478b202796c8aafd", "label": "Transaction", "origin": "wpkh([d34db33f/84'/0'/0'])" }
{ "type": "addr", "ref": "bc1q34aq5drpuwy3wgl9lhup9892qp6svr8ldzyy7c", "label": "Address" }
{ "type": "pubkey", "ref": "0283409659355b6d1cc3c32decd5d561abaac86c37a353b52895a5e6c196d6f448", "label": "Public Key" }
{ "type": "input", "ref": "f91d0a8a78462bc59398f2c5d7a84fcff491c26ba54c4833478b202796c8aafd:0", "label": "Input" }
{ "type": "output", "ref": "f91d0a8a78462bc59398f2c5d7a84fcff491c26ba54c4833478b202796c8aafd:1", "label": "Output", "spendable": false }
{ "type": "xpub", "ref": "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8", "label": "Extended Public Key" }
{ "type": "tx", "ref": "f546156d9044844e02b181026a1a407abfca62e7ea1159f87bbeaa77b4286c74", "label": "Account #1 Transaction", "origin": "wpkh([d34db33f/84'/0'/1'])" }
`;
const TXID = 'f91d0a8a78462bc59398f2c5d7a84fcff491c26ba54c4833478b202796c8aafd';

describe('BIP-329 reader and writer', () => {
  it("reads every line of the BIP's test vector, and writes back the same records", () => {
    const read = readLabels(BIP329_VECTOR);
    expect(read.malformed).toEqual([]);
    expect(read.records.map((r) => r.type)).toEqual(['tx', 'addr', 'pubkey', 'input', 'output', 'xpub', 'tx']);
    expect(read.records[0]).toEqual({ type: 'tx', ref: TXID, label: 'Transaction', origin: "wpkh([d34db33f/84'/0'/0'])" });
    expect(read.records[4]).toEqual({ type: 'output', ref: `${TXID}:1`, label: 'Output', spendable: false });
    const written = writeLabels(read.records);
    expect(written.split('\n')).toHaveLength(8);
    // Same JSON objects as the BIP's lines, in order (our lines carry no spaces).
    expect(written.trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual(BIP329_VECTOR.trimEnd().split('\n').map((l) => JSON.parse(l)));
    expect(readLabels(written)).toEqual(read);
  });

  it('keeps records of types it does not know (the importer decides to ignore them), and a hop record', () => {
    const text = `{"type":"frozen-utxo","ref":"anything at all","label":"other wallet's"}\n{"type":"hop","ref":"h-1700000000000-3","label":"rent"}\n`;
    const read = readLabels(text);
    expect(read.malformed).toEqual([]);
    expect(read.records).toEqual([
      { type: 'frozen-utxo', ref: 'anything at all', label: "other wallet's" },
      { type: 'hop', ref: 'h-1700000000000-3', label: 'rent' },
    ]);
    expect(writeLabels(read.records)).toBe(text);
  });

  it('refuses malformed lines with their 1-based numbers and takes the others', () => {
    const lines = [
      `{"type":"tx","ref":"${TXID}","label":"ok"}`,
      `not json`,
      ``,
      `["type","tx"]`,
      `{"type":"tx","ref":"abc","label":"short txid"}`,
      `{"type":"output","ref":"${TXID}:1","spendable":"false"}`,
      `{"type":"tx","ref":"${TXID}","label":7}`,
      `{"type":"tx","ref":"${TXID}","origin":"wpkh(xpub6ABC)"}`,
      `{"ref":"${TXID}","label":"no type"}`,
      `{"type":"addr","ref":"tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx","label":"two\\nlines"}`,
      `{"type":"addr","ref":"tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx","label":"fine"}\r`,
    ];
    const read = readLabels(lines.join('\n'));
    expect(read.malformed.map((m) => m.line)).toEqual([2, 4, 5, 6, 7, 8, 9, 10]);
    expect(read.records).toEqual([
      { type: 'tx', ref: TXID, label: 'ok' },
      { type: 'addr', ref: 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', label: 'fine' },
    ]);
  });

  it('does not let a line reach a prototype or carry fields beyond the BIP', () => {
    const read = readLabels(`{"type":"tx","ref":"${TXID}","label":"x","__proto__":{"polluted":true},"height":5}`);
    expect(read.records).toEqual([{ type: 'tx', ref: TXID, label: 'x' }]);
    expect(Object.getPrototypeOf(read.records[0])).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('cuts a label longer than 255 characters at a character boundary and counts it', () => {
    const long = '😀'.repeat(MAX_LABEL_CHARS + 5);
    const read = readLabels(JSON.stringify({ type: 'tx', ref: TXID, label: long }));
    expect(read.truncated).toBe(1);
    expect(Array.from(read.records[0]!.label!)).toHaveLength(MAX_LABEL_CHARS);
    expect(read.records[0]!.label).toBe('😀'.repeat(MAX_LABEL_CHARS));
  });

  it('drops spendable on a record that is not an output', () => {
    expect(readLabels(`{"type":"tx","ref":"${TXID}","label":"a","spendable":true}`).records).toEqual([{ type: 'tx', ref: TXID, label: 'a' }]);
  });

  it('round-trips any valid records (property)', () => {
    const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
    const label = fc.string({ maxLength: 80, unit: 'grapheme' }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s));
    const record: fc.Arbitrary<LabelRecord> = fc.oneof(
      fc.record({ type: fc.constant('tx'), ref: hex64, label }, { requiredKeys: ['type', 'ref'] }),
      fc.record({ type: fc.constant('addr'), ref: fc.stringMatching(/^tb1q[02-9ac-hj-np-z]{38}$/), label, origin: fc.constant("wpkh([0a1b2c3d/84'/1'/0'])") }, { requiredKeys: ['type', 'ref'] }),
      fc.record({ type: fc.constant('output'), ref: fc.tuple(hex64, fc.nat(1000)).map(([t, n]) => `${t}:${n}`), label, spendable: fc.boolean() }, { requiredKeys: ['type', 'ref'] }),
      fc.record({ type: fc.constant('hop'), ref: fc.stringMatching(/^[a-z0-9-]{1,40}$/), label }, { requiredKeys: ['type', 'ref', 'label'] }),
    );
    fc.assert(
      fc.property(fc.array(record, { maxLength: 20 }), (records) => {
        const read = readLabels(writeLabels(records));
        expect(read.malformed).toEqual([]);
        expect(read.records).toEqual(records);
      }),
    );
  });
});

describe('merging labels', () => {
  const a: LabelRecord = { type: 'tx', ref: TXID, label: 'mine', origin: "wpkh([0a1b2c3d/84'/1'/0'])" };

  it("lets the incoming label win and keeps what the incoming record leaves out", () => {
    expect(mergeLabels([a], [{ type: 'tx', ref: TXID, label: 'theirs' }])).toEqual([{ ...a, label: 'theirs' }]);
    const out: LabelRecord = { type: 'output', ref: `${TXID}:0`, label: 'coin', spendable: true };
    expect(mergeLabels([out], [{ type: 'output', ref: `${TXID}:0`, spendable: false }])).toEqual([{ ...out, spendable: false }]);
  });

  it('removes a label set to empty, and the record with it when nothing is left', () => {
    expect(mergeLabels([a], [{ type: 'tx', ref: TXID, label: '' }])).toEqual([]);
  });
});

describe('txid of an activity entry', () => {
  it('is the leading txid, with or without 0x and a Liquid asset suffix; none for other ids', () => {
    expect(txidOfActivity(TXID)).toBe(TXID);
    expect(txidOfActivity(`${TXID}:5ac9f65c0efcc4775e0baec4ec03abdde22473cd3cf33c0419ca290e0751b225`)).toBe(TXID);
    expect(txidOfActivity(`0x${TXID}`)).toBe(`0x${TXID}`);
    expect(txidOfActivity('payment-1')).toBeUndefined();
  });
});
