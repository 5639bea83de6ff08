/**
 * What a refresh must never miss, whatever it remembers from the refresh before:
 * coins arriving at the last address of each chain's gap window (receive and
 * change, P2WPKH and a Taproot account never used), again at an address already
 * used, and at the window that opens behind a newly used one. Checked on the
 * service that refreshed before and on a new one over the same storage (a
 * restarted worker), against bcoin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GAP_LIMIT } from '../../../../src/layers/bitcoin/discovery';
import type { BitcoinScheme, Chain } from '../../../../src/layers/bitcoin/keys';
import { BitcoinService } from '../../../../src/layers/bitcoin/service';
import { startBitcoinDevnet, type BitcoinDevnet } from '../../../devnet/bitcoin';
import { testDeps, type TestDeps } from '../../../helpers/layer-deps';

let devnet: BitcoinDevnet;

beforeAll(async () => {
  devnet = await startBitcoinDevnet();
});
afterAll(async () => devnet?.stop());

const balance = async (svc: BitcoinService) => {
  const b = (await svc.overview()).balances[0]!;
  return { confirmed: BigInt(b.confirmed), pending: BigInt(b.pending) };
};

describe('Bitcoin refresh after a first full scan', () => {
  it('finds coins at the last address of every gap window, at a used address again, and past a newly used one', async () => {
    const deps: TestDeps<'bitcoin'> = testDeps('bitcoin', 'devnet', { esplora: devnet.esploraUrl, explorer: devnet.url });
    const svc = new BitcoinService(deps);
    const restarted = () => new BitcoinService({ ...deps, root: deps.root });
    const at = (scheme: BitcoinScheme, chain: Chain, index: number) => svc.keys.address(scheme, chain, index).address;

    await devnet.faucet(at('p2wpkh', 0, 3), 100_000n);
    expect(await balance(svc)).toEqual({ confirmed: 100_000n, pending: 0n });

    // The last address of each window: receive after index 3, and index GAP_LIMIT - 1 of the three chains never used (Taproot's included).
    await devnet.faucet(at('p2wpkh', 0, 3 + GAP_LIMIT), 1_000n);
    await devnet.faucet(at('p2wpkh', 1, GAP_LIMIT - 1), 2_000n);
    await devnet.faucet(at('p2tr', 0, GAP_LIMIT - 1), 4_000n);
    await devnet.faucet(at('p2tr', 1, GAP_LIMIT - 1), 8_000n, { confirm: false });
    expect(await balance(svc)).toEqual({ confirmed: 107_000n, pending: 8_000n });
    expect(await balance(restarted())).toEqual({ confirmed: 107_000n, pending: 8_000n });
    expect((await svc.receive()).address).toBe(at('p2wpkh', 0, 4 + GAP_LIMIT));

    // Each of those opened a window behind it: their last addresses, and the first used address paid again.
    // (The blocks these faucets mine confirm the 8,000 above.)
    await devnet.faucet(at('p2wpkh', 1, 2 * GAP_LIMIT - 1), 32_000n);
    await devnet.faucet(at('p2tr', 0, 2 * GAP_LIMIT - 1), 64_000n);
    await devnet.faucet(at('p2wpkh', 0, 3), 128_000n);
    await devnet.faucet(at('p2wpkh', 0, 3 + 2 * GAP_LIMIT), 16_000n, { confirm: false });
    expect(await balance(svc)).toEqual({ confirmed: 339_000n, pending: 16_000n });
    await devnet.mine();
    expect(await balance(restarted())).toEqual({ confirmed: 355_000n, pending: 0n });
    expect(await balance(svc)).toEqual({ confirmed: 355_000n, pending: 0n });
  });

  it('finds coins arriving at an address of a chain it found empty, on the refresh right after', async () => {
    const deps = testDeps('bitcoin', 'devnet', { esplora: devnet.esploraUrl, explorer: devnet.url });
    const svc = new BitcoinService(deps);
    expect(await balance(svc)).toEqual({ confirmed: 0n, pending: 0n });
    await devnet.faucet(svc.keys.address('p2tr', 1, GAP_LIMIT - 1).address, 5_000n);
    expect(await balance(svc)).toEqual({ confirmed: 5_000n, pending: 0n });
    await devnet.faucet(svc.keys.address('p2tr', 0, 0).address, 7_000n, { confirm: false });
    expect(await balance(new BitcoinService(deps))).toEqual({ confirmed: 5_000n, pending: 7_000n });
  });

  it('a wallet imported over the storage another one refreshed in watches its own addresses', async () => {
    const first = testDeps('bitcoin', 'devnet', { esplora: devnet.esploraUrl, explorer: devnet.url });
    const a = new BitcoinService(first);
    await devnet.faucet(a.keys.address('p2wpkh', 0, 0).address, 3_000n);
    expect(await balance(a)).toEqual({ confirmed: 3_000n, pending: 0n });
    const second = { ...testDeps('bitcoin', 'devnet', { esplora: devnet.esploraUrl, explorer: devnet.url }), store: first.store };
    const b = new BitcoinService(second);
    await devnet.faucet(b.keys.address('p2tr', 1, GAP_LIMIT - 1).address, 6_000n);
    expect(await balance(b)).toEqual({ confirmed: 6_000n, pending: 0n });
    expect(await balance(new BitcoinService(first))).toEqual({ confirmed: 3_000n, pending: 0n });
  });

  it('a stored script that is not the wallet’s at a used index is dropped, and the refresh scans by derivation', async () => {
    const deps = testDeps('bitcoin', 'devnet', { esplora: devnet.esploraUrl, explorer: devnet.url });
    const svc = new BitcoinService(deps);
    expect(await balance(svc)).toEqual({ confirmed: 0n, pending: 0n });
    const key = 'bitcoin.devnet.scripts';
    const stored = (await deps.store.get([key]))[key] as { scripts: Record<string, string[]> };
    const stranger = new BitcoinService(testDeps('bitcoin', 'devnet', { esplora: devnet.esploraUrl, explorer: devnet.url }));
    stored.scripts['p2wpkh/0']![2] = stranger.keys.address('p2wpkh', 0, 2).script;
    await deps.store.set({ [key]: stored });
    await devnet.faucet(stranger.keys.address('p2wpkh', 0, 2).address, 9_000n);
    await devnet.faucet(svc.keys.address('p2wpkh', 0, 1).address, 11_000n);
    expect(await balance(new BitcoinService(deps))).toEqual({ confirmed: 11_000n, pending: 0n });
    const rewritten = (await deps.store.get([key]))[key] as { scripts: Record<string, string[]> };
    expect(rewritten.scripts['p2wpkh/0']![2]).toBe(svc.keys.address('p2wpkh', 0, 2).script);
  });
});
