import type { AssetBalance } from '../../../shared/layer-views';
import type { LiquidAssetView } from '../../../shared/layers/liquid';
import { formatAmountText } from '../../../shared/units';

export interface AssetOption {
  id: string;
  symbol: string;
  /** "L-BTC · 0.0125 L-BTC" for held assets, the ticker and name for the others. */
  label: string;
}

/** Assets held first (with their balance, in overview order: L-BTC leads), then those the registry preset names. */
export function pickerOptions(balances: readonly AssetBalance[], known: readonly LiquidAssetView[]): AssetOption[] {
  const options: AssetOption[] = balances.map((b) => ({
    id: b.asset,
    symbol: b.symbol,
    label: `${b.symbol} · ${formatAmountText(BigInt(b.confirmed) + BigInt(b.pending), b.decimals, b.symbol)}`,
  }));
  for (const a of known) {
    if (!options.some((o) => o.id === a.id)) options.push({ id: a.id, symbol: a.ticker, label: `${a.ticker} (${a.name})` });
  }
  return options;
}
