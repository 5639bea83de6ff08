import { HDKey } from '@scure/bip32';
import { describe, expect, it, vi } from 'vitest';
import { PublicChainNode } from '../../../../src/layers/curve/public-child-key';
import { discover, GAP_LIMIT, KnownScriptMismatch, scannedScripts } from '../../../../src/layers/bitcoin/discovery';
import type { EsploraClient, EsploraTx } from '../../../../src/layers/bitcoin/esplora';
import { BitcoinKeys } from '../../../../src/layers/bitcoin/keys';

const keysOf = (n: number) => new BitcoinKeys(HDKey.fromMasterSeed(new Uint8Array(32).fill(n)), { bech32: 'bcrt' } as never);

/** An Esplora whose `used` addresses each have one confirmed transaction; records every address asked. */
function esplora(used: string[]) {
  const asked: string[] = [];
  const api = {
    async addressTxs(address: string): Promise<EsploraTx[]> {
      asked.push(address);
      if (!used.includes(address)) return [];
      return [{ txid: String(used.indexOf(address)).padStart(64, '0'), vin: [], vout: [], weight: 400, fee: 0n, status: { confirmed: true, height: 1 } }];
    },
  };
  return { asked, api: api as unknown as EsploraClient };
}

describe('discover with the scripts an earlier worker stored', () => {
  it('watches stored scripts without deriving them, and derives an address once it has a history', async () => {
    const stored = scannedScripts(await discover(keysOf(1), esplora([]).api));
    expect(stored['p2tr/1']).toHaveLength(GAP_LIMIT);

    const cold = keysOf(1);
    let derived = 0;
    const address = cold.address.bind(cold);
    cold.address = (...args) => (derived++, address(...args));
    const usedAt = address('p2tr', 0, GAP_LIMIT - 1).address;
    derived = 0;
    const e = esplora([usedAt]);
    const children = vi.spyOn(PublicChainNode.prototype, 'childPoint');
    const scan = await discover(cold, e.api, { known: stored });
    // Only the used address and the window its use opened (not stored) were derived: the used one had been already.
    expect(derived).toBe(1 + GAP_LIMIT);
    expect(children).toHaveBeenCalledTimes(GAP_LIMIT);
    children.mockRestore();
    expect(scan.nextIndex.p2tr).toEqual([GAP_LIMIT, 0]);
    expect(e.asked).toHaveLength(5 * GAP_LIMIT);
    expect(scannedScripts(scan)['p2wpkh/1']).toEqual(stored['p2wpkh/1']);
    // A watched address still gives its public key (derived then) to sign with.
    const watched = [...scan.addresses.values()].find((a) => a.scheme === 'p2wpkh' && a.chain === 1 && a.index === 4)!;
    expect(watched.publicKey).toEqual(keysOf(1).address('p2wpkh', 1, 4).publicKey);
  });

  it('refuses a scan where a used address is not the wallet’s script at its index; ignores entries of the wrong shape', async () => {
    const mine = keysOf(2);
    const stored = scannedScripts(await discover(mine, esplora([]).api));
    const other = scannedScripts(await discover(keysOf(3), esplora([]).api));
    const known = { ...stored, 'p2wpkh/0': [other['p2wpkh/0'][0]!, ...stored['p2wpkh/0'].slice(1)] };
    const usedOther = keysOf(3).address('p2wpkh', 0, 0).address;
    await expect(discover(keysOf(2), esplora([usedOther]).api, { known })).rejects.toBeInstanceOf(KnownScriptMismatch);

    const shapes = { ...stored, 'p2tr/0': ['0014' + '11'.repeat(20), 'zz', ...stored['p2tr/0'].slice(2)] };
    const scan = await discover(keysOf(2), esplora([]).api, { known: shapes });
    expect(scannedScripts(scan)['p2tr/0']).toEqual(stored['p2tr/0']);
  });
});

describe('discover on a fresh worker', () => {
  it('derives the addresses of each chain\'s window together, twenty at most, as the walk reaches them, and each once', async () => {
    const keys = keysOf(4);
    const children = vi.spyOn(PublicChainNode.prototype, 'childPoint');
    const batches: string[] = [];
    const prefetch = keys.prefetch.bind(keys);
    keys.prefetch = (scheme, chain, indexes) => {
      const before = children.mock.calls.length;
      prefetch(scheme, chain, indexes);
      if (children.mock.calls.length > before) batches.push(`${scheme}/${chain}:${children.mock.calls.length - before}`);
    };
    const address = keys.address.bind(keys);
    let derivedAlone = 0;
    keys.address = (...args) => {
      const before = children.mock.calls.length;
      const owned = address(...args);
      derivedAlone += children.mock.calls.length - before;
      return owned;
    };
    const e = esplora([]);
    await discover(keys, e.api, { hints: { p2wpkh: [3, 0] } });
    // Each chain's first batch also checks its first child against the signing library's once.
    expect(batches.sort()).toEqual(['p2tr/0:21', 'p2tr/1:21', 'p2wpkh/0:21', 'p2wpkh/0:3', 'p2wpkh/1:21']);
    expect(derivedAlone).toBe(0);
    expect(children).toHaveBeenCalledTimes(83 + 4);
    expect(e.asked).toHaveLength(83);
    children.mockRestore();
  });
});
