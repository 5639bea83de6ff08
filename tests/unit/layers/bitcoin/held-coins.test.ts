/** Which coins our own sends hold back from the next payment (src/layers/bitcoin/held-coins.ts). */
import { hexToBytes } from '@noble/hashes/utils.js';
import { Transaction } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../../../src/layers/bitcoin/discovery';
import type { EsploraTx } from '../../../../src/layers/bitcoin/esplora';
import { heldBySends, outpointsSpentBy, UNSEEN_SEND_GRACE_MS, withoutHeld } from '../../../../src/layers/bitcoin/held-coins';
import type { SendRecord } from '../../../../src/layers/bitcoin/pending-store';

const prev = (n: number) => String(n).padStart(2, '0').repeat(32);

/** A transaction spending `inputs` (txid, vout), as a send record holds it. */
function send(inputs: [string, number][], state: SendRecord['state'], createdAt: number): SendRecord {
  const tx = new Transaction();
  for (const [txid, vout] of inputs) tx.addInput(Uint8Array.from(hexToBytes(txid)).reverse(), vout);
  tx.addOutput(hexToBytes(`0014${'11'.repeat(20)}`), 10_000n);
  return { txid: tx.getId(), hex: tx.toHex(), state, createdAt, max: false };
}

const scanShowing = (...txids: string[]): ScanResult => ({
  addresses: new Map(),
  txs: new Map(txids.map((t) => [t, { txid: t } as EsploraTx])),
  nextIndex: { p2wpkh: [0, 0], p2tr: [0, 0] },
  usedCount: 0,
});

describe('coins held back by our own sends', () => {
  const now = 1_800_000_000_000;

  it('reads the outpoints a signed transaction spends', () => {
    const r = send([[prev(1), 0], [prev(2), 3]], 'signed', now);
    expect(outpointsSpentBy(r.hex)).toEqual([`${prev(1)}:0`, `${prev(2)}:3`]);
  });

  it('holds the coins of a signed send and of a lately broadcast one the scan does not show', () => {
    const signed = send([[prev(1), 0]], 'signed', now - 10 * UNSEEN_SEND_GRACE_MS);
    const lately = send([[prev(2), 1]], 'broadcast', now - 1_000);
    expect(heldBySends([signed, lately], scanShowing(), now)).toEqual(new Set([`${prev(1)}:0`, `${prev(2)}:1`]));
  });

  it('frees the coins of a send the scan shows (it accounts for them) and of a broadcast one unseen past the grace period (dropped)', () => {
    const seen = send([[prev(3), 0]], 'signed', now);
    const dropped = send([[prev(4), 0]], 'broadcast', now - UNSEEN_SEND_GRACE_MS - 1);
    expect(heldBySends([seen, dropped], scanShowing(seen.txid), now).size).toBe(0);
  });

  it("holds the outputs of a send we replaced while the scan shows it unconfirmed, not once it confirmed", () => {
    const replaced = { ...send([[prev(6), 0]], 'broadcast', now), replacedBy: prev(7) };
    const shown = (confirmed: boolean): ScanResult => ({
      ...scanShowing(),
      txs: new Map([[replaced.txid, { txid: replaced.txid, status: { confirmed }, vout: [{}, {}] } as unknown as EsploraTx]]),
    });
    expect(heldBySends([replaced], shown(false), now)).toEqual(new Set([`${replaced.txid}:0`, `${replaced.txid}:1`]));
    expect(heldBySends([replaced], shown(true), now).size).toBe(0);
  });

  it('leaves the held coins out of the scan', () => {
    const utxos = [
      { txid: prev(5), vout: 0 },
      { txid: prev(5), vout: 1 },
    ];
    expect(withoutHeld(utxos, new Set([`${prev(5)}:1`]))).toEqual([{ txid: prev(5), vout: 0 }]);
  });
});
