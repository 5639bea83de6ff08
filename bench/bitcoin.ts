/** Bitcoin layer numbers: coin selection at scale, requests and time of a full refresh on the devnet. */
import { HDKey } from '@scure/bip32';
import { selectCoins } from '../src/layers/bitcoin/coin-selection';
import { BitcoinKeys, SCHEMES } from '../src/layers/bitcoin/keys';
import { INPUT_WEIGHT, outputWeight, TX_OVERHEAD_WEIGHT } from '../src/layers/bitcoin/script-types';
import { BitcoinService } from '../src/layers/bitcoin/service';
import { PRESETS } from '../src/shared/networks';
import { startBitcoinDevnet } from '../tests/devnet/bitcoin';
import { testDeps } from '../tests/helpers/layer-deps';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function benchBitcoin(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};

  // Coin selection over 10,000 coins of varied sizes.
  const candidates = Array.from({ length: 10_000 }, (_, i) => ({
    value: BigInt(600 + ((i * 7919) % 2_000_000)),
    inputWeight: i % 2 ? INPUT_WEIGHT.p2wpkh : INPUT_WEIGHT.p2tr,
    ref: i,
  }));
  const runs: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t = performance.now();
    selectCoins({
      candidates,
      target: 12_345_678n + BigInt(i * 1000),
      feeRate: 5000n,
      longTermFeeRate: 1000n,
      baseWeight: TX_OVERHEAD_WEIGHT + outputWeight(22),
      changeOutputWeight: outputWeight(22),
      changeSpendWeight: INPUT_WEIGHT.p2wpkh,
      changeDust: 294n,
    });
    runs.push(performance.now() - t);
  }
  out['coin selection, 10,000 UTXOs, median ms'] = Math.round(median(runs) * 10) / 10;

  // What a fresh wallet's first scan derives before any answer can say which are used: 2 schemes x 2 chains x the gap of 20.
  const derive: number[] = [];
  for (let i = 0; i < 7; i++) {
    const keys = new BitcoinKeys(HDKey.fromMasterSeed(new Uint8Array(32).fill(i + 1)), PRESETS.bitcoin.find((p) => p.id === 'devnet')!.params);
    const t = performance.now();
    // As discover() does: each chain's first window derived together, then looked up one by one.
    for (const scheme of SCHEMES)
      for (const chain of [0, 1] as const) {
        keys.prefetch(scheme, chain, Array.from({ length: 20 }, (_, index) => index));
        for (let index = 0; index < 20; index++) keys.address(scheme, chain, index);
      }
    derive.push(performance.now() - t);
  }
  out['bitcoin: derive a first scan\'s 80 addresses (2 schemes x 2 chains x 20), fresh keys, median ms'] = Math.round(median(derive) * 10) / 10;

  // A wallet with 50 used addresses (30 receive, 20 change) on the devnet.
  const devnet = await startBitcoinDevnet();
  try {
    const deps = testDeps('bitcoin', 'devnet', { esplora: devnet.esploraUrl, explorer: devnet.url });
    const svc = new BitcoinService(deps);
    for (let i = 0; i < 30; i++) await devnet.faucet(svc.keys.address('p2wpkh', 0, i).address, 10_000n + BigInt(i), { confirm: false });
    for (let i = 0; i < 20; i++) await devnet.faucet(svc.keys.address('p2wpkh', 1, i).address, 20_000n + BigInt(i), { confirm: false });
    await devnet.mine();
    const times: number[] = [];
    let requests = 0;
    for (let i = 0; i < 3; i++) {
      deps.requests.length = 0;
      const t = performance.now();
      await svc.overview();
      times.push(performance.now() - t);
      requests = deps.requests.length;
    }
    out['full refresh, 50 used addresses: HTTP requests'] = requests;
    out['full refresh, 50 used addresses on the devnet, median ms'] = Math.round(median(times));
  } finally {
    await devnet.stop();
  }
  return out;
}
