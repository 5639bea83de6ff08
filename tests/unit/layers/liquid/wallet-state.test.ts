/**
 * Opening the wallet needs no WebAssembly (openWallet takes no secp256k1-zkp): a
 * new output is rewound in JavaScript, and a refresh whose outputs were all
 * opened before (by amount, in an earlier worker) rewinds nothing.
 */
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { blindOutputs } from '../../../../src/layers/liquid/blind';
import { ELEMENTS_REGTEST } from '../../../../src/layers/liquid/chain';
import type { EsploraTx, LiquidEsplora } from '../../../../src/layers/liquid/esplora';
import { liquidAccountKey, liquidAddressAt, slip77MasterBlindingKey } from '../../../../src/layers/liquid/keys';
import type { WalletScan } from '../../../../src/layers/liquid/scan';
import { assembleTransaction } from '../../../../src/layers/liquid/transaction';
import { ZERO32, type OpenedAmount } from '../../../../src/layers/liquid/unblind';
import { forgetOpenedOutputs, openingStats, openWallet, rawTransaction } from '../../../../src/layers/liquid/wallet-state';
import { loadZkp } from '../../../../src/layers/liquid/zkp';

const POLICY = ELEMENTS_REGTEST.policyAsset;
const seed = mnemonicToSeedSync('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about');
const mbk = slip77MasterBlindingKey(seed);
const account = liquidAccountKey(HDKey.fromMasterSeed(seed));
const PARAMS = { blech32: 'el', bech32: 'ert' } as const;

async function fundedWallet() {
  const zkp = await loadZkp();
  const addr = liquidAddressAt(account, mbk, PARAMS, 0, 0);
  const outs = blindOutputs(zkp, [{ asset: POLICY, value: 100_000n, assetBlinder: ZERO32, valueBlinder: ZERO32 }], [
    { script: addr.script, asset: POLICY, value: 99_900n, blindingKey: addr.blindingPublicKey },
  ]);
  const tx = assembleTransaction([{ txid: '11'.repeat(32), vout: 0 }], outs, 100n, POLICY);
  const txid = tx.getId();
  const esploraTx = {
    txid,
    vin: [{ txid: '11'.repeat(32), vout: 0 }],
    vout: [{ scriptpubkey: bytesToHex(addr.script) }, { scriptpubkey: '', scriptpubkey_type: 'fee', value: 100 }],
    status: { confirmed: true },
  } as unknown as EsploraTx;
  const scan: WalletScan = { addresses: new Map([[bytesToHex(addr.script), addr]]), txs: new Map([[txid, esploraTx]]), nextIndex: { 0: 1, 1: 0 } };
  const esplora = { http: { baseUrl: 'http://127.0.0.1:1/api' }, txHex: async () => tx.toHex() } as unknown as LiquidEsplora;
  return { zkp, scan, esplora, outpoint: `${txid}:0` };
}

describe('opening the wallet', () => {
  it('rewinds a new output once, and nothing for a restarted worker that stored the amounts', async () => {
    const { scan, esplora, outpoint } = await fundedWallet();

    forgetOpenedOutputs();
    let rewinds = openingStats.rewinds;
    const fresh = await openWallet(esplora, scan, mbk);
    expect(openingStats.rewinds).toBe(rewinds + 1);
    expect(fresh.amounts.get(outpoint)).toEqual({ asset: POLICY, value: 99_900n, confidential: true });

    // A restarted worker with the amounts stored: no rewind, same balance.
    forgetOpenedOutputs();
    const known = new Map<string, OpenedAmount>(fresh.amounts);
    rewinds = openingStats.rewinds;
    const again = await openWallet(esplora, scan, mbk, known);
    expect(again.amounts).toEqual(fresh.amounts);
    expect(again.utxos.map((u) => u.unblinded.value)).toEqual([99_900n]);
    expect(openingStats.rewinds).toBe(rewinds);
  });

  it('fetches a raw transaction once for the scan and the opening, and keeps none that does not hash to its txid', async () => {
    const { scan, esplora: good } = await fundedWallet();
    const [txid, listed] = [...scan.txs][0]!;
    let fetched = 0;
    const another = (await fundedWallet()).esplora;
    let answer = () => another.txHex(txid);
    const esplora = { http: { baseUrl: 'http://127.0.0.1:2/api' }, txHex: async () => (fetched++, answer()) } as unknown as LiquidEsplora;
    await expect(rawTransaction(esplora, txid)).rejects.toThrow(/wrong transaction/);
    answer = () => good.txHex(txid);
    const [a, b] = await Promise.all([rawTransaction(esplora, txid), rawTransaction(esplora, txid)]);
    expect(a.getId()).toBe(listed.txid);
    expect(b).toBe(a);
    expect(fetched).toBe(2);
    await rawTransaction(esplora, txid);
    expect(fetched).toBe(2);
  });
});
