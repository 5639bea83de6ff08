/**
 * Liquid costs: in Node, the secp256k1-zkp WebAssembly (size, compile, full
 * load), unblinding 100 outputs (ours, and liquidjs-lib's unblindOutputWithKey
 * on the same outputs), and building a blinded, signed 2-in 3-out send; in the
 * built extension's service worker in Chromium, the WASM load time and a cold
 * worker's first Liquid refresh (liquid-worker.ts; needs `npm run build`).
 * Run alone: `npx tsx bench/liquid.ts` (`--node` for the Node part only, no build
 * or browser needed).
 */
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '@scure/bip39';
import secp256k1zkp from '@vulpemventures/secp256k1-zkp';
import { gzipSync } from 'node:zlib';
import * as confidential from 'liquidjs-lib/src/confidential';
import { blindOutputs, type OutputSpec } from '../src/layers/liquid/blind';
import { ELEMENTS_REGTEST } from '../src/layers/liquid/chain';
import { blindingPrivateKey, liquidAccountKey, liquidAddressAt, liquidPrivateKey, slip77MasterBlindingKey } from '../src/layers/liquid/keys';
import { assembleTransaction, signTransaction, type SpendableUtxo } from '../src/layers/liquid/transaction';
import { unblindOutput, ZERO32, type RawOutput } from '../src/layers/liquid/unblind';
import { loadZkp, zkpLoadStats } from '../src/layers/liquid/zkp';
import { withCachedContext } from '../src/layers/liquid/zkp-context-cache';
import { shippedZkpModule } from '../tests/helpers/zkp-module';
import { benchLiquidInWorker } from './liquid-worker';
import { peerRatios, printPeerTable } from './peers/table';

const PARAMS = { blech32: 'el', bech32: 'ert' } as const;
const POLICY = ELEMENTS_REGTEST.policyAsset;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
const round = (ms: number) => Math.round(ms * 10) / 10;

function asLiquidjsOutput(o: RawOutput) {
  const b = (x: Uint8Array | undefined) => Buffer.from(x ?? new Uint8Array(0));
  return { script: b(o.script), asset: b(o.asset), value: b(o.value), nonce: b(o.nonce), rangeProof: b(o.rangeProof) };
}

export async function benchLiquid(): Promise<Record<string, number>> {
  return { ...(await benchLiquidInNode()), ...(await benchLiquidInWorker()) };
}

export async function benchLiquidInNode(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  // The file the extension ships: the library's module as the build rewrites it (zkp-context-cache.ts).
  const wasm = withCachedContext(shippedZkpModule())!;
  out['liquid: secp256k1-zkp.wasm bytes'] = wasm.length;
  out['liquid: secp256k1-zkp.wasm gzipped bytes'] = gzipSync(wasm, { level: 9 }).length;

  const compile: number[] = [];
  const load: number[] = [];
  for (let i = 0; i < 5; i++) {
    let t = performance.now();
    await WebAssembly.compile(new Uint8Array(wasm));
    compile.push(performance.now() - t);
    t = performance.now();
    await secp256k1zkp(); // a fresh Emscripten instance each call
    load.push(performance.now() - t);
  }
  // The first call is the cold cost a fresh service worker pays; later ones hit V8's caches.
  out['liquid: WASM compile (Node), first ms'] = round(compile[0]!);
  out['liquid: WASM compile (Node), median ms'] = round(median(compile));
  out['liquid: WASM load + instantiate + wrap (Node, inline base64), first ms'] = round(load[0]!);
  out['liquid: WASM load + instantiate + wrap (Node, inline base64), median ms'] = round(median(load));

  const zkp = await loadZkp();
  // The wallet's own load: the library's loader with its module rewritten to keep one context (zkp-context-cache.ts).
  out['liquid: loadZkp, the module rewritten to keep its context (Node), ms'] = round(zkpLoadStats.loadMs!);
  out['liquid: loadZkp kept the module\'s context (1 = yes)'] = zkpLoadStats.cachedContext ? 1 : 0;
  const seed = mnemonicToSeedSync('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about');
  const mbk = slip77MasterBlindingKey(seed);
  const account = liquidAccountKey(HDKey.fromMasterSeed(seed));
  const addrs = [0, 1, 2, 3].map((i) => liquidAddressAt(account, mbk, PARAMS, 0, i));
  const funding = { asset: POLICY, value: 10_000_000n, assetBlinder: ZERO32, valueBlinder: ZERO32 };

  // A fresh wallet's first scan of both chains to the gap of 20: each address a child key and a blinding key.
  const derive: number[] = [];
  for (let i = 0; i < 7; i++) {
    const fresh = liquidAccountKey(HDKey.fromMasterSeed(new Uint8Array(32).fill(i + 1)));
    const t = performance.now();
    for (const chain of [0, 1] as const) for (let index = 0; index < 20; index++) liquidAddressAt(fresh, mbk, PARAMS, chain, index);
    derive.push(performance.now() - t);
  }
  out['liquid: derive a first scan\'s 40 confidential addresses (2 chains x 20), fresh keys, median ms'] = round(median(derive));

  // 100 confidential outputs to our addresses (10 transactions of 10 outputs).
  const received: { out: RawOutput; key: Uint8Array }[] = [];
  for (let t = 0; t < 10; t++) {
    const specs: OutputSpec[] = Array.from({ length: 10 }, (_, i) => {
      const a = addrs[i % addrs.length]!;
      return { script: a.script, asset: POLICY, value: 1_000n + BigInt(i), blindingKey: a.blindingPublicKey };
    });
    blindOutputs(zkp, [funding], specs).forEach((o, i) => received.push({ out: o, key: blindingPrivateKey(mbk, specs[i]!.script) }));
  }
  let t = performance.now();
  let openedCount = 0;
  let firstTenMs = 0;
  received.forEach((r, i) => {
    if (unblindOutput(r.out, r.key)) openedCount++;
    if (i === 9) firstTenMs = performance.now() - t;
  });
  const unblindMs = performance.now() - t;
  if (openedCount !== 100) throw new Error(`unblinded ${openedCount} of 100`);
  out['liquid: unblind 100 outputs, ms'] = Math.round(unblindMs);
  // The same run's first ten: code not yet optimized and the range-proof stream's first use (what a fresh worker meets).
  out['liquid: unblind 100 outputs, the first 10 of them, ms'] = round(firstTenMs);
  // The run above is one sample on a shared machine (it moved 275-464 ms on one commit in one afternoon): five more, their median.
  const again: number[] = [];
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    for (const r of received) unblindOutput(r.out, r.key);
    again.push(performance.now() - start);
  }
  out['liquid: unblind 100 outputs, five more runs, median ms'] = Math.round(median(again));

  // The peer: liquidjs-lib's unblindOutputWithKey (its own secp256k1-zkp instance) on the same outputs.
  await confidential.unblindOutputWithKey(asLiquidjsOutput(received[0]!.out), Buffer.from(received[0]!.key)); // its WASM load
  t = performance.now();
  for (const r of received) await confidential.unblindOutputWithKey(asLiquidjsOutput(r.out), Buffer.from(r.key));
  const theirsMs = performance.now() - t;
  out['liquid: unblind 100 outputs, liquidjs-lib unblindOutputWithKey, ms'] = Math.round(theirsMs);
  const peerRows = [{ measure: 'ms to unblind 100 outputs (theirs: confidential.unblindOutputWithKey)', ours: unblindMs, theirs: theirsMs }];
  printPeerTable('Liquid unblinding', 'liquidjs-lib', peerRows);
  Object.assign(out, peerRatios('peers: liquid unblinding', 'liquidjs-lib', peerRows));

  // A 2-in 3-out send: two confidential inputs of ours, three blinded outputs plus the fee.
  const funded = blindOutputs(zkp, [funding], [
    { script: addrs[0]!.script, asset: POLICY, value: 60_000n, blindingKey: addrs[0]!.blindingPublicKey },
    { script: addrs[1]!.script, asset: POLICY, value: 50_000n, blindingKey: addrs[1]!.blindingPublicKey },
  ]);
  const opened = funded.map((o, i) => unblindOutput(o, blindingPrivateKey(mbk, addrs[i]!.script))!);
  const inputs: SpendableUtxo[] = funded.map((o, i) => ({
    txid: `${i + 1}`.padStart(64, '0'),
    vout: i,
    prevout: o,
    unblinded: opened[i]!,
    chain: 0,
    index: i,
    confirmed: true,
  }));
  const fee = 45n;
  const specs: OutputSpec[] = [
    { script: addrs[2]!.script, asset: POLICY, value: 70_000n, blindingKey: addrs[2]!.blindingPublicKey },
    { script: addrs[3]!.script, asset: POLICY, value: 20_000n, blindingKey: addrs[3]!.blindingPublicKey },
    { script: addrs[0]!.script, asset: POLICY, value: 110_000n - 90_000n - fee, blindingKey: addrs[0]!.blindingPublicKey },
  ];
  const build: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    const tx = assembleTransaction(inputs, blindOutputs(zkp, opened, specs), fee, POLICY);
    signTransaction(tx, inputs, (chain, index) => liquidPrivateKey(account, chain, index));
    tx.toHex();
    build.push(performance.now() - t);
  }
  out['liquid: build + blind + sign 2-in 3-out, median ms'] = Math.round(median(build));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(process.argv.includes('--node') ? await benchLiquidInNode() : await benchLiquid());
}
