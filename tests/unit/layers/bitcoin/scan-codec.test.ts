/** The Bitcoin refresh kept for the next worker: read back whole, or not at all. */
import { HDKey } from '@scure/bip32';
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../../../src/layers/bitcoin/discovery';
import type { EsploraTx } from '../../../../src/layers/bitcoin/esplora';
import { BitcoinKeys } from '../../../../src/layers/bitcoin/keys';
import { decodeRefresh, encodeRefresh } from '../../../../src/layers/bitcoin/scan-codec';
import { findPreset } from '../../../../src/shared/networks';

const keys = () => new BitcoinKeys(HDKey.fromMasterSeed(new Uint8Array(32).fill(3)), findPreset('bitcoin', 'devnet')!.params);

function refresh(): [ScanResult, number] {
  const k = keys();
  const a = k.address('p2wpkh', 0, 0);
  const t = k.address('p2tr', 1, 4);
  const tx: EsploraTx = {
    txid: 'ab'.repeat(32),
    vin: [{ txid: 'cd'.repeat(32), vout: 1, prevout: { script: t.script, address: t.address, value: 2_100_000_000_000_000n }, sequence: 0xfffffffd, coinbase: false }],
    vout: [{ script: a.script, address: a.address, value: 9_007_199_254_740_993n }, { script: '6a00', value: 0n }],
    weight: 561,
    fee: 141n,
    status: { confirmed: true, height: 812, time: 1_700_000_000 },
  };
  const pending: EsploraTx = { ...tx, txid: 'ef'.repeat(32), status: { confirmed: false } };
  // As the client shapes a coinbase: no prevout, an output without an address.
  const coinbase: EsploraTx = {
    txid: '12'.repeat(32),
    vin: [{ txid: '00'.repeat(32), vout: 0xffffffff, prevout: null, sequence: 0xffffffff, coinbase: true }],
    vout: [{ script: a.script, address: a.address, value: 5_000_000_000n }, { script: '6a24aa21a9ed' + '00'.repeat(32), address: undefined, value: 0n }],
    weight: 400,
    fee: 0n,
    status: { confirmed: true, height: 1, time: 1_600_000_000 },
  };
  return [{ addresses: new Map([[a.script, a], [t.script, t]]), txs: new Map([[tx.txid, tx], [pending.txid, pending], [coinbase.txid, coinbase]]), nextIndex: { p2wpkh: [1, 0], p2tr: [0, 5] }, usedCount: 2 }, 812];
}

const roundTrip = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe('the Bitcoin refresh kept for the next worker', () => {
  it('reads back what it wrote through storage (amounts past 2^53 exact), with addresses the keys watch', () => {
    const [scan, tip] = refresh();
    const [back, backTip] = decodeRefresh(roundTrip(encodeRefresh([scan, tip])), keys())!;
    expect(backTip).toBe(812);
    expect(back.txs).toEqual(scan.txs);
    expect(back.nextIndex).toEqual(scan.nextIndex);
    expect(back.usedCount).toBe(2);
    const strip = (m: Map<string, { scheme: string; chain: number; index: number; address: string; script: string; path: string; publicKey: Uint8Array }>) =>
      [...m].map(([k, a]) => [k, a.scheme, a.chain, a.index, a.address, a.script, a.path, Buffer.from(a.publicKey).toString('hex')]);
    expect(strip(back.addresses)).toEqual(strip(scan.addresses));
  });

  it('reads back nothing from a value of another shape', () => {
    const good = roundTrip(encodeRefresh(refresh())) as { addresses: unknown[][]; txs: unknown[][]; next: unknown; used: unknown; tip: unknown };
    const tx0 = good.txs[0]!;
    const variants: unknown[] = [
      null,
      'junk',
      { ...good, tip: -1 },
      { ...good, used: 1.5 },
      { ...good, next: { p2wpkh: [0], p2tr: [0, 0] } },
      { ...good, addresses: [['p2pkh', 0, 0, good.addresses[0]![3]]] },
      // A Taproot script named as a segwit v0 address.
      { ...good, addresses: [['p2wpkh', 1, 4, good.addresses[1]![3]]] },
      { ...good, txs: [[tx0[0], tx0[1], tx0[2], tx0[3], '1.5', tx0[5]]] },
      { ...good, txs: [[tx0[0], tx0[1], [['6a00', null, '-1']], tx0[3], tx0[4], tx0[5]]] },
      { ...good, txs: [['nothex', tx0[1], tx0[2], tx0[3], tx0[4], tx0[5]]] },
      { ...good, txs: [[tx0[0], tx0[1], tx0[2], tx0[3], tx0[4], ['yes', null, null]]] },
    ];
    for (const v of variants) expect(decodeRefresh(v, keys())).toBeUndefined();
  });

  it('reads back nothing when an index this worker derived is stored with another script', () => {
    const good = roundTrip(encodeRefresh(refresh())) as { addresses: [string, number, number, string][] };
    const k = keys();
    k.address('p2wpkh', 0, 0);
    const other = keys().address('p2wpkh', 0, 1).script;
    expect(decodeRefresh({ ...good, addresses: [['p2wpkh', 0, 0, other]] }, k)).toBeUndefined();
    expect(decodeRefresh(good, k)).toBeDefined();
  });
});
