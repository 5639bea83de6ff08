import { HDKey } from '@scure/bip32';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import type { LiquidEsplora } from '../../../../src/layers/liquid/esplora';
import { liquidAccountKey, liquidAddressAt } from '../../../../src/layers/liquid/keys';
import { GAP_LIMIT, KnownScriptMismatch, scannedScripts, scanWallet, type ScanKeys } from '../../../../src/layers/liquid/scan';
import { findPreset } from '../../../../src/shared/networks';

const params = findPreset('liquid', 'devnet')!.params;
const account = (n: number) => liquidAccountKey(HDKey.fromMasterSeed(new Uint8Array(32).fill(n)));
const keysOf = (n: number): ScanKeys => ({ account: account(n), masterBlindingKey: new Uint8Array(32).fill(n + 100), params });

/** An Esplora whose `used` addresses each have one transaction; records every address asked. */
function esplora(used: string[]) {
  const asked: string[] = [];
  const api = {
    async addressTxs(address: string) {
      asked.push(address);
      return used.includes(address) ? [{ txid: bytesToHex(new Uint8Array(32).fill(used.indexOf(address) + 1)), status: { confirmed: true } }] : [];
    },
  };
  return { asked, api: api as unknown as LiquidEsplora };
}

describe('scanWallet with the scripts an earlier worker stored', () => {
  it('watches the stored scripts as they are, and derives what is missing or not a P2WPKH script', async () => {
    const mine = keysOf(1);
    const first = await scanWallet(esplora([]).api, mine);
    const stored = scannedScripts(first);
    expect(stored[0]).toHaveLength(GAP_LIMIT);
    expect(stored[0][3]).toBe(bytesToHex(liquidAddressAt(mine.account, mine.masterBlindingKey, params, 0, 3).script));

    // Stored scripts stand for the addresses they name: here another account's, at receive indexes 0..4.
    const other = scannedScripts(await scanWallet(esplora([]).api, keysOf(2)));
    const known = { 0: [...other[0].slice(0, 5), 'not hex', '0014'], 1: stored[1] };
    const e = esplora([]);
    const scan = await scanWallet(e.api, { ...mine, known });
    const at = (n: 0 | 1, i: number) => [...scan.addresses.values()].find((a) => a.chain === n && a.index === i)!;
    expect(bytesToHex(at(0, 4).script)).toBe(other[0][4]);
    expect(e.asked).toContain(at(0, 4).unconfidential);
    expect(bytesToHex(at(0, 5).script)).toBe(stored[0][5]);
    expect(bytesToHex(at(0, 6).script)).toBe(stored[0][6]);
    expect(bytesToHex(at(0, 7).script)).toBe(stored[0][7]);
    expect(scannedScripts(scan)[1]).toEqual(stored[1]);
  });

  it('finds a used address past the stored ones and widens the window behind it', async () => {
    const mine = keysOf(3);
    const stored = scannedScripts(await scanWallet(esplora([]).api, mine));
    const far = liquidAddressAt(mine.account, mine.masterBlindingKey, params, 1, GAP_LIMIT - 1).unconfidential;
    const e = esplora([far]);
    const scan = await scanWallet(e.api, { ...mine, known: stored });
    expect(scan.nextIndex).toEqual({ 0: 0, 1: GAP_LIMIT });
    expect(scannedScripts(scan)[1]).toHaveLength(2 * GAP_LIMIT);
    expect(scan.txs.size).toBe(1);
  });

  it('refuses a scan where a used address is not the account’s script at its index', async () => {
    const mine = keysOf(4);
    const stored = scannedScripts(await scanWallet(esplora([]).api, mine));
    const theirs = liquidAddressAt(account(5), new Uint8Array(32).fill(9), params, 0, 1);
    const known = { 0: [stored[0][0]!, bytesToHex(theirs.script), ...stored[0].slice(2)], 1: stored[1] };
    await expect(scanWallet(esplora([theirs.unconfidential]).api, { ...mine, known })).rejects.toBeInstanceOf(KnownScriptMismatch);
    // Used and stored rightly: accepted.
    const ours = liquidAddressAt(mine.account, mine.masterBlindingKey, params, 0, 1).unconfidential;
    expect((await scanWallet(esplora([ours]).api, { ...mine, known: stored })).nextIndex[0]).toBe(2);
  });
});
