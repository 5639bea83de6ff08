import type { HopAsset } from '../../../shared/hop-views';
import { Amount } from '../../components/Amount';

/** A review table's row: a label and an integer-string amount in an asset's unit. */
export function AmountRow({ label, value, asset, testId }: { label: string; value: string; asset: Pick<HopAsset, 'decimals' | 'symbol'>; testId?: string }) {
  return (
    <tr>
      <th>{label}</th>
      <td><Amount value={value} decimals={asset.decimals} symbol={asset.symbol} testId={testId} /></td>
    </tr>
  );
}
