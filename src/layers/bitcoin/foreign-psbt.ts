/**
 * A PSBT someone else built (a web page's `signPsbt`): decoded for review, checked,
 * and signed only on the inputs asked for that pay one of the wallet's addresses.
 * Background only. A value a PSBT states for an input we sign is the value our
 * signature commits to (BIP143, BIP341), so a PSBT lying about it gets a signature
 * the network refuses; the caller still checks our inputs against the wallet's coins.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';
import { Psbt, Transaction, type Network } from 'bitcoinjs-lib';
import { outputAddress } from './address';
import type { BitcoinKeys, OwnedAddress } from './keys';
import { signerFor } from './signing';

/** A PSBT the wallet will not sign, with the English reason (nothing was signed). */
export class PsbtRefusal extends Error {
  override readonly name = 'PsbtRefusal';
}

const { SIGHASH_DEFAULT, SIGHASH_ALL, SIGHASH_NONE, SIGHASH_SINGLE, SIGHASH_ANYONECANPAY } = Transaction;

/** Sighash types signed with a warning: the site may add inputs, or change outputs other than the one paired with the input, after we sign. */
export const WARNED_SIGHASHES: readonly number[] = [SIGHASH_ALL | SIGHASH_ANYONECANPAY, SIGHASH_SINGLE, SIGHASH_SINGLE | SIGHASH_ANYONECANPAY];

export interface PsbtInputView {
  index: number;
  txid: string;
  vout: number;
  /** As the PSBT states it (witnessUtxo, or a nonWitnessUtxo whose txid was checked); undefined when it states none. */
  value?: bigint;
  script?: string;
  address?: string;
  /** The wallet's address this input spends from. */
  owner?: OwnedAddress;
  sighash?: number;
  /** Already carries a final witness or script. */
  finalized: boolean;
}

export interface PsbtOutputView {
  index: number;
  value: bigint;
  script: string;
  /** None for an OP_RETURN or a script without an address. */
  address?: string;
  ours: boolean;
}

export interface DecodedPsbt {
  psbt: Psbt;
  inputs: PsbtInputView[];
  outputs: PsbtOutputView[];
  /** Inputs less outputs, when every input states its value. */
  fee?: bigint;
}

function prevout(psbt: Psbt, index: number): { value: bigint; script: Uint8Array } | undefined {
  const input = psbt.data.inputs[index]!;
  const txIn = psbt.txInputs[index]!;
  if (input.nonWitnessUtxo) {
    const prev = Transaction.fromBuffer(input.nonWitnessUtxo);
    if (bytesToHex(prev.getHash()) !== bytesToHex(txIn.hash)) throw new PsbtRefusal(`Input ${index}'s previous transaction is not the one it spends.`);
    const out = prev.outs[txIn.index];
    if (!out) throw new PsbtRefusal(`Input ${index} spends output ${txIn.index}, which its previous transaction does not have.`);
    if (input.witnessUtxo && (input.witnessUtxo.value !== out.value || bytesToHex(input.witnessUtxo.script) !== bytesToHex(out.script))) {
      throw new PsbtRefusal(`Input ${index} states two different previous outputs.`);
    }
    return { value: out.value, script: out.script };
  }
  return input.witnessUtxo ? { value: input.witnessUtxo.value, script: input.witnessUtxo.script } : undefined;
}

/** Decodes a base64 PSBT; `ownerOf` names the wallet's address for a script (from a scan). */
export function decodePsbt(text: string, network: Network, ownerOf: (script: string) => OwnedAddress | undefined): DecodedPsbt {
  let psbt: Psbt;
  try {
    psbt = Psbt.fromBuffer(base64.decode(text), { network });
  } catch (err) {
    throw new PsbtRefusal(`This is not a valid base64 PSBT (${err instanceof Error ? err.message : String(err)}).`);
  }
  const inputs = psbt.txInputs.map((txIn, index): PsbtInputView => {
    const data = psbt.data.inputs[index]!;
    const prev = prevout(psbt, index);
    const script = prev && bytesToHex(prev.script);
    return {
      index,
      txid: bytesToHex(Uint8Array.from(txIn.hash).reverse()),
      vout: txIn.index,
      value: prev?.value,
      script,
      address: prev && outputAddress(prev.script, network),
      owner: script === undefined ? undefined : ownerOf(script),
      sighash: data.sighashType,
      finalized: Boolean(data.finalScriptWitness || data.finalScriptSig),
    };
  });
  const outputs = psbt.txOutputs.map((o, index): PsbtOutputView => {
    const script = bytesToHex(o.script);
    return { index, value: o.value, script, address: outputAddress(o.script, network), ours: ownerOf(script) !== undefined };
  });
  const known = inputs.every((i) => i.value !== undefined);
  const fee = known ? inputs.reduce((s, i) => s + i.value!, 0n) - outputs.reduce((s, o) => s + o.value, 0n) : undefined;
  if (fee !== undefined && fee < 0n) throw new PsbtRefusal('Its outputs pay more than its inputs hold.');
  return { psbt, inputs, outputs, fee };
}

/**
 * Which inputs to sign: `signInputs` (address → input indexes) when given, else every
 * input of ours. Each must spend from the address named, one of ours, not be final
 * yet, and use a sighash type we sign (NONE never: it lets anyone redirect the coins).
 */
export function inputsToSign(decoded: DecodedPsbt, signInputs: Map<string, number[]> | undefined): PsbtInputView[] {
  const chosen = new Map<number, PsbtInputView>();
  const pick = (index: number, address?: string) => {
    const input = decoded.inputs[index];
    if (!input) throw new PsbtRefusal(`The PSBT has no input ${index}.`);
    if (input.script === undefined) throw new PsbtRefusal(`Input ${index} does not state the output it spends (witnessUtxo or nonWitnessUtxo), so the wallet cannot tell it is its own.`);
    if (!input.owner) throw new PsbtRefusal(`Input ${index} does not spend a coin of this wallet, so it will not sign it.`);
    if (address !== undefined && input.owner.address !== address) throw new PsbtRefusal(`Input ${index} does not spend from ${address}.`);
    if (input.finalized) throw new PsbtRefusal(`Input ${index} is already final.`);
    const sighash = input.sighash ?? (input.owner.scheme === 'p2tr' ? SIGHASH_DEFAULT : SIGHASH_ALL);
    const allowed = sighash === SIGHASH_ALL || (sighash === SIGHASH_DEFAULT && input.owner.scheme === 'p2tr') || WARNED_SIGHASHES.includes(sighash);
    if (!allowed) throw new PsbtRefusal(`Input ${index} asks for sighash type 0x${sighash.toString(16)}, which this wallet does not sign (only ALL, DEFAULT, ALL|ANYONECANPAY, SINGLE and SINGLE|ANYONECANPAY).`);
    // SINGLE without a paired output signs the constant 1 (the SIGHASH_SINGLE bug): a signature valid for any transaction.
    if ((sighash & 0x1f) === SIGHASH_SINGLE && index >= decoded.outputs.length) throw new PsbtRefusal(`Input ${index} asks for SIGHASH_SINGLE but has no output of its own.`);
    if (sighash !== SIGHASH_DEFAULT && (sighash & 0x1f) === SIGHASH_NONE) throw new PsbtRefusal(`Input ${index} asks for SIGHASH_NONE.`);
    chosen.set(index, input);
  };
  if (signInputs) for (const [address, indexes] of signInputs) for (const i of indexes) pick(i, address);
  else decoded.inputs.filter((i) => i.owner).forEach((i) => pick(i.index));
  if (chosen.size === 0) throw new PsbtRefusal('No input of this wallet was asked to be signed.');
  return [...chosen.values()].sort((a, b) => a.index - b.index);
}

/** Signs `inputs` (from `inputsToSign`) in place. Taproot inputs sign on the key path only. */
export function signInputs(psbt: Psbt, keys: BitcoinKeys, inputs: PsbtInputView[]): void {
  for (const input of inputs) {
    const owner = input.owner!;
    const data = psbt.data.inputs[input.index]!;
    if (owner.scheme === 'p2tr') {
      const internal = owner.publicKey.slice(1, 33);
      if (data.tapMerkleRoot || data.tapLeafScript?.length) throw new PsbtRefusal(`Input ${input.index} carries script-path data; this wallet's Taproot addresses spend by key only.`);
      if (data.tapInternalKey && bytesToHex(data.tapInternalKey) !== bytesToHex(internal)) throw new PsbtRefusal(`Input ${input.index} names another internal key.`);
      if (!data.tapInternalKey) psbt.updateInput(input.index, { tapInternalKey: internal });
    }
    const sighash = input.sighash ?? (owner.scheme === 'p2tr' ? SIGHASH_DEFAULT : SIGHASH_ALL);
    try {
      psbt.signInput(input.index, signerFor(keys, owner), [sighash]);
    } catch (err) {
      throw new PsbtRefusal(`Input ${input.index} could not be signed: ${err instanceof Error ? err.message : String(err)}.`);
    }
  }
}

/** Finalizes every input and extracts the transaction, or refuses (an input still unsigned). */
export function finalizeAll(psbt: Psbt): { txid: string; hex: string } {
  psbt.data.inputs.forEach((input, i) => {
    if (input.finalScriptWitness || input.finalScriptSig) return;
    try {
      psbt.finalizeInput(i);
    } catch {
      throw new PsbtRefusal(`Input ${i} is not fully signed, so the transaction cannot be broadcast.`);
    }
  });
  const tx = psbt.extractTransaction(true);
  return { txid: tx.getId(), hex: tx.toHex() };
}
