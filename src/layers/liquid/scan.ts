/**
 * Account discovery: walk the receive (0) and change (1) chains in windows of
 * `gap` addresses, fetched in parallel, until `gap` consecutive addresses have
 * no history. Returns every transaction touching the wallet, deduplicated.
 */
import type { HDKey } from '@scure/bip32';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { LiquidParams } from '../../shared/networks';
import type { EsploraTx, LiquidEsplora } from './esplora';
import { liquidAddressAt, type LiquidWalletAddress } from './keys';

export const GAP_LIMIT = 20;

export interface WalletScan {
  /** Every derived address, by scriptPubKey hex. */
  addresses: Map<string, LiquidWalletAddress>;
  txs: Map<string, EsploraTx>;
  /** First index after the last used one, per chain. */
  nextIndex: Record<0 | 1, number>;
}

export interface ScanKeys {
  account: HDKey;
  masterBlindingKey: Uint8Array;
  params: LiquidParams;
}

export async function scanWallet(esplora: LiquidEsplora, keys: ScanKeys, gap = GAP_LIMIT): Promise<WalletScan> {
  const addresses = new Map<string, LiquidWalletAddress>();
  const txs = new Map<string, EsploraTx>();
  const walk = async (chain: 0 | 1): Promise<number> => {
    let lastUsed = -1;
    for (let start = 0; start - 1 - lastUsed < gap; start += gap) {
      const window = Array.from({ length: gap }, (_, i) => liquidAddressAt(keys.account, keys.masterBlindingKey, keys.params, chain, start + i));
      const histories = await Promise.all(window.map((a) => esplora.addressTxs(a.unconfidential)));
      window.forEach((a, i) => {
        addresses.set(bytesToHex(a.script), a);
        const history = histories[i]!;
        if (history.length > 0) lastUsed = Math.max(lastUsed, a.index);
        for (const tx of history) txs.set(tx.txid, tx);
      });
    }
    return lastUsed + 1;
  };
  const [external, internal] = await Promise.all([walk(0), walk(1)]);
  return { addresses, txs, nextIndex: { 0: external, 1: internal } };
}
