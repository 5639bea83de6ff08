/**
 * The PowPeg federation address, checked before any BTC is sent to it.
 *
 * rskj derives the address from the active federation's redeem script (rskj
 * `peg/federation/ErpFederation.java`, `peg/bitcoin/P2shErpRedeemScriptBuilder.java`):
 *   OP_NOTIF <m> <members' BTC keys, sorted> <n> OP_CHECKMULTISIG
 *   OP_ELSE <delay> OP_CHECKSEQUENCEVERIFY OP_DROP <em> <emergency keys> <en> OP_CHECKMULTISIG
 *   OP_ENDIF
 * with m = n / 2 + 1, paid as P2SH, or P2SH-P2WSH for the newer federations (an
 * older network's standard federation is the first multisig alone).
 *
 * Every part of this comes from one Rootstock node, so a node that invents a
 * whole federation of its own keys (keeping the fixed emergency branch) passes
 * any check of its answers against each other. On a public network the address
 * must therefore be pinned (Settings), and the node's must equal the pin; only
 * the local devnet, whose federators are made fresh each run, goes without.
 * The node's answer must also hang together, pinned or not: the address is the
 * one its own redeem script gives, that script's default branch is exactly the
 * members the Bridge lists with a majority threshold, and its emergency branch
 * is the network's fixed emergency keys and delay (from the preset).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { address as baddress, crypto as bcrypto, opcodes, script as bscript, type Network } from 'bitcoinjs-lib';
import { WalletError } from '../../shared/errors';
import { isLocalDevnet, type PowpegParams, presetName } from '../../shared/networks';
import { bitcoinNetwork } from '../../layers/bitcoin/keys';
import type { HopContext } from '../mechanism';
import type { BridgeClient, FederationReport } from './bridge';
import { localText, type LocalText } from '../../shared/local-text';

interface Multisig {
  threshold: number;
  /** Compressed keys, hex, in script order. */
  keys: string[];
}

export interface FederationScript extends Multisig {
  emergency?: Multisig & { csv: number };
}

type Chunk = number | Uint8Array;

function refuse(what: LocalText): WalletError {
  return new WalletError('backend_error', localText('err_powpeg_federation_broken', what));
}

/** A script number: OP_0..OP_16, or a little-endian push (bitcoinj pushes counts above 16 and delays as data). */
function numberAt(chunks: Chunk[], i: number): number | null {
  const c = chunks[i];
  if (c === opcodes.OP_0) return 0;
  if (typeof c === 'number') return c >= opcodes.OP_1 && c <= opcodes.OP_16 ? c - opcodes.OP_1 + 1 : null;
  if (c === undefined || c.length === 0 || c.length > 4) return null;
  try {
    return bscript.number.decode(c as Parameters<typeof bscript.number.decode>[0], 4, false);
  } catch {
    return null;
  }
}

const isKey = (c: Chunk | undefined): c is Uint8Array => c instanceof Uint8Array && c.length === 33 && (c[0] === 2 || c[0] === 3);

/** <m> <keys> <n> OP_CHECKMULTISIG starting at `start`; the index after it. */
function multisigAt(chunks: Chunk[], start: number): (Multisig & { next: number }) | null {
  const threshold = numberAt(chunks, start);
  const keys: string[] = [];
  let i = start + 1;
  for (; isKey(chunks[i]); i++) keys.push(bytesToHex(chunks[i] as Uint8Array));
  if (threshold === null || numberAt(chunks, i) !== keys.length || chunks[i + 1] !== opcodes.OP_CHECKMULTISIG) return null;
  if (threshold < 1 || threshold > keys.length) return null;
  return { threshold, keys, next: i + 2 };
}

/** Reads a standard or ERP federation redeem script; throws on anything else. */
export function parseFederationScript(redeemScript: Uint8Array): FederationScript {
  const chunks = bscript.decompile(redeemScript as Parameters<typeof bscript.decompile>[0]) as Chunk[] | null;
  if (!chunks?.length) throw refuse(localText('hopText_fed_unreadable'));
  if (chunks[0] !== opcodes.OP_NOTIF) {
    const standard = multisigAt(chunks, 0);
    if (!standard || standard.next !== chunks.length) throw refuse(localText('hopText_fed_not_multisig'));
    return { threshold: standard.threshold, keys: standard.keys };
  }
  const main = multisigAt(chunks, 1);
  const at = main?.next ?? -1;
  const csv = numberAt(chunks, at + 1);
  const ok = main && chunks[at] === opcodes.OP_ELSE && csv !== null && chunks[at + 2] === opcodes.OP_CHECKSEQUENCEVERIFY && chunks[at + 3] === opcodes.OP_DROP;
  const emergency = ok ? multisigAt(chunks, at + 4) : null;
  if (!main || !emergency || chunks[emergency.next] !== opcodes.OP_ENDIF || emergency.next + 1 !== chunks.length) {
    throw refuse(localText('hopText_fed_no_emergency'));
  }
  return { threshold: main.threshold, keys: main.keys, emergency: { threshold: emergency.threshold, keys: emergency.keys, csv: csv! } };
}

/**
 * The addresses rskj may pay a federation at: P2SH of the script, and P2SH-P2WSH
 * (hashed by hand: a large federation's script is over P2SH's 520-byte push limit,
 * which only matters for spending it the legacy way).
 */
export function federationAddresses(redeemScript: Uint8Array, network: Network): string[] {
  const p2sh = (script: Uint8Array) => baddress.toBase58Check(bcrypto.hash160(script), network.scriptHash);
  const p2wshProgram = bscript.compile([opcodes.OP_0, sha256(redeemScript)]);
  return [p2sh(redeemScript), p2sh(p2wshProgram)];
}

const sameKeys = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();
const majority = (n: number) => Math.floor(n / 2) + 1;

/** Throws unless the report hangs together (see the module comment). */
export function checkFederation(report: FederationReport, erp: PowpegParams['erp'], network: Network): void {
  const { size, threshold } = report;
  if (report.keys.length !== size || threshold !== majority(size)) {
    throw refuse(localText('hopText_fed_not_majority', String(report.keys.length), String(size), String(threshold)));
  }
  const script = parseFederationScript(report.redeemScript);
  if (script.threshold !== threshold || !sameKeys(script.keys, report.keys.map(bytesToHex))) {
    throw refuse(localText('hopText_fed_other_members'));
  }
  if (erp) {
    const e = script.emergency;
    if (!e || !sameKeys(e.keys, erp.keys) || e.threshold !== majority(erp.keys.length) || e.csv !== erp.csvDelay) {
      throw refuse(localText('hopText_fed_wrong_emergency'));
    }
  } else if (script.emergency) {
    throw refuse(localText('hopText_fed_extra_emergency'));
  }
  if (!federationAddresses(report.redeemScript, network).includes(report.address)) {
    throw refuse(localText('hopText_fed_address_mismatch', report.address));
  }
}

/** Why a peg-in cannot go ahead: a public network with no federation address pinned. Null when it can. */
export function federationUnpinned(ctx: HopContext): LocalText | null {
  const rsk = ctx.presets.rootstock;
  if (rsk.pins?.powpegFederation || isLocalDevnet(rsk)) return null;
  return localText('err_powpeg_federation_unpinned', presetName(rsk), localText('pin_powpegFederation'), 'getFederationAddress');
}

/** The federation address to pay: the pinned one (the local devnet: the Bridge's), once the node's federation has passed the check. */
export async function verifiedFederationAddress(ctx: HopContext, bridge: BridgeClient, powpeg: PowpegParams): Promise<string> {
  const why = federationUnpinned(ctx);
  if (why) throw new WalletError('unsupported', why);
  const rsk = ctx.presets.rootstock;
  const pin = rsk.pins?.powpegFederation;
  const report = await bridge.federation();
  if (pin && report.address !== pin) {
    throw new WalletError('backend_error', localText('err_powpeg_address_not_pinned', report.address, presetName(rsk), pin));
  }
  checkFederation(report, powpeg.erp, bitcoinNetwork(ctx.presets.bitcoin.params));
  return report.address;
}
