/**
 * An open NWC link answers from the worker's memory: Home's refresh asked storage.session for
 * it on every balance, and that round trip waited behind the other layers' requests. Every
 * change still takes effect: a disconnect, a lock (the saved link is read again afterwards),
 * another root (another wallet).
 */
import { schnorr } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { HDKey } from '@scure/bip32';
import { describe, expect, it } from 'vitest';
import { NwcConnections } from '../../../../src/layers/lightning/nwc-connections';
import { MemoryArea } from '../../../helpers/memory-ports';

class CountingArea extends MemoryArea {
  reads = 0;
  override async get(keys: string[]) {
    this.reads++;
    return super.get(keys);
  }
}

const NETWORK = 'devnet';
const saved = (secret: string) => ({
  version: 1,
  walletPubkey: bytesToHex(schnorr.getPublicKey(new Uint8Array(32).fill(2))),
  relays: ['ws://127.0.0.1:9/'],
  secret,
  connectedAt: 0,
  encryption: 'nip44_v2',
});
// No socket is ever opened here: only getting the funding source is asked, never a request through it.
const noSocket = () => {
  throw new Error('no relay in this test');
};

async function linkedArea(secret = 'a'.repeat(64)): Promise<CountingArea> {
  const area = new CountingArea();
  await area.set({ [NwcConnections.storageKey(NETWORK)]: saved(secret) });
  return area;
}

describe('the NWC link of an unlocked wallet', () => {
  const root = HDKey.fromMasterSeed(new Uint8Array(32).fill(5));

  it('is read from storage once, then answered from memory', async () => {
    const area = await linkedArea();
    const links = new NwcConnections(area, { webSocket: noSocket as never });
    const first = await links.funding(root, NETWORK);
    expect(first).not.toBeNull();
    expect(await links.funding(root, NETWORK)).toBe(first);
    expect(await links.funding(root, NETWORK)).toBe(first);
    expect(area.reads).toBe(1);
  });

  it('is gone at once after a disconnect', async () => {
    const area = await linkedArea();
    const links = new NwcConnections(area, { webSocket: noSocket as never });
    expect(await links.funding(root, NETWORK)).not.toBeNull();
    await links.disconnect(NETWORK);
    expect(await links.funding(root, NETWORK)).toBeNull();
  });

  it('is read again after a lock, and a link saved meanwhile is the one opened', async () => {
    const area = await linkedArea('a'.repeat(64));
    const links = new NwcConnections(area, { webSocket: noSocket as never });
    const before = await links.funding(root, NETWORK);
    await links.closeAll();
    await area.set({ [NwcConnections.storageKey(NETWORK)]: saved('c'.repeat(64)) });
    const after = await links.funding(root, NETWORK);
    expect(after).not.toBeNull();
    expect(after).not.toBe(before);
    // The link saved meanwhile (its secret), not the one open before the lock.
    const secretOf = (f: unknown) => bytesToHex((f as { conn: { secret: Uint8Array } }).conn.secret);
    expect([secretOf(before), secretOf(after)]).toEqual(['a'.repeat(64), 'c'.repeat(64)]);
    expect(area.reads).toBe(2);
  });

  it('is opened anew for another root (another wallet unlocked)', async () => {
    const area = await linkedArea();
    const links = new NwcConnections(area, { webSocket: noSocket as never });
    const mine = await links.funding(root, NETWORK);
    const other = await links.funding(HDKey.fromMasterSeed(new Uint8Array(32).fill(6)), NETWORK);
    expect(other).not.toBeNull();
    expect(other).not.toBe(mine);
    expect(area.reads).toBe(2);
  });
});
