/**
 * Account discovery: walk the receive (0) and change (1) chains until `gap`
 * consecutive addresses past the last used one have no history (gap-scan.ts).
 * Returns every transaction touching the wallet, deduplicated.
 */
import type { HDKey } from '@scure/bip32';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { LiquidParams } from '../../shared/networks';
import { walkGap } from '../gap-scan';
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

/**
 * `from`: where each chain's last walk ended (the stored next indexes), which opens
 * the window that far at once; it can only widen the walk, never narrow it.
 */
export async function scanWallet(esplora: LiquidEsplora, keys: ScanKeys, gap = GAP_LIMIT, from: Partial<Record<0 | 1, number>> = {}): Promise<WalletScan> {
  const addresses = new Map<string, LiquidWalletAddress>();
  const txs = new Map<string, EsploraTx>();
  const walk = (chain: 0 | 1): Promise<number> =>
    walkGap(
      async (index) => {
        const a = liquidAddressAt(keys.account, keys.masterBlindingKey, keys.params, chain, index);
        addresses.set(bytesToHex(a.script), a);
        const history = await esplora.addressTxs(a.unconfidential);
        for (const tx of history) txs.set(tx.txid, tx);
        return history.length > 0;
      },
      gap,
      from[chain],
    );
  const [external, internal] = await Promise.all([walk(0), walk(1)]);
  return { addresses, txs, nextIndex: { 0: external, 1: internal } };
}
