/**
 * Bitcoin destination addresses, checked against the selected network. The
 * prefix alone cannot tell testnet3, testnet4 and signet apart (they share `tb1`,
 * `m`/`n`/`2`), so those are accepted on any of them; everything else that is
 * clearly another network gets an error naming it.
 */
import { address as btcAddress, networks, type Network } from 'bitcoinjs-lib';
import { WalletError } from '../../shared/errors';
import { localText, type LocalText } from '../../shared/local-text';
import type { BitcoinParams } from '../../shared/networks';
import { bitcoinNetwork } from './keys';
import { scriptKind, type ScriptKind } from './script-types';

export interface ParsedAddress {
  address: string;
  script: Uint8Array;
  kind: ScriptKind;
}

const OTHERS: { name: LocalText; network: Network }[] = [
  { name: localText('btcNet_mainnet'), network: networks.bitcoin },
  { name: localText('btcNet_testnet'), network: networks.testnet },
  { name: localText('btcNet_regtest'), network: networks.regtest },
];

function tryScript(addr: string, network: Network): Uint8Array | null {
  try {
    return btcAddress.toOutputScript(addr, network);
  } catch {
    return null;
  }
}

/** A structurally valid segwit address (BIP173/BIP350): witness version 0-16, a 2-40 byte program, 20 or 32 for v0. */
function segwitProgram(addr: string): { prefix: string; version: number; length: number } | null {
  let decoded: { prefix: string; version: number; data: Uint8Array };
  try {
    decoded = btcAddress.fromBech32(addr);
  } catch {
    return null;
  }
  const { prefix, version, data } = decoded;
  if (version > 16 || data.length < 2 || data.length > 40 || (version === 0 && data.length !== 20 && data.length !== 32)) return null;
  return { prefix, version, length: data.length };
}

export function parseBitcoinAddress(input: string, params: BitcoinParams): ParsedAddress {
  const addr = input.trim();
  if (!addr) throw new WalletError('bad_address', localText('err_btc_address_empty'));
  const network = bitcoinNetwork(params);
  // Bech32 is case-insensitive but must not mix cases; normalise all-upper (QR codes) to lower.
  const candidate = addr === addr.toUpperCase() && /^(BC|TB|BCRT)1/.test(addr) ? addr.toLowerCase() : addr;
  const segwit = segwitProgram(candidate);
  // Witness v2-16, and v1 programs that are not 32-byte Taproot keys, follow no rule yet on any
  // network (anyone can spend them, or a future soft fork no one can): refused, not merely warned about.
  if (segwit && segwit.prefix === network.bech32 && segwit.version > 0 && !(segwit.version === 1 && segwit.length === 32)) {
    if (segwit.version === 1) throw new WalletError('bad_address', localText('err_btc_witness_v1_not_taproot', String(segwit.length)));
    throw new WalletError('bad_address', localText('err_btc_witness_future', String(segwit.version)));
  }
  const script = tryScript(candidate, network);
  if (script) return { address: candidate, script, kind: scriptKind(script) };
  const here = localText(params.bech32 === 'bcrt' ? 'btcNet_here_regtest' : 'btcNet_here_testnet');
  for (const other of OTHERS) {
    if (other.network === network) continue;
    // Base58 testnet and regtest share version bytes, so only flag them when the bech32 prefix differs.
    if (segwit?.prefix === other.network.bech32 || tryScript(candidate, other.network)) {
      throw new WalletError('wrong_network', localText('err_btc_wrong_network', other.name, here));
    }
  }
  throw new WalletError('bad_address', localText('err_btc_address_invalid', addr.length > 64 ? `${addr.slice(0, 64)}…` : addr));
}

/** The address an output pays, for showing it; undefined for scripts without one (OP_RETURN). */
export function outputAddress(script: Uint8Array, network: Network): string | undefined {
  try {
    return btcAddress.fromOutputScript(script, network);
  } catch {
    return undefined;
  }
}
