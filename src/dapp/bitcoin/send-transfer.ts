/**
 * `sendTransfer`: the recipients paid by one transaction through the Bitcoin layer's
 * own send path (its address checks, coin selection and fee estimate); the approval
 * shows what the layer quoted, and the send is refused (`fee_changed`, nothing sent)
 * if the plan signed would pay another fee.
 */
import { parseBitcoinAddress } from '../../layers/bitcoin/address';
import { formatSatPerVb } from '../../layers/bitcoin/fee-rate';
import { DUST_LIMIT } from '../../layers/bitcoin/script-types';
import type { SpendOutput } from '../../layers/bitcoin/signing';
import { DappError, type DappContext } from '../family';
import { transferContent } from './content';
import { parseTransfer } from './params';

const FEE = { kind: 'normal' } as const;

export async function sendTransfer(params: unknown, ctx: DappContext<'bitcoin'>): Promise<{ txid: string }> {
  const [first, ...more] = parseTransfer(params).recipients;
  // Recipients after the first are outputs the layer funds beside it; the first gets the layer's own checks.
  const extraOutputs: SpendOutput[] = more.map((r) => {
    const parsed = parseBitcoinAddress(r.address, ctx.preset.params);
    if (r.amount < DUST_LIMIT[parsed.kind]) throw new DappError('invalid_params', `${r.amount} sats to ${parsed.address} is below the dust limit of ${DUST_LIMIT[parsed.kind]} sats; nothing was sent.`);
    return { script: parsed.script, value: r.amount };
  });
  const svc = await ctx.service();
  const draft = { to: first!.address, amountSats: first!.amount, fee: FEE };
  const quote = await svc.quote(draft, extraOutputs);
  const recipients = [{ address: quote.to, amount: quote.amount }, ...more.map((r, i) => ({ address: r.address, amount: extraOutputs[i]!.value }))];
  await ctx.approve('sendTransfer', transferContent({ recipients, fee: quote.fee, total: quote.total, feeRate: formatSatPerVb(quote.feeRate), highFee: quote.highFee, cap: formatSatPerVb(quote.sanityCap) }));
  // Not bumpable: the site follows the txid it is given, which a replacement would change.
  const { txid } = await svc.send({ ...draft, reviewedFee: quote.fee, confirmHighFee: quote.highFee }, { extraOutputs });
  return { txid };
}
