/**
 * `sendTransfer`: one recipient, paid through the Bitcoin layer's own send path
 * (its address checks, coin selection and fee estimate); the approval shows what
 * the layer quoted, and the send is refused (`fee_changed`, nothing sent) if the
 * plan signed would pay another fee.
 */
import { formatSatPerVb } from '../../layers/bitcoin/fee-rate';
import type { DappContext } from '../family';
import { transferContent } from './content';
import { parseTransfer } from './params';

const FEE = { kind: 'normal' } as const;

export async function sendTransfer(params: unknown, ctx: DappContext<'bitcoin'>): Promise<{ txid: string }> {
  const [recipient] = parseTransfer(params).recipients;
  const svc = await ctx.service();
  const quote = await svc.quote({ to: recipient!.address, amountSats: recipient!.amount, fee: FEE });
  await ctx.approve(
    'sendTransfer',
    transferContent({ to: quote.to, amount: quote.amount, fee: quote.fee, total: quote.total, feeRate: formatSatPerVb(quote.feeRate), highFee: quote.highFee, cap: formatSatPerVb(quote.sanityCap) }),
  );
  // Not bumpable: the site follows the txid it is given, which a replacement would change.
  const { txid } = await svc.send({ to: recipient!.address, amountSats: recipient!.amount, fee: FEE, reviewedFee: quote.fee, confirmHighFee: quote.highFee });
  return { txid };
}
