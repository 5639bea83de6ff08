/**
 * The first step of a hop paid with the wallet's BTC (src/hops/bitcoin-funding.ts),
 * against the Bitcoin devnet: one scan of the wallet serves both the look for a
 * funding already out there and the payment, and a funding whose txid never
 * reached storage is found again instead of being paid twice.
 */
import { HDKey } from '@scure/bip32';
import { generateMnemonic } from '@scure/bip39';
import { mnemonicToSeedSync } from '../../helpers/bip39-seed';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fundFromBitcoin } from '../../../src/hops/bitcoin-funding';
import { HopKeys } from '../../../src/hops/keys';
import type { HopContext } from '../../../src/hops/mechanism';
import type { HopRecord } from '../../../src/hops/types';
import { BitcoinService } from '../../../src/layers/bitcoin/service';
import { HttpClient } from '../../../src/shared/http';
import { LAYER_IDS, type LayerId } from '../../../src/shared/layers';
import { endpointKey, resolvePreset, type NetworkPreset } from '../../../src/shared/networks';
import { startBitcoinDevnet, type BitcoinDevnet } from '../../devnet/bitcoin';
import { hopSides } from '../../helpers/hop-sides';
import { MemoryArea } from '../../helpers/memory-ports';
import { BTC, hopFixture, RBTC } from '../../helpers/hop-record';

let bitcoin: BitcoinDevnet;

beforeAll(async () => {
  bitcoin = await startBitcoinDevnet();
}, 120_000);

afterAll(async () => {
  await bitcoin?.stop();
});

function wallet() {
  const root = HDKey.fromMasterSeed(mnemonicToSeedSync(generateMnemonic(wordlist)));
  const overrides = { [endpointKey('bitcoin', 'devnet', 'esplora')]: bitcoin.esploraUrl };
  const presets = Object.fromEntries(LAYER_IDS.map((l) => [l, resolvePreset(l, 'devnet', overrides)])) as { [L in LayerId]: NetworkPreset<L> };
  const requests: string[] = [];
  const http = (url: string) => new HttpClient(url, { retries: 1, baseDelayMs: 50, onRequest: (m, u) => requests.push(`${m} ${u}`) });
  const service = new BitcoinService({ root, preset: presets.bitcoin, store: new MemoryArea(), http, now: () => Date.now() });
  const saved: HopRecord[] = [];
  const ctx: HopContext = {
    keys: new HopKeys(root, mnemonicToSeedSync),
    root,
    presets,
    side: hopSides({ bitcoin: service }),
    http,
    now: () => Date.now(),
    save: async (r) => {
      saved.push(r);
    },
    records: async () => [],
  };
  return { ctx, service, requests, saved };
}

function pegin(send: bigint): HopRecord<'powpeg-pegin'> {
  const now = Date.now();
  return hopFixture({
    id: `hop-${now}`,
    mechanism: 'powpeg-pegin',
    from: BTC,
    to: RBTC,
    send,
    network: { bitcoin: 'devnet', rootstock: 'devnet' },
    createdAt: now,
    state: 'created',
    steps: [{ key: 'fund', label: 'Send BTC', status: 'waiting' }],
    data: { federationAddress: '', rskAddress: '', refundAddress: '', confirmations: 1 },
  });
}

describe('funding a hop from the wallet BTC', () => {
  it('scans the wallet once to look for an earlier funding and to pay, and pays exactly the hop amount', async () => {
    const { ctx, service, requests, saved } = wallet();
    const first = (await service.receive()).address;
    await bitcoin.faucet(first, 500_000n);
    const to = (await new BitcoinService({ root: HDKey.fromMasterSeed(mnemonicToSeedSync(generateMnemonic(wordlist))), preset: ctx.presets.bitcoin, store: new MemoryArea(), http: ctx.http, now: () => Date.now() }).receive()).address;
    requests.length = 0;

    const funded = await fundFromBitcoin(ctx, pegin(123_456n), to);

    // Every scan asks for the first receive address's history once.
    expect(requests.filter((r) => r.endsWith(`/address/${first}/txs`))).toHaveLength(1);
    const txid = funded.data.fundingTxid!;
    expect(saved.at(-1)?.data.fundingTxid).toBe(txid);
    const tx = await (await fetch(`${bitcoin.esploraUrl}/tx/${txid}`)).json();
    expect(tx.vout.filter((o: { scriptpubkey_address?: string; value: number }) => o.scriptpubkey_address === to).map((o: { value: number }) => o.value)).toEqual([123_456]);
  });

  it('finds a funding whose txid never reached storage and pays nothing again', async () => {
    const { ctx, service } = wallet();
    await bitcoin.faucet((await service.receive()).address, 500_000n);
    const to = (await new BitcoinService({ root: HDKey.fromMasterSeed(mnemonicToSeedSync(generateMnemonic(wordlist))), preset: ctx.presets.bitcoin, store: new MemoryArea(), http: ctx.http, now: () => Date.now() }).receive()).address;
    const record = pegin(50_000n);
    const first = await fundFromBitcoin(ctx, record, to);
    // The record as stored before the txid was written: the same hop advances again.
    const again = await fundFromBitcoin(ctx, record, to);
    expect(again.data.fundingTxid).toBe(first.data.fundingTxid);
    const paid = await (await fetch(`${bitcoin.esploraUrl}/address/${to}/txs`)).json();
    expect(paid).toHaveLength(1);
  });
});
