/**
 * secp256k1-zkp 2.x's WebAssembly, rewritten to keep its secp256k1 context.
 *
 * Why: the library's C glue (lib/main.c, tag v2.1.1) wraps every exported function
 * in secp256k1_context_create(SECP256K1_CONTEXT_ALL) ... secp256k1_context_destroy,
 * and each create builds the verification table (1 MB; the signing table is static in
 * this build) and runs a SHA-256 self-test: 17-25 ms here, half of a range proof's
 * 32-57 ms. A context is read-only once built (main.c never randomizes it or sets
 * callbacks; its bytes were compared after every call), so one kept for the module's
 * life gives the same results. The two functions that create with other flags
 * (surjection-proof serialize and verify) build theirs as before.
 *
 * How: the context functions are found through `_ec_seckey_negate`, whose whole body
 * is create(ALL), negate, destroy. Their original bodies move to two new functions;
 * in their place, create(ALL) answers the context it built first (other flags build
 * one as before) and destroy leaves that one alone. The kept context's address is
 * exported as `context_cache` (0 until the first call). Any other shape of module
 * (another library version, or one already rewritten) is left as it is: null.
 *
 * What stays longer than before: the library's JS wrapper frees its argument buffers
 * without zeroing them, and each call's context build used to overwrite them; now a
 * value blinder or rewind nonce can stay in the module's memory until reused. Those
 * give privacy (an amount, an asset), not spending power, and stay in this worker.
 */
import { concatBytes } from '@noble/hashes/utils.js';

const SECTION = { type: 1, import: 2, function: 3, global: 6, export: 7, code: 10 } as const;
/** SECP256K1_CONTEXT_ALL = NONE | SIGN | VERIFY: the flags main.c creates with. */
const CONTEXT_ALL = 769;
const I32 = 0x7f;
export const CONTEXT_CACHE_EXPORT = 'context_cache';

/** A module this rewrite does not understand: it is then loaded unchanged. */
class UnexpectedModule extends Error {}

class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public at = 0,
  ) {}

  byte(): number {
    if (this.at >= this.bytes.length) throw new UnexpectedModule('wasm: unexpected end');
    return this.bytes[this.at++]!;
  }

  u32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
    }
    throw new UnexpectedModule('wasm: LEB128 too long');
  }

  /** A vector's length, which cannot exceed the bytes left (one each at least). */
  count(): number {
    const n = this.u32();
    if (n > this.bytes.length - this.at) throw new UnexpectedModule('wasm: vector longer than its section');
    return n;
  }

  skip(n: number): void {
    this.at += n;
    if (this.at > this.bytes.length) throw new UnexpectedModule('wasm: unexpected end');
  }

  slice(n: number): Uint8Array {
    const s = this.bytes.subarray(this.at, this.at + n);
    this.skip(n);
    return s;
  }

  name(): string {
    return new TextDecoder().decode(this.slice(this.u32()));
  }
}

/** Unsigned LEB128. */
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** Signed LEB128 of a non-negative number: the unsigned form, with a zero byte more when its top byte's sign bit (0x40) is set. */
function sleb(n: number): number[] {
  const out = leb(n);
  return out[out.length - 1]! & 0x40 ? [...out.slice(0, -1), out[out.length - 1]! | 0x80, 0x00] : out;
}

type Bytes = readonly number[] | Uint8Array;

/** The parts one after another, in a fresh buffer (a code section is too long to spread into an array literal). */
const concat = (parts: readonly Bytes[]): Uint8Array<ArrayBuffer> =>
  concatBytes(...parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)))) as Uint8Array<ArrayBuffer>;

/** A vector: its length, then its items. */
const vec = (items: readonly Bytes[]): Uint8Array<ArrayBuffer> => concat([leb(items.length), ...items]);
const nameBytes = (s: string): Uint8Array => concat([leb(s.length), new TextEncoder().encode(s)]);

interface Section {
  id: number;
  body: Uint8Array;
}

function sections(wasm: Uint8Array): Section[] | null {
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (wasm.length < 8 || header.some((b, i) => wasm[i] !== b)) return null;
  const r = new Reader(wasm, 8);
  const out: Section[] = [];
  while (r.at < wasm.length) {
    const id = r.byte();
    out.push({ id, body: r.slice(r.u32()) });
  }
  return out;
}

/** Function and global imports, the index spaces' first entries. */
function countImports(body: Uint8Array | undefined): { functions: number; globals: number } {
  const counts = { functions: 0, globals: 0 };
  if (!body) return counts;
  const r = new Reader(body);
  for (let n = r.count(); n > 0; n--) {
    r.name();
    r.name();
    const kind = r.byte();
    if (kind === 0) {
      r.u32();
      counts.functions++;
    } else if (kind === 1 || kind === 2) {
      if (kind === 1) r.byte(); // reference type
      const flags = r.byte();
      r.u32();
      if (flags & 1) r.u32();
    } else if (kind === 3) {
      r.skip(2); // value type, mutability
      counts.globals++;
    } else throw new UnexpectedModule('wasm: unknown import kind');
  }
  return counts;
}

/** Each type's parameters and results, as value-type bytes. */
function readTypes(body: Uint8Array): { params: number[]; results: number[] }[] {
  const r = new Reader(body);
  return Array.from({ length: r.count() }, () => {
    if (r.byte() !== 0x60) throw new UnexpectedModule('wasm: not a function type');
    const params = Array.from(r.slice(r.u32()));
    const results = Array.from(r.slice(r.u32()));
    return { params, results };
  });
}

/** The index an export of that name and kind (0 a function, 3 a global) names. */
function exported(body: Uint8Array, wanted: string, wantedKind: number): number | null {
  const r = new Reader(body);
  for (let n = r.count(); n > 0; n--) {
    const name = r.name();
    const kind = r.byte();
    const index = r.u32();
    if (name === wanted && kind === wantedKind) return index;
  }
  return null;
}

/**
 * The context functions called by `_ec_seckey_negate`'s body, which must be exactly
 * (one local group of two i32s) i32.const 769; call create; local.tee 1; local.get 0;
 * call negate; local.set 2; local.get 1; call destroy; local.get 2; end.
 */
function contextCalls(body: Uint8Array): { create: number; destroy: number } | null {
  const r = new Reader(body);
  const expect = (...bytes: number[]) => bytes.every((b) => r.byte() === b);
  if (!expect(0x01, 0x02, I32, 0x41, ...sleb(CONTEXT_ALL), 0x10)) return null;
  const create = r.u32();
  if (!expect(0x22, 0x01, 0x20, 0x00, 0x10)) return null;
  r.u32();
  if (!expect(0x21, 0x02, 0x20, 0x01, 0x10)) return null;
  const destroy = r.u32();
  if (!expect(0x20, 0x02, 0x0b) || r.at !== body.length) return null;
  return create === destroy ? null : { create, destroy };
}

/** The module with its ALL context kept (see above), or null when it does not have the expected shape. */
export function withCachedContext(wasm: Uint8Array): Uint8Array<ArrayBuffer> | null {
  try {
    return rewrite(wasm);
  } catch (err) {
    if (err instanceof UnexpectedModule) return null;
    throw err;
  }
}

function rewrite(wasm: Uint8Array): Uint8Array<ArrayBuffer> | null {
  const all = sections(wasm);
  if (!all) return null;
  const find = (id: number) => all.find((s) => s.id === id);
  const [types, funcs, globals, exports, code] = [SECTION.type, SECTION.function, SECTION.global, SECTION.export, SECTION.code].map(find);
  if (!types || !funcs || !globals || !exports || !code) return null;
  const imported = countImports(find(SECTION.import)?.body);

  const funcReader = new Reader(funcs.body);
  const typeOf = Array.from({ length: funcReader.count() }, () => funcReader.u32());
  const codeReader = new Reader(code.body);
  const bodies = Array.from({ length: codeReader.count() }, () => codeReader.slice(codeReader.u32()));
  if (bodies.length !== typeOf.length) return null;

  if (exported(exports.body, CONTEXT_CACHE_EXPORT, 3) !== null) return null; // rewritten already
  const negate = exported(exports.body, '_ec_seckey_negate', 0);
  if (negate === null || negate < imported.functions || negate - imported.functions >= bodies.length) return null;
  const calls = contextCalls(bodies[negate - imported.functions]!);
  if (!calls || calls.create < imported.functions || calls.destroy < imported.functions) return null;
  const create = calls.create - imported.functions;
  const destroy = calls.destroy - imported.functions;
  if (create >= bodies.length || destroy >= bodies.length) return null;
  const signature = readTypes(types.body);
  const sig = (f: number) => signature[typeOf[f]!];
  const is = (s: { params: number[]; results: number[] } | undefined, params: number[], results: number[]) =>
    !!s && s.params.join() === params.join() && s.results.join() === results.join();
  if (!is(sig(create), [I32], [I32]) || !is(sig(destroy), [I32], [])) return null;

  const globalReader = new Reader(globals.body);
  const definedGlobals = globalReader.u32();
  const cache = imported.globals + definedGlobals;
  // The original bodies, moved to two functions after the last.
  const originalCreate = imported.functions + bodies.length;
  const originalDestroy = originalCreate + 1;

  // create(flags): flags other than ALL as before; ALL: the context built on the first such call.
  const createWrapper = [
    0x00, // no locals
    0x20, 0x00, 0x41, ...sleb(CONTEXT_ALL), 0x47, 0x04, 0x40, 0x20, 0x00, 0x10, ...leb(originalCreate), 0x0f, 0x0b,
    0x23, ...leb(cache), 0x45, 0x04, 0x40, 0x20, 0x00, 0x10, ...leb(originalCreate), 0x24, ...leb(cache), 0x0b,
    0x23, ...leb(cache), 0x0b,
  ];
  // destroy(ctx): the kept context stays; any other is destroyed as before.
  const destroyWrapper = [
    0x00,
    0x20, 0x00, 0x23, ...leb(cache), 0x46, 0x04, 0x40, 0x0f, 0x0b,
    0x20, 0x00, 0x10, ...leb(originalDestroy), 0x0b,
  ];
  const newBodies: Bytes[] = bodies.map((b, i) => (i === create ? createWrapper : i === destroy ? destroyWrapper : b));
  newBodies.push(bodies[create]!, bodies[destroy]!);

  const rebuilt: Record<number, Uint8Array<ArrayBuffer>> = {
    [SECTION.function]: vec([...typeOf, typeOf[create]!, typeOf[destroy]!].map(leb)),
    [SECTION.global]: concat([leb(definedGlobals + 1), globals.body.subarray(globalReader.at), [I32, 0x01, 0x41, 0x00, 0x0b]]),
    [SECTION.export]: appendExport(exports.body, CONTEXT_CACHE_EXPORT, cache),
    [SECTION.code]: vec(newBodies.map((b) => concat([leb(b.length), b]))),
  };
  return concat([
    wasm.subarray(0, 8),
    ...all.flatMap((s) => {
      const body = rebuilt[s.id] ?? s.body;
      return [[s.id, ...leb(body.length)], body];
    }),
  ]);
}

/** The export section with a global export added (kind 3). */
function appendExport(body: Uint8Array, name: string, globalIndex: number): Uint8Array<ArrayBuffer> {
  const r = new Reader(body);
  const count = r.u32();
  return concat([leb(count + 1), body.subarray(r.at), nameBytes(name), [0x03, ...leb(globalIndex)]]);
}
