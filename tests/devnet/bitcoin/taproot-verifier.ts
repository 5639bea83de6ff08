/**
 * The second, independent verifier for Taproot spends, which bcoin 1.0.2 predates.
 * It shares no code with the wallet's signer (bitcoinjs-lib + @bitcoinerlab/secp256k1):
 * the BIP341 sighash comes from @scure/btc-signer and the BIP340 check from
 * @noble/curves. Key-path spends are verified fully; script-path spends are checked
 * for a valid commitment of the leaf to the output key and a valid signature by the
 * key the leaf names (the leaf forms the wallet's swaps use), anything else refused.
 */
import { schnorr } from '@noble/curves/secp256k1.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js';
import { Transaction } from '@scure/btc-signer';

export interface Prevout {
  script: Uint8Array;
  value: bigint;
}

export function isTaprootScript(script: Uint8Array): boolean {
  return script.length === 34 && script[0] === 0x51 && script[1] === 0x20;
}

function taggedHash(tag: string, ...msgs: Uint8Array[]): Uint8Array {
  const t = sha256(new TextEncoder().encode(tag));
  return sha256(concatBytes(t, t, ...msgs));
}

const SECP_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

function liftX(x: Uint8Array) {
  return schnorr.Point.fromHex(bytesToHex(concatBytes(new Uint8Array([0x02]), x)));
}

/** BIP341: output key Q = P + t·G with t = H_TapTweak(P || merkleRoot). */
function tweakedKey(internal: Uint8Array, merkleRoot: Uint8Array): { x: Uint8Array; parity: number } {
  const t = BigInt(`0x${bytesToHex(taggedHash('TapTweak', internal, merkleRoot))}`);
  if (t >= SECP_N) throw new Error('tweak out of range');
  const Q = liftX(internal).add(schnorr.Point.BASE.multiply(t));
  const bytes = Q.toBytes(true);
  return { x: bytes.slice(1), parity: bytes[0]! & 1 };
}

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
 * Verifies every Taproot input of `rawTx`. `prevouts` lists the spent outputs of
 * all inputs, in order. Returns a reason for the first failure, or null.
 */
export function verifyTaprootInputs(rawTx: Uint8Array, prevouts: Prevout[]): string | null {
  const tx = Transaction.fromRaw(rawTx, { allowUnknownOutputs: true, allowUnknownInputs: true, disableScriptCheck: true });
  const scripts = prevouts.map((p) => p.script);
  const amounts = prevouts.map((p) => p.value);
  for (let i = 0; i < tx.inputsLength; i++) {
    const prev = prevouts[i]!;
    if (!isTaprootScript(prev.script)) continue;
    const outputKey = prev.script.slice(2);
    const witness = tx.getInput(i).finalScriptWitness ?? [];
    let stack = witness;
    // An annex (first byte 0x50 of the last element with 2+ elements) is not used by this wallet.
    if (stack.length >= 2 && stack[stack.length - 1]![0] === 0x50) return `input ${i}: annex not supported`;
    try {
      if (stack.length === 1) {
        const { sig, hashType } = splitSig(stack[0]!);
        const msg = tx.preimageWitnessV1(i, scripts, hashType, amounts);
        if (!schnorr.verify(sig, msg, outputKey)) return `input ${i}: invalid Taproot key-path signature`;
        continue;
      }
      // Script path: [...args, leafScript, controlBlock]
      const control = stack[stack.length - 1]!;
      const leaf = stack[stack.length - 2]!;
      stack = stack.slice(0, -2);
      if ((control.length - 33) % 32 !== 0 || control.length < 33) return `input ${i}: bad control block`;
      const leafVersion = control[0]! & 0xfe;
      const internal = control.slice(1, 33);
      let node = taggedHash('TapLeaf', new Uint8Array([leafVersion]), compactSize(leaf.length), leaf);
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
        const msg = tx.preimageWitnessV1(i, scripts, hashType, amounts, -1, leaf, leafVersion);
        return schnorr.verify(sig, msg, pubkey);
      }, tx.lockTime, tx.getInput(i).sequence ?? 0xffffffff);
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
  if (head.length >= 2 && head[head.length - 1] === 0xb2) {
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
  } else {
    const len = head[0] === 0x4c ? head[1] : head[0];
    const data = head[0] === 0x4c ? head.slice(2) : head.slice(1);
    if (len === undefined || data.length !== len || len < 30) return undefined;
  }
  if (stack.length !== 1) return 'sBTC leaf needs [signature]';
  return checkSig(stack[0]!, key) ? null : 'invalid sBTC leaf signature';
}
