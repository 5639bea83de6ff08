/** What the Stacks account holds and sends: STX, and the preset's SIP-010 tokens (sBTC first). */
import { WalletError } from '../../shared/errors';
import type { StacksParams } from '../../shared/networks';
import { UNITS } from '../../shared/units';
import { localText } from '../../shared/local-text';

export type StacksAsset =
  | { kind: 'stx'; id: 'STX'; symbol: string; decimals: number }
  | {
      kind: 'sip010';
      /** Hiro's balance key, `ADDRESS.contract::asset`. */
      id: string;
      contract: `${string}.${string}`;
      contractAddress: string;
      contractName: string;
      asset: string;
      symbol: string;
      decimals: number;
    };

export const STX: StacksAsset = { kind: 'stx', id: 'STX', symbol: UNITS.STX.symbol, decimals: UNITS.STX.decimals };

export function stacksAssets(params: StacksParams): StacksAsset[] {
  const tokens = (params.tokens ?? []).map((t): StacksAsset => {
    const [contractAddress = '', contractName = ''] = t.contract.split('.');
    return { kind: 'sip010', id: `${t.contract}::${t.asset}`, contract: t.contract as `${string}.${string}`, contractAddress, contractName, asset: t.asset, symbol: t.symbol, decimals: t.decimals };
  });
  return [STX, ...tokens];
}

/** Finds an asset by id (`STX`, `ADDRESS.contract::asset`), contract id or symbol. */
export function findAsset(params: StacksParams, key: string): StacksAsset {
  const k = key.trim();
  const found = stacksAssets(params).find((a) => a.id === k || (a.kind === 'sip010' && a.contract === k) || a.symbol.toLowerCase() === k.toLowerCase());
  if (!found) throw new WalletError('unsupported', localText('err_stx_unknown_token', k.slice(0, 80)));
  return found;
}
