import { formatAmountText } from '../../shared/units';

/** An integer-string amount shown in its unit, e.g. "0.001 BTC", "12 345 sats"; tests read `data-value`, never the text. */
export function Amount({ value, decimals, symbol, testId }: { value: string; decimals: number; symbol: string; testId?: string }) {
  return (
    <span class="amount" data-testid={testId} data-value={value}>
      {formatAmountText(BigInt(value), decimals, symbol)}
    </span>
  );
}
