/**
 * secp256k1-zkp with one kept context (zkp-context-cache.ts): the build rewrites the
 * library's module for the extension and the loader rewrites it in Node, and every
 * function gives the bytes the module as shipped gives for the same inputs, on the same
 * context for every call.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import secp256k1zkp, { type ZKP } from '@vulpemventures/secp256k1-zkp';
import { afterEach, describe, expect, it } from 'vitest';
import { blindOutputs, type OutputSpec } from '../../../../src/layers/liquid/blind';
import { ELEMENTS_REGTEST } from '../../../../src/layers/liquid/chain';
import { rewindNonce, ZERO32 } from '../../../../src/layers/liquid/unblind';
import { interceptZkpModule, loadZkp, zkpLoadStats } from '../../../../src/layers/liquid/zkp';
import { CONTEXT_CACHE_EXPORT, withCachedContext } from '../../../../src/layers/liquid/zkp-context-cache';
import { shippedZkpModule, ZKP3_GLUE } from '../../../helpers/zkp-module';

const LBTC = ELEMENTS_REGTEST.policyAsset;

/** Scalars from a counter: both modules get the same blinders, keys and nonces. */
function seeded(label: string): { scalar(): Uint8Array } {
  let n = 0;
  return { scalar: () => sha256(new TextEncoder().encode(`${label}/${n++}`)) };
}

/** One call to each function the wallet and the tests use, on inputs from `label`; the results as hex. */
function everyCall(zkp: ZKP, label: string): string[] {
  const r = seeded(label);
  const b = () => Buffer.from(r.scalar());
  const pub = () => secp256k1.getPublicKey(r.scalar(), true);
  const specs: OutputSpec[] = [
    { script: Uint8Array.of(0x00, 0x14, ...new Uint8Array(20).fill(1)), asset: LBTC, value: 70_000n, blindingKey: pub() },
    { script: Uint8Array.of(0x00, 0x14, ...new Uint8Array(20).fill(2)), asset: LBTC, value: 0n, blindingKey: pub() },
  ];
  const inputs = [{ asset: LBTC, value: 70_000n, assetBlinder: ZERO32, valueBlinder: ZERO32 }];
  const outputs = blindOutputs(zkp, inputs, specs, r);
  const out: string[] = outputs.flatMap((o) => [o.asset, o.value, o.nonce, o.rangeProof, o.surjectionProof].map((x) => bytesToHex(x)));

  const tag = b();
  const gen = zkp.generator.generateBlinded(tag, b());
  const vbf = b();
  const commit = zkp.pedersen.commit(vbf, '12345', gen);
  const nonce = Buffer.from(rewindNonce(specs[0]!.blindingKey!, r.scalar()));
  const proof = zkp.rangeproof.sign(commit, vbf, nonce, '12345', gen, '1', 0, 52, Buffer.alloc(64, 7), Buffer.from('extra'));
  const proof2 = zkp.rangeproof.sign(commit, vbf, b(), '12345', gen, '0', 2, 20);
  const rewound = zkp.rangeproof.rewind(commit, proof, nonce, gen, Buffer.from('extra'));
  const surj = zkp.surjectionproof.initialize([tag, b()], 2, tag, 100, b());
  const surjProof = zkp.surjectionproof.generate(surj.proof, [zkp.generator.generate(tag), zkp.generator.generate(b())], gen, surj.inputIndex, b(), b());
  out.push(
    ...[proof, proof2, zkp.pedersen.commitSerialize(commit), zkp.generator.serialize(gen), zkp.generator.parse(zkp.generator.serialize(gen))].map((x) => bytesToHex(x)),
    JSON.stringify(zkp.rangeproof.info(proof)),
    JSON.stringify(zkp.rangeproof.info(proof2)),
    String(zkp.rangeproof.verify(commit, proof, gen, Buffer.from('extra'))),
    String(zkp.rangeproof.verify(commit, proof, gen, Buffer.from('other'))),
    JSON.stringify({ ...rewound, blindFactor: bytesToHex(rewound.blindFactor), message: bytesToHex(rewound.message) }),
    bytesToHex(zkp.surjectionproof.serialize(surjProof)),
    String(zkp.surjectionproof.verify(surjProof, [zkp.generator.generate(tag), zkp.generator.generate(b())], gen)),
    // A parsed commitment fills 33 bytes of its 64 (the rest is whatever the heap held).
    bytesToHex(zkp.pedersen.commitParse(zkp.pedersen.commitSerialize(commit)).subarray(0, 33)),
    // A parsed surjection proof's buffers are sized for 256 inputs and filled for its own: compared through serialize.
    ...[zkp.surjectionproof.parse(zkp.surjectionproof.serialize(surjProof))].map((p) => `${p.nInputs} ${bytesToHex(zkp.surjectionproof.serialize(p))}`),
    bytesToHex(zkp.pedersen.blindSum([b(), b(), b()], 1)),
    String(zkp.pedersen.verifySum([zkp.pedersen.commitSerialize(commit)], [zkp.pedersen.commitSerialize(commit)])),
    bytesToHex(zkp.pedersen.blindGeneratorBlindSum(['5', '7'], 1, [b(), b()], [b(), b()])),
    ...[zkp.ec.prvkeyNegate(b()), zkp.ec.prvkeyTweakAdd(b(), b()), zkp.ec.prvkeyTweakMul(b(), b()), zkp.ecdh(Buffer.from(pub()), b())].map((x) => bytesToHex(x)),
  );
  return out;
}

describe('secp256k1-zkp with one kept context', () => {
  const { instantiate, instantiateStreaming } = WebAssembly;
  // An interception a failed assertion left in place must not reach the next test.
  afterEach(() => {
    WebAssembly.instantiate = instantiate;
    WebAssembly.instantiateStreaming = instantiateStreaming;
  });

  it('rewrites the library as shipped into a valid module that exports the kept context', () => {
    const shipped = shippedZkpModule();
    const rewritten = withCachedContext(shipped);
    expect(rewritten).not.toBeNull();
    expect(WebAssembly.validate(rewritten!)).toBe(true);
    const exported = WebAssembly.Module.exports(new WebAssembly.Module(rewritten!)).map((e) => `${e.name}:${e.kind}`);
    expect(exported).toContain(`${CONTEXT_CACHE_EXPORT}:global`);
    // Every export of the library is still there.
    for (const e of WebAssembly.Module.exports(new WebAssembly.Module(shipped))) expect(exported).toContain(`${e.name}:${e.kind}`);
  });

  it('leaves a module of another shape alone: 3.x, a changed create call, cut bytes, no module', () => {
    expect(withCachedContext(shippedZkpModule(ZKP3_GLUE))).toBeNull();
    const shipped = shippedZkpModule();
    // Each body that opens as _ec_seckey_negate's does (two i32 locals, i32.const 769, a call) creating with 768 instead.
    const changed = Uint8Array.from(shipped);
    let found = 0;
    for (let at = findBytes(changed, OPENING, 0); at >= 0; at = findBytes(changed, OPENING, at + 1), found++) changed[at + 4] = 0x80;
    expect(found).toBeGreaterThan(0);
    expect(withCachedContext(changed)).toBeNull();
    expect(withCachedContext(shipped.subarray(0, shipped.length - 1000))).toBeNull();
    expect(withCachedContext(new Uint8Array(0))).toBeNull();
    expect(withCachedContext(Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0))).toBeNull();
  });

  it('gives the bytes the shipped module gives, for every function, call after call on one context', async () => {
    const shipped = await secp256k1zkp();
    const kept = await loadZkp();
    expect(zkpLoadStats.cachedContext).not.toBeNull();
    const contexts = new Set<number>();
    for (const label of ['a', 'b', 'c']) {
      expect(everyCall(kept, label)).toEqual(everyCall(shipped, label));
      contexts.add(zkpLoadStats.cachedContext!());
    }
    expect(contexts.size).toBe(1);
    expect([...contexts][0]).toBeGreaterThan(0);
  });

  it('intercepts WebAssembly.instantiate until the library\'s module comes, passing others through, and puts it back', async () => {
    const shipped = shippedZkpModule();
    // The smallest module: no sections.
    const empty = Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0);
    const hook = interceptZkpModule();
    expect(WebAssembly.instantiate).not.toBe(instantiate);
    const other = await WebAssembly.instantiate(empty);
    expect(WebAssembly.Module.exports(other.module)).toEqual([]);
    expect(WebAssembly.instantiate).not.toBe(instantiate); // still waiting for the library's module
    expect(hook.kept()).toBeNull();
    // The module as shipped (Node's path): rewritten on its way, and the interception ends with its instance.
    const made = await WebAssembly.instantiate(shipped, zkpImports());
    expect(made.instance.exports[CONTEXT_CACHE_EXPORT]).toBeInstanceOf(WebAssembly.Global);
    expect(hook.kept()).toBe(made.instance.exports[CONTEXT_CACHE_EXPORT]);
    expect(hook.via()).toBe('bytes');
    expect(WebAssembly.instantiate).toBe(instantiate);
    expect(WebAssembly.instantiateStreaming).toBe(instantiateStreaming);
    hook.restore();
    expect(WebAssembly.instantiate).toBe(instantiate);

    // Streaming (the extension's path) passes the file through as it is: the build wrote it rewritten.
    const streamed = interceptZkpModule();
    const asStream = (bytes: Uint8Array<ArrayBuffer>) => new Response(bytes, { headers: { 'content-type': 'application/wasm' } });
    const plain = await WebAssembly.instantiateStreaming(asStream(shipped), zkpImports());
    expect(plain.instance.exports[CONTEXT_CACHE_EXPORT]).toBeUndefined();
    expect(streamed.kept()).toBeNull();
    expect(WebAssembly.instantiateStreaming).not.toBe(instantiateStreaming);
    const built = await WebAssembly.instantiateStreaming(asStream(withCachedContext(shipped)!), zkpImports());
    expect(streamed.kept()).toBe(built.instance.exports[CONTEXT_CACHE_EXPORT]);
    expect(streamed.via()).toBe('streaming');
    expect(WebAssembly.instantiateStreaming).toBe(instantiateStreaming);

    // A replacement someone installed over ours stays when ours ends.
    const under = interceptZkpModule();
    const over = (() => Promise.reject(new Error('theirs'))) as unknown as typeof WebAssembly.instantiate;
    WebAssembly.instantiate = over;
    under.restore();
    expect(WebAssembly.instantiate).toBe(over);
    expect(WebAssembly.instantiateStreaming).toBe(instantiateStreaming);
    WebAssembly.instantiate = instantiate;

    // A second interception replaces the first's, and a stale restore does not undo the newer one.
    const first = interceptZkpModule();
    const second = interceptZkpModule();
    first.restore();
    expect(WebAssembly.instantiate).not.toBe(instantiate);
    second.restore();
    expect(WebAssembly.instantiate).toBe(instantiate);
    expect(WebAssembly.instantiateStreaming).toBe(instantiateStreaming);
  });

  it('rewrites a module once: its own output is left alone', () => {
    const once = withCachedContext(shippedZkpModule())!;
    expect(withCachedContext(once)).toBeNull();
  });
});

/** Imports enough to instantiate the module (nothing is called). */
function zkpImports(): WebAssembly.Imports {
  const env: Record<string, unknown> = {
    memory: new WebAssembly.Memory({ initial: 256 }),
    table: new WebAssembly.Table({ initial: 12, maximum: 12, element: 'anyfunc' }),
    tableBase: 0,
    DYNAMICTOP_PTR: 0,
    STACKTOP: 0,
  };
  for (const i of WebAssembly.Module.imports(new WebAssembly.Module(shippedZkpModule()))) {
    if (i.kind === 'function') env[i.name] = () => 0;
  }
  return { env: env as WebAssembly.ModuleImports };
}

const OPENING = [0x01, 0x02, 0x7f, 0x41, 0x81, 0x06, 0x10];

function findBytes(hay: Uint8Array, needle: number[], from: number): number {
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
