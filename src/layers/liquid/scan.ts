/**
 * Account discovery: walk the receive (0) and change (1) chains until `gap`
 * consecutive addresses past the last used one have no history (gap-scan.ts).
 * Returns every transaction touching the wallet, deduplicated.
 */
import type { HDKey } from '@scure/bip32';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { LiquidParams } from '../../shared/networks';
import { walkGap } from '../gap-scan';
import type { EsploraTx, LiquidEsplora } from './esplora';
import { liquidAddressAt, unconfidentialAddress, type LiquidWalletAddress } from './keys';

export const GAP_LIMIT = 20;

/** What the scan and the openings need of a wallet address (no key, no blinding key). */
export type ScannedAddress = Pick<LiquidWalletAddress, 'chain' | 'index' | 'script' | 'unconfidential'>;

/** What is read of a listed transaction: which it is and its status (the rest comes from its raw form). */
export type ScannedTx = Pick<EsploraTx, 'txid' | 'status'>;

export interface WalletScan {
  /** Every address looked at, by scriptPubKey hex. */
  addresses: Map<string, ScannedAddress>;
  txs: Map<string, ScannedTx>;
  /** First index after the last used one, per chain. */
  nextIndex: Record<0 | 1, number>;
}

export interface ScanKeys {
  account: HDKey;
  masterBlindingKey: Uint8Array;
  params: LiquidParams;
  /**
   * Scripts (hex, by chain and index) this account's addresses had in an earlier
   * worker: a cold worker then watches them without two derivations and a blinding
   * key per address. An index not listed, or not a P2WPKH script, is derived, and so
   * is one found used, which must then give the same script (else KnownScriptMismatch).
   */
  known?: Partial<Record<0 | 1, readonly string[]>>;
}

const P2WPKH_HEX = /^0014[0-9a-f]{40}$/;

/** A stored script turned out not to be this account's at its index: the scan is not to be trusted. */
export class KnownScriptMismatch extends Error {}

function storedAt(keys: ScanKeys, chain: 0 | 1, index: number): ScannedAddress | undefined {
  const hex = keys.known?.[chain]?.[index];
  if (typeof hex !== 'string' || !P2WPKH_HEX.test(hex)) return undefined;
  const script = hexToBytes(hex);
  return { chain, index, script, unconfidential: unconfidentialAddress(keys.params, script) };
}

/** The scripts a scan looked at, by chain and index (what `ScanKeys.known` takes back). */
export function scannedScripts(scan: WalletScan): Record<0 | 1, string[]> {
  const out: Record<0 | 1, string[]> = { 0: [], 1: [] };
  for (const [hex, a] of scan.addresses) out[a.chain][a.index] = hex;
  return out;
}

/**
 * `from`: where each chain's last walk ended (the stored next indexes), which opens
 * the window that far at once; it can only widen the walk, never narrow it.
 */
export async function scanWallet(
  esplora: LiquidEsplora,
  keys: ScanKeys,
  gap = GAP_LIMIT,
  from: Partial<Record<0 | 1, number>> = {},
  /** Told each transaction a history lists, as soon as it is listed. */
  onTx?: (txid: string) => void,
): Promise<WalletScan> {
  const addresses = new Map<string, ScannedAddress>();
  const txs = new Map<string, ScannedTx>();
  const walk = (chain: 0 | 1): Promise<number> =>
    walkGap(
      async (index) => {
        const stored = storedAt(keys, chain, index);
        const a = stored ?? liquidAddressAt(keys.account, keys.masterBlindingKey, keys.params, chain, index);
        addresses.set(bytesToHex(a.script), a);
        const history = await esplora.addressTxs(a.unconfidential);
        // An address with a history is derived after all, and must be the one stored.
        if (stored && history.length > 0) {
          const derived = liquidAddressAt(keys.account, keys.masterBlindingKey, keys.params, chain, index);
          if (bytesToHex(derived.script) !== bytesToHex(stored.script)) throw new KnownScriptMismatch(`stored script of ${chain}/${index} is not this account's`);
        }
        for (const tx of history) {
          if (!txs.has(tx.txid)) onTx?.(tx.txid);
          txs.set(tx.txid, tx);
        }
        return history.length > 0;
      },
      gap,
      from[chain],
    );
  const [external, internal] = await Promise.all([walk(0), walk(1)]);
  return { addresses, txs, nextIndex: { 0: external, 1: internal } };
}
