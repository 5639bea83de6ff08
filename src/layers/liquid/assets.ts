/**
 * A small registry preset: the assets we can name without asking a registry. Any
 * other asset still shows, by a short form of its id, in whole base units.
 */
import { UNITS } from '../../shared/units';
import type { ElementsChain } from './chain';
import { ELEMENTS_REGTEST, LIQUID_TESTNET } from './chain';

export interface AssetInfo {
  id: string;
  name: string;
  ticker: string;
  /** Decimal places of the asset's display unit (its registry `precision`). */
  precision: number;
}

/** The asset the local devnet's faucet mints on request (a fixed id; the stand-in has no issuance). */
export const DEVNET_TEST_ASSET = 'e1f6f1b3c9a4d5b2a0c8e7f6d5c4b3a29180f7e6d5c4b3a2918070605040302a';

const EXTRA: Record<string, AssetInfo[]> = {
  [LIQUID_TESTNET.blech32]: [
    { id: 'b612eb46313a2cd6ebabd8b7a8eed5696e29898b87a43bff41c94f51acef9d73', name: 'Testnet Tether USD', ticker: 'USDt', precision: 8 },
  ],
  [ELEMENTS_REGTEST.blech32]: [{ id: DEVNET_TEST_ASSET, name: 'Devnet test asset', ticker: 'TEST', precision: 8 }],
};

export function knownAssets(chain: ElementsChain): AssetInfo[] {
  const policy: AssetInfo = { id: chain.policyAsset, name: 'Liquid Bitcoin', ticker: UNITS.LBTC.symbol, precision: UNITS.LBTC.decimals };
  return [policy, ...(EXTRA[chain.blech32] ?? [])];
}

export function assetInfo(chain: ElementsChain, id: string): AssetInfo {
  return knownAssets(chain).find((a) => a.id === id) ?? { id, name: `Asset ${id}`, ticker: `${id.slice(0, 8)}…`, precision: 0 };
}
