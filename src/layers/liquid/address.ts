/**
 * Destination addresses for a Liquid send: blech32 confidential (`tlq1`/`el1`),
 * bech32/bech32m unconfidential segwit (`tex1`/`ert1`), and base58 P2PKH/P2SH in
 * both plain and confidential form. Anything from another network (Bitcoin, Liquid
 * mainnet, another Elements chain) is refused with a message that says which.
 */
import { bech32, bech32m, createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';
import type { LiquidParams } from '../../shared/networks';
import { blech32Decode } from './blech32';
import { chainOf, ELEMENTS_CHAINS, type ElementsChain } from './chain';

const base58check = createBase58check(sha256);

export interface LiquidDestination {
  /** The address as entered, trimmed. */
  address: string;
  script: Uint8Array;
  /** Receiver's blinding public key: present for confidential addresses only. */
  blindingKey?: Uint8Array;
}

const BITCOIN_HRPS = new Set(['bc', 'tb', 'bcrt']);
const BITCOIN_BASE58_VERSIONS = new Set([0, 5, 111, 196]);

export function parseLiquidAddress(input: string, params: LiquidParams): LiquidDestination {
  const address = input.trim();
  const ours = chainOf(params);
  if (address === '') throw new WalletError('bad_address', localText('err_liquid_address_empty'));

  const confidential = blech32Decode(address);
  if (confidential) return fromBlech32(address, confidential.hrp, confidential.version, confidential.program, ours);

  const segwit = decodeSegwit(address);
  if (segwit) {
    if (BITCOIN_HRPS.has(segwit.hrp)) throw bitcoinAddress(ours);
    checkChain(ELEMENTS_CHAINS.find((c) => c.bech32 === segwit.hrp), ours);
    return { address, script: witnessScript(segwit.version, segwit.program) };
  }

  const raw = decodeBase58(address);
  if (raw) return fromBase58(address, raw, ours);

  throw new WalletError('bad_address', localText('err_liquid_address_invalid', shorten(address)));
}

function fromBlech32(address: string, hrp: string, version: number, program: Uint8Array, ours: ElementsChain): LiquidDestination {
  checkChain(
    ELEMENTS_CHAINS.find((c) => c.blech32 === hrp),
    ours,
  );
  const blindingKey = program.slice(0, 33);
  if (!isPublicKey(blindingKey)) throw new WalletError('bad_address', localText('err_liquid_bad_blinding_key'));
  return { address, script: witnessScript(version, program.slice(33)), blindingKey };
}

function fromBase58(address: string, raw: Uint8Array, ours: ElementsChain): LiquidDestination {
  const version = raw[0]!;
  if (raw.length === 21) {
    if (BITCOIN_BASE58_VERSIONS.has(version)) throw bitcoinAddress(ours);
    const chain = ELEMENTS_CHAINS.find((c) => c.pubKeyHash === version || c.scriptHash === version);
    checkChain(chain, ours);
    return { address, script: legacyScript(version === ours.pubKeyHash, raw.slice(1)) };
  }
  if (raw.length === 55) {
    const chain = ELEMENTS_CHAINS.find((c) => c.confidentialPrefix === version);
    checkChain(chain, ours);
    const inner = raw[1]!;
    if (inner !== ours.pubKeyHash && inner !== ours.scriptHash) throw invalid(address);
    const blindingKey = raw.slice(2, 35);
    if (!isPublicKey(blindingKey)) throw new WalletError('bad_address', localText('err_liquid_bad_blinding_key'));
    return { address, script: legacyScript(inner === ours.pubKeyHash, raw.slice(35)), blindingKey };
  }
  throw invalid(address);
}

function checkChain(chain: ElementsChain | undefined, ours: ElementsChain): void {
  if (!chain) throw new WalletError('bad_address', localText('err_liquid_not_address'));
  if (chain === ours) return;
  if (chain.mainnet) {
    throw new WalletError(
      'wrong_network',
      localText('err_liquid_mainnet', ours.name, ours.blech32, ours.bech32),
    );
  }
  throw new WalletError('wrong_network', localText('err_liquid_wrong_network', chain.name, ours.name));
}

function bitcoinAddress(ours: ElementsChain): WalletError {
  return new WalletError('wrong_network', localText('err_liquid_bitcoin_address', ours.name, ours.blech32, ours.bech32));
}

function invalid(address: string): WalletError {
  return new WalletError('bad_address', localText('err_liquid_address_invalid', shorten(address)));
}

function shorten(s: string): string {
  return s.length > 24 ? `${s.slice(0, 12)}…${s.slice(-8)}` : s;
}

function isPublicKey(bytes: Uint8Array): boolean {
  try {
    secp256k1.Point.fromBytes(bytes);
    return bytes.length === 33;
  } catch {
    return false;
  }
}

function decodeSegwit(address: string): { hrp: string; version: number; program: Uint8Array } | null {
  for (const coder of [bech32, bech32m]) {
    const d = coder.decodeUnsafe(address, 90);
    if (!d || d.words.length === 0) continue;
    const version = d.words[0]!;
    // BIP350: version 0 uses bech32, later versions bech32m.
    if ((version === 0) !== (coder === bech32)) continue;
    let program: Uint8Array;
    try {
      program = coder.fromWords(d.words.slice(1));
    } catch {
      continue;
    }
    return { hrp: d.prefix, version, program };
  }
  return null;
}

function decodeBase58(address: string): Uint8Array | null {
  try {
    return base58check.decode(address);
  } catch {
    return null;
  }
}

function witnessScript(version: number, program: Uint8Array): Uint8Array {
  const valid = version === 0 ? program.length === 20 || program.length === 32 : version <= 16 && program.length >= 2 && program.length <= 40;
  if (!valid) throw new WalletError('bad_address', localText('err_witness_length'));
  return new Uint8Array([version === 0 ? 0 : 0x50 + version, program.length, ...program]);
}

function legacyScript(p2pkh: boolean, hash: Uint8Array): Uint8Array {
  return p2pkh
    ? new Uint8Array([0x76, 0xa9, 0x14, ...hash, 0x88, 0xac])
    : new Uint8Array([0xa9, 0x14, ...hash, 0x87]);
}

/** The unconfidential address of a script, for showing a counterparty (null for non-standard scripts). */
export function scriptToAddress(script: Uint8Array, params: LiquidParams): string | null {
  const chain = chainOf(params);
  if (script.length >= 4 && (script[0] === 0 || (script[0]! >= 0x51 && script[0]! <= 0x60)) && script[1] === script.length - 2) {
    const version = script[0] === 0 ? 0 : script[0]! - 0x50;
    const coder = version === 0 ? bech32 : bech32m;
    return coder.encode(chain.bech32, [version, ...coder.toWords(script.slice(2))]);
  }
  if (script.length === 25 && script[0] === 0x76 && script[1] === 0xa9 && script[2] === 0x14 && script[23] === 0x88 && script[24] === 0xac) {
    return base58check.encode(new Uint8Array([chain.pubKeyHash, ...script.slice(3, 23)]));
  }
  if (script.length === 23 && script[0] === 0xa9 && script[1] === 0x14 && script[22] === 0x87) {
    return base58check.encode(new Uint8Array([chain.scriptHash, ...script.slice(2, 22)]));
  }
  return null;
}
