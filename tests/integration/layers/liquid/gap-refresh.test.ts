/**
 * What a Liquid refresh must never miss, whatever it remembers from the refresh
 * before: coins arriving at the last address of the receive and change chains'
 * gap windows, again at an address already used, and at the window behind a newly
 * used one. Checked on the service that refreshed before and on a new one over the
 * same storage with this worker's memory of openings dropped (a restarted worker).
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { HDKey } from '@scure/bip32';
import { generateMnemonic } from '@scure/bip39';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liquidAccountKey, liquidAddress, liquidAddressAt, slip77MasterBlindingKey } from '../../../../src/layers/liquid/keys';
import { GAP_LIMIT } from '../../../../src/layers/liquid/scan';
import { LiquidService } from '../../../../src/layers/liquid/service';
import { forgetOpenedOutputs } from '../../../../src/layers/liquid/wallet-state';
import { HttpClient } from '../../../../src/shared/http';
import { findPreset, type NetworkPreset } from '../../../../src/shared/networks';
import { startLiquidDevnet, type LiquidDevnet } from '../../../devnet/liquid';
import { MemoryArea } from '../../../helpers/memory-ports';

let net: LiquidDevnet;

beforeAll(async () => {
  net = await startLiquidDevnet();
});
afterAll(async () => {
  await net?.stop();
});

function profile(store = new MemoryArea()) {
  const seed = mnemonicToSeedSync(generateMnemonic(wordlist));
  const base = findPreset('liquid', 'devnet')!;
  const preset: NetworkPreset<'liquid'> = { ...base, endpoints: { ...base.endpoints, esplora: net.url } };
  const service = () =>
    new LiquidService(
      { root: HDKey.fromMasterSeed(seed), preset, store, http: (url) => new HttpClient(url, { retries: 0 }), now: () => Date.now() },
      slip77MasterBlindingKey(seed),
    );
  const root = HDKey.fromMasterSeed(seed);
  const mbk = slip77MasterBlindingKey(seed);
  const at = (chain: 0 | 1, index: number) => liquidAddress(root, mbk, preset.params, chain, index).confidential;
  return { service, at, store, root, mbk, params: preset.params };
}

async function lbtc(service: LiquidService): Promise<{ confirmed: bigint; pending: bigint }> {
  const row = (await service.overview()).balances.find((b) => b.asset === net.policyAsset);
  return { confirmed: BigInt(row?.confirmed ?? '0'), pending: BigInt(row?.pending ?? '0') };
}

/** A new service over the same storage, in a worker that has opened nothing yet. */
function restarted(make: () => LiquidService): LiquidService {
  forgetOpenedOutputs();
  return make();
}

describe('Liquid refresh after a first full scan', () => {
  it('finds coins at the last address of both gap windows, at a used address again, and past a newly used one', async () => {
    const { service, at } = profile();
    const svc = service();
    await net.faucet(at(0, 2), 100_000);
    net.mine();
    expect(await lbtc(svc)).toEqual({ confirmed: 100_000n, pending: 0n });

    await net.faucet(at(0, 2 + GAP_LIMIT), 1_000);
    await net.faucet(at(1, GAP_LIMIT - 1), 2_000);
    net.mine();
    expect(await lbtc(svc)).toEqual({ confirmed: 103_000n, pending: 0n });
    expect(await lbtc(restarted(service))).toEqual({ confirmed: 103_000n, pending: 0n });

    await net.faucet(at(0, 2 + 2 * GAP_LIMIT), 4_000);
    await net.faucet(at(1, 2 * GAP_LIMIT - 1), 8_000);
    await net.faucet(at(0, 2), 16_000);
    expect(await lbtc(svc)).toEqual({ confirmed: 103_000n, pending: 28_000n });
    expect(await lbtc(restarted(service))).toEqual({ confirmed: 103_000n, pending: 28_000n });
    net.mine();
    expect(await lbtc(svc)).toEqual({ confirmed: 131_000n, pending: 0n });
    expect((await svc.receive()).address).toBe(at(0, 3 + 2 * GAP_LIMIT));
  });

  it('finds coins arriving at the end of a change chain it found empty, on the refresh right after', async () => {
    const { service, at } = profile();
    const svc = service();
    expect(await lbtc(svc)).toEqual({ confirmed: 0n, pending: 0n });
    await net.faucet(at(1, GAP_LIMIT - 1), 5_000);
    expect(await lbtc(svc)).toEqual({ confirmed: 0n, pending: 5_000n });
    await net.faucet(at(0, GAP_LIMIT - 1), 7_000);
    expect(await lbtc(restarted(service))).toEqual({ confirmed: 0n, pending: 12_000n });
  });

  it('a wallet imported over the storage another one refreshed in watches its own addresses', async () => {
    const first = profile();
    await net.faucet(first.at(0, 5), 1_000);
    expect(await lbtc(first.service())).toEqual({ confirmed: 0n, pending: 1_000n });
    const second = profile(first.store);
    await net.faucet(second.at(0, 0), 2_000);
    await net.faucet(second.at(1, GAP_LIMIT - 1), 4_000);
    expect(await lbtc(restarted(second.service))).toEqual({ confirmed: 0n, pending: 6_000n });
    expect(await lbtc(restarted(first.service))).toEqual({ confirmed: 0n, pending: 1_000n });
  });

  it('a stored script that is not the account’s at a used index is dropped, and the refresh scans by derivation', async () => {
    const { service, at, store } = profile();
    expect(await lbtc(service())).toEqual({ confirmed: 0n, pending: 0n });
    const key = 'liquid.devnet.scripts';
    const stored = (await store.get([key]))[key] as Record<0 | 1, string[]>;
    const stranger = profile();
    const theirs = bytesToHex(liquidAddressAt(liquidAccountKey(stranger.root), stranger.mbk, stranger.params, 0, 1).script);
    stored[0][1] = theirs;
    await store.set({ [key]: stored });
    await net.faucet(stranger.at(0, 1), 9_000);
    await net.faucet(at(0, 1), 11_000);
    expect(await lbtc(restarted(service))).toEqual({ confirmed: 0n, pending: 11_000n });
    const rewritten = (await store.get([key]))[key] as Record<0 | 1, string[]>;
    expect(rewritten[0][1]).not.toBe(theirs);
  });
});
