/**
 * The second, independent verifier for Taproot spends, which bcoin 1.0.2 predates.
 * The wallet takes BIP341 sighashes from bitcoinjs-lib (its own key-path spends,
 * the sBTC reclaim) and from @scure/btc-signer (Boltz BTC swaps), and signs BIP340
 * with @noble/curves. Here the sighash is computed by both libraries and must
 * agree, so a fault in either one is caught whichever the wallet used; the BIP340
 * check and the key tweak run on elliptic (../secp256k1-checks.ts). Key-path spends are
 * verified fully; script-path spends (tapscript leaf version only) are checked for
 * a valid commitment of the leaf to the output key and a valid signature by the
 * key the leaf names (the leaf forms the wallet's swaps use), anything else refused.
 */
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { Transaction as ScureTransaction } from '@scure/btc-signer';
import { Transaction } from 'bitcoinjs-lib';
import { bip340Verify, taggedHash, tweakedKey } from '../secp256k1-checks';

export interface Prevout {
  script: Uint8Array;
  value: bigint;
}

export function isTaprootScript(script: Uint8Array): boolean {
  return script.length === 34 && script[0] === 0x51 && script[1] === 0x20;
}

const TAPSCRIPT = 0xc0;
/** BIP341: a control block holds at most 128 branch hashes. */
const MAX_DEPTH = 128;
/** BIP341's defined hash types: DEFAULT, ALL, NONE, SINGLE, each but DEFAULT also with ANYONECANPAY. */
const HASH_TYPES = new Set([0x00, 0x01, 0x02, 0x03, 0x81, 0x82, 0x83]);

function compactSize(n: number): Uint8Array {
  if (n < 0xfd) return new Uint8Array([n]);
  return new Uint8Array([0xfd, n & 0xff, n >> 8]);
}

function splitSig(sig: Uint8Array): { sig: Uint8Array; hashType: number } {
  if (sig.length === 64) return { sig, hashType: 0 };
  if (sig.length === 65 && sig[64] !== 0) return { sig: sig.slice(0, 64), hashType: sig[64]! };
  throw new Error('bad schnorr signature size');
}

/**
 * The BIP341 signature hash of input `index`, from bitcoinjs-lib and from
 * @scure/btc-signer; throws when they differ or the hash type is not BIP341's.
 */
export function taprootSighash(rawTx: Uint8Array, index: number, prevouts: Prevout[], hashType: number, leaf?: Uint8Array): Uint8Array {
  if (!HASH_TYPES.has(hashType)) throw new Error(`hash type ${hashType} is not defined by BIP341`);
  const tx = Transaction.fromBuffer(rawTx);
  if ((hashType & 3) === 3 && index >= tx.outs.length) throw new Error('SIGHASH_SINGLE without a matching output');
  const scripts = prevouts.map((p) => p.script);
  const values = prevouts.map((p) => p.value);
  const leafHash = leaf ? taggedHash('TapLeaf', new Uint8Array([TAPSCRIPT]), compactSize(leaf.length), leaf) : undefined;
  const a = tx.hashForWitnessV1(index, scripts, values, hashType, leafHash);
  const scure = ScureTransaction.fromRaw(rawTx, { allowUnknownOutputs: true, allowUnknownInputs: true, disableScriptCheck: true });
  const b = leaf ? scure.preimageWitnessV1(index, scripts, hashType, values, -1, leaf, TAPSCRIPT) : scure.preimageWitnessV1(index, scripts, hashType, values);
  if (bytesToHex(a) !== bytesToHex(b)) throw new Error('BIP341 sighash implementations disagree (bitcoinjs-lib and @scure/btc-signer)');
  return a;
}

/**
 * Verifies every Taproot input of `rawTx`. `prevouts` lists the spent outputs of
 * all inputs, in order. Returns a reason for the first failure, or null.
 */
export function verifyTaprootInputs(rawTx: Uint8Array, prevouts: Prevout[]): string | null {
  const tx = Transaction.fromBuffer(rawTx);
  if (prevouts.length !== tx.ins.length) return `${prevouts.length} prevouts for ${tx.ins.length} inputs`;
  for (let i = 0; i < tx.ins.length; i++) {
    const prev = prevouts[i]!;
    if (!isTaprootScript(prev.script)) continue;
    const outputKey = prev.script.slice(2);
    let stack = tx.ins[i]!.witness;
    // An annex (first byte 0x50 of the last element with 2+ elements) is not used by this wallet.
    if (stack.length >= 2 && stack[stack.length - 1]![0] === 0x50) return `input ${i}: annex not supported`;
    try {
      if (stack.length === 0) return `input ${i}: empty Taproot witness`;
      if (stack.length === 1) {
        const { sig, hashType } = splitSig(stack[0]!);
        if (!bip340Verify(sig, taprootSighash(rawTx, i, prevouts, hashType), outputKey)) return `input ${i}: invalid Taproot key-path signature`;
        continue;
      }
      // Script path: [...args, leafScript, controlBlock]
      const control = stack[stack.length - 1]!;
      const leaf = stack[stack.length - 2]!;
      stack = stack.slice(0, -2);
      if (control.length < 33 || (control.length - 33) % 32 !== 0 || (control.length - 33) / 32 > MAX_DEPTH) return `input ${i}: bad control block`;
      if ((control[0]! & 0xfe) !== TAPSCRIPT) return `input ${i}: leaf version ${control[0]! & 0xfe} is not tapscript`;
      const internal = control.slice(1, 33);
      let node = taggedHash('TapLeaf', new Uint8Array([TAPSCRIPT]), compactSize(leaf.length), leaf);
      for (let off = 33; off < control.length; off += 32) {
        const sibling = control.slice(off, off + 32);
        const [a, b] = bytesToHex(node) < bytesToHex(sibling) ? [node, sibling] : [sibling, node];
        node = taggedHash('TapBranch', a, b);
      }
      const q = tweakedKey(internal, node);
      if (bytesToHex(q.x) !== bytesToHex(outputKey) || q.parity !== (control[0]! & 1)) {
        return `input ${i}: control block does not commit to the output key`;
      }
      const reason = verifyLeaf(leaf, stack, (sigBytes, pubkey) => {
        const { sig, hashType } = splitSig(sigBytes);
        return bip340Verify(sig, taprootSighash(rawTx, i, prevouts, hashType, leaf), pubkey);
      }, tx.locktime, tx.ins[i]!.sequence);
      if (reason) return `input ${i}: ${reason}`;
    } catch (err) {
      return `input ${i}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  return null;
}

/**
 * The leaf forms this wallet spends (Boltz-style swap leaves):
 *   claim:  [OP_SIZE 32 OP_EQUALVERIFY] OP_HASH160 <20> OP_EQUALVERIFY <32> OP_CHECKSIG  stack: [sig, preimage]
 *   refund: <32> OP_CHECKSIGVERIFY <locktime> OP_CHECKLOCKTIMEVERIFY                     stack: [sig]
 *   single: <32> OP_CHECKSIG                                                              stack: [sig]
 * and sBTC's deposit and reclaim leaves (verifySbtcLeaf).
 */
export function verifyLeaf(
  leaf: Uint8Array,
  stack: Uint8Array[],
  checkSig: (sig: Uint8Array, pubkey: Uint8Array) => boolean,
  lockTime: number,
  sequence: number,
): string | null {
  const hex = bytesToHex(leaf);
  // Reverse-swap claim leaves check the preimage size first; submarine-swap ones do not.
  const claim = /^(82012088)?a914([0-9a-f]{40})8820([0-9a-f]{64})ac$/.exec(hex);
  if (claim) {
    if (stack.length !== 2) return 'claim leaf needs [signature, preimage]';
    const [sig, preimage] = stack as [Uint8Array, Uint8Array];
    if (claim[1] && preimage.length !== 32) return 'preimage must be 32 bytes';
    if (bytesToHex(ripemd160(sha256(preimage))) !== claim[2]) return 'preimage does not match the hash lock';
    return checkSig(sig, hexToBytes(claim[3]!)) ? null : 'invalid claim signature';
  }
  const refund = /^20([0-9a-f]{64})ad(0[1-5])([0-9a-f]+)b1$/.exec(hex);
  if (refund) {
    const len = parseInt(refund[2]!, 16);
    const numHex = refund[3]!;
    if (numHex.length !== len * 2) return 'unsupported refund leaf';
    const bytes = hexToBytes(numHex);
    let locktime = 0;
    for (let k = bytes.length - 1; k >= 0; k--) locktime = locktime * 256 + bytes[k]!;
    if (sequence === 0xffffffff) return 'refund input must enable lock time (sequence < 0xffffffff)';
    if (lockTime < locktime) return `lock time ${lockTime} is before the refund lock ${locktime}`;
    if (stack.length !== 1) return 'refund leaf needs [signature]';
    return checkSig(stack[0]!, hexToBytes(refund[1]!)) ? null : 'invalid refund signature';
  }
  const sbtc = verifySbtcLeaf(leaf, stack, checkSig, sequence);
  if (sbtc !== undefined) return sbtc;
  const single = /^20([0-9a-f]{64})ac$/.exec(hex);
  if (single) {
    if (stack.length !== 1) return 'leaf needs [signature]';
    return checkSig(stack[0]!, hexToBytes(single[1]!)) ? null : 'invalid signature';
  }
  return 'unsupported Taproot leaf script';
}


/**
 * sBTC deposit leaves (stacks-sbtc/sbtc deposits.rs, v1):
 *   deposit: <8-byte max fee || principal> OP_DROP <32> OP_CHECKSIG           stack: [sig]
 *   reclaim: <lock> OP_CHECKSEQUENCEVERIFY OP_DROP <32> OP_CHECKSIG           stack: [sig]
 * Returns undefined when the leaf is neither. For the reclaim, the input's
 * sequence must carry a block-based relative lock of at least <lock> (BIP112);
 * that the coin is that old is BIP68, which bcoin enforces itself.
 */
function verifySbtcLeaf(
  leaf: Uint8Array,
  stack: Uint8Array[],
  checkSig: (sig: Uint8Array, pubkey: Uint8Array) => boolean,
  sequence: number,
): string | null | undefined {
  const n = leaf.length;
  // Tail: OP_DROP OP_PUSHBYTES_32 <key> OP_CHECKSIG (35 bytes).
  if (n < 37 || leaf[n - 1] !== 0xac || leaf[n - 34] !== 0x20 || leaf[n - 35] !== 0x75) return undefined;
  const key = leaf.slice(n - 33, n - 1);
  const head = leaf.slice(0, n - 35);
  // The deposit's data push first: its last byte is the principal's and may be 0xb2 (OP_CHECKSEQUENCEVERIFY).
  const len = head[0] === 0x4c ? head[1] : head[0];
  const data = head[0] === 0x4c ? head.slice(2) : head.slice(1);
  const deposit = len !== undefined && len >= 30 && len <= 0x4b + (head[0] === 0x4c ? 255 : 0) && data.length === len;
  if (!deposit) {
    if (head.length < 2 || head[head.length - 1] !== 0xb2) return undefined;
    const push = head.slice(0, -1);
    let lock: number | null = null;
    if (push.length === 1 && push[0]! >= 0x51 && push[0]! <= 0x60) lock = push[0]! - 0x50;
    else if (push.length >= 2 && push[0] === push.length - 1 && push[0]! <= 3) {
      lock = 0;
      for (let k = push.length - 1; k >= 1; k--) lock = lock * 256 + push[k]!;
    }
    if (lock === null) return 'unsupported sBTC reclaim leaf';
    if (sequence & 0x80000000 || sequence & 0x00400000) return 'reclaim input must carry a block-based relative lock';
    if ((sequence & 0xffff) < lock) return `reclaim input's relative lock ${sequence & 0xffff} is below the leaf's ${lock}`;
  }
  if (stack.length !== 1) return 'sBTC leaf needs [signature]';
  return checkSig(stack[0]!, key) ? null : 'invalid sBTC leaf signature';
}
