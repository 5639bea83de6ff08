/**
 * BTC -> RBTC through the PowPeg. The peg-in pays the federation address with an
 * RSKIP-170 OP_RETURN naming our Rootstock address and, as refund address, the
 * P2PKH of our Rootstock key. We chose the OP_RETURN over the legacy
 * "send from a key whose derived Rootstock address is ours": the legacy form
 * needs a P2PKH or P2SH-P2WPKH sender, while the wallet's coins are BIP84/BIP86,
 * and the OP_RETURN states the destination explicitly.
 *
 * The Bridge marks rejected peg-ins processed as well as credited ones, so the
 * outcome is read from its events (bridge.ts peginOutcome). A rejected peg-in is
 * either refunded — the federation spends the peg-in's own output to our refund
 * address, and the hop sweeps that coin into the wallet as a peg-out's release is
 * swept — or not (below the minimum), and the hop fails saying so.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { localText, type LocalText } from '../../shared/local-text';
import { formatAmount, formatAmountText, MAX_MONEY_SATS, UNITS, WEI_PER_SAT } from '../../shared/units';
import { parseBitcoinAddress } from '../../layers/bitcoin/address';
import { newHopRecord } from '../records';
import { isReason } from '../hop-networks';
import type { HopContext, Mechanism } from '../mechanism';
import { outOfLimits, quoteFrame, unavailable } from '../routes';
import type { AssetRef, HopRecord, RouteQuote } from '../types';
import { fundFromBitcoin, fundingOnChain } from '../bitcoin-funding';
import { peginOpReturn } from './bitcoin-side';
import { btcExplorer } from '../explorer-links';
import { clients, minutesFor, powpegOn, requirePowpeg } from './common';
import { setStep, step } from '../steps';
import { sweepIntoWallet } from './sweep';
import { federationUnpinned, verifiedFederationAddress } from './federation';

const FROM: AssetRef = { layer: 'bitcoin', asset: 'BTC' };
const TO: AssetRef = { layer: 'rootstock', asset: 'RBTC' };

/** rskj co/rsk/peg/pegin/RejectedPeginReason.java. */
const REJECTED: Record<number, LocalText> = {
  1: localText('hopText_pegin_why_1'),
  2: localText('hopText_pegin_why_2'),
  3: localText('hopText_pegin_why_3'),
  4: localText('hopText_pegin_why_4'),
  5: localText('hopText_pegin_why_5'),
};
/** rskj co/rsk/peg/utils/NonRefundablePeginReason.java. */
const NOT_REFUNDED: Record<number, LocalText> = {
  1: localText('hopText_pegin_unrefunded_1'),
  2: localText('hopText_pegin_unrefunded_2'),
  3: localText('hopText_pegin_unrefunded_3'),
  4: localText('hopText_pegin_unrefunded_4'),
};
const INVALID_AMOUNT = 5;

export const powpegPegin: Mechanism<'powpeg-pegin'> = {
  id: 'powpeg-pegin',
  pairs: () => [{ from: FROM, to: TO }],
  serviceMissing: (ctx) => {
    const powpeg = powpegOn(ctx);
    return isReason(powpeg) ? powpeg : federationUnpinned(ctx);
  },

  async quote(ctx, from, to, amount) {
    const powpeg = powpegOn(ctx);
    if (isReason(powpeg)) return unavailable('powpeg-pegin', from, to, powpeg);
    const unpinned = federationUnpinned(ctx);
    if (unpinned) return unavailable('powpeg-pegin', from, to, unpinned);
    const { bridge } = clients(ctx);
    const min = await bridge.minimumLockTxValue();
    const base = quoteFrame(ctx, 'powpeg-pegin', from, to, 'Rootstock PowPeg', { min, max: MAX_MONEY_SATS });
    if (amount < min) return outOfLimits(base, localText('routeReason_pegin_min', formatAmountText(min, UNITS.BTC.decimals, UNITS.BTC.symbol)));
    const btc = await ctx.side('bitcoin');
    const fed = await bridge.federationAddress();
    const q = await btc.quotePayment(fed, amount);
    return {
      ...base,
      available: true,
      send: amount.toString(),
      receive: (amount * WEI_PER_SAT).toString(),
      serviceFee: null,
      networkFees: [{ label: localText('fee_bitcoin_network'), amount: q.fee.toString(), decimals: 8, symbol: 'BTC', onTopOn: 'bitcoin' }],
      expectedMinutes: minutesFor(ctx, powpeg.pegInConfirmations) + 2,
    };
  },

  async create(ctx, quote, index, id) {
    const powpeg = requirePowpeg(ctx);
    const { bridge, btcKey } = clients(ctx);
    // Pinned (on the local devnet: unpinned) and checked against the federators' redeem script: one node's word alone never decides where BTC goes.
    const federationAddress = await verifiedFederationAddress(ctx, bridge, powpeg);
    // It must be an address of the Bitcoin network we pay on.
    parseBitcoinAddress(federationAddress, ctx.presets.bitcoin.params);
    const rsk = await ctx.side('rootstock');
    return newHopRecord(ctx, quote, { id, index, mechanism: 'powpeg-pegin' }, { federationAddress, rskAddress: rsk.address, refundAddress: btcKey.address, confirmations: powpeg.pegInConfirmations }, [
      step('fund', localText('hopStep_pegin_fund')),
      step('confirm', localText('hopStep_pegin_confirm', String(powpeg.pegInConfirmations))),
      step('credit', localText('hopStep_pegin_credit')),
    ]);
  },

  async advance(ctx, record) {
    const { bridge, esplora, btcKey } = clients(ctx);
    let r = record;
    const data = () => r.data;

    if (!data().fundingTxid) {
      // Every peg-in of this wallet carries the same OP_RETURN; the amount and the hops' own txids tell them apart.
      const opReturn = peginOpReturn(data().rskAddress, btcKey.hash160);
      r = await fundFromBitcoin(ctx, r, data().federationAddress, {
        extraOutputs: [{ script: opReturn, value: 0n }],
        isFunding: (tx) => tx.vout.some((o) => o.script === bytesToHex(opReturn)),
      });
      return { ...r, nextCheckAt: ctx.now() + 10_000 };
    }
    if (data().rejection) return followRefund(ctx, r);

    // Signed and saved but never seen by the network (e.g. a crash before broadcast): sent again.
    const tx = await fundingOnChain(esplora, r);
    if (!tx) return { ...r, nextCheckAt: ctx.now() + 10_000 };
    const { confirmations } = data();
    if (!tx.status.confirmed || tx.status.height === undefined) {
      return { ...setStep(r, 'confirm', { status: 'active', label: localText('hopStep_pegin_confirming', String(confirmations), '0') }, ctx.now()), nextCheckAt: ctx.now() + 15_000 };
    }
    const tip = await esplora.tipHeight();
    const confs = tip - tx.status.height + 1;
    if (confs < confirmations) {
      return {
        ...setStep(r, 'confirm', { status: 'active', label: localText('hopStep_pegin_confirming', String(confirmations), String(confs)) }, ctx.now()),
        state: 'confirming',
        nextCheckAt: ctx.now() + 15_000,
      };
    }
    r = setStep(r, 'confirm', { status: 'done', label: localText('hopStep_pegin_confirmed', String(confirmations)) }, ctx.now());
    const sent = BigInt(r.send);
    const outcome = await bridge.peginOutcome(data().fundingTxid!);
    if (outcome.kind === 'pending') {
      // Below the minimum, the Bridge will reject it without a refund, and may never mark it processed (RSKIP551).
      if (sent < outcome.minimum) return notRefunded(ctx, r, INVALID_AMOUNT, 3);
      return { ...setStep(r, 'credit', { status: 'active' }, ctx.now()), state: 'awaiting-credit', nextCheckAt: ctx.now() + 15_000 };
    }
    if (outcome.kind === 'rejected') {
      if (outcome.unrefundable !== undefined) return notRefunded(ctx, r, outcome.reason, outcome.unrefundable);
      const why = REJECTED[outcome.reason] ?? localText('hopText_powpeg_reason_other', String(outcome.reason));
      r = setStep({ ...r, state: 'refunding', data: { ...r.data, rejection: why } }, 'credit', { status: 'failed', label: localText('hopStep_pegin_rejected', why) }, ctx.now());
      r = {
        ...r,
        steps: [
          ...r.steps.filter((s) => s.key !== 'refund' && s.key !== 'sweep'),
          step('refund', localText('hopStep_pegin_refund'), 'active'),
          step('sweep', localText('hopStep_powpeg_sweep')),
        ],
      };
      return followRefund(ctx, r);
    }
    if (outcome.receiver !== data().rskAddress.toLowerCase()) {
      return {
        ...setStep(r, 'credit', { status: 'failed' }, ctx.now()),
        state: 'credited-elsewhere',
        outcome: 'failed',
        lastError: localText('hopText_pegin_credited_elsewhere', outcome.receiver, data().rskAddress),
      };
    }
    return { ...setStep(r, 'credit', { status: 'done' }, ctx.now()), state: 'credited', outcome: 'completed', expectedReceive: (outcome.sats * WEI_PER_SAT).toString() };
  },
};

function notRefunded(ctx: HopContext, record: HopRecord<'powpeg-pegin'>, reason: number, unrefundable: number): HopRecord<'powpeg-pegin'> {
  const why = REJECTED[reason] ?? localText('hopText_powpeg_reason_other', String(reason));
  const whyNot = NOT_REFUNDED[unrefundable] ?? localText('hopText_powpeg_reason_other', String(unrefundable));
  return {
    ...setStep(record, 'credit', { status: 'failed', label: localText('hopStep_pegin_rejected', why) }, ctx.now()),
    state: 'rejected',
    outcome: 'failed',
    lastError: localText('hopText_pegin_not_refunded', why, whyNot, formatAmount(BigInt(record.send), 8)),
  };
}

/**
 * The refund (rskj BridgeSupport.generateRejectionRelease) spends the peg-in's own
 * output to the federation and pays our refund address: found there, then swept.
 */
async function followRefund(ctx: HopContext, record: HopRecord<'powpeg-pegin'>): Promise<HopRecord<'powpeg-pegin'>> {
  const { esplora } = clients(ctx);
  let r = record;
  const data = () => r.data;
  const note = localText('hopText_pegin_refunding', data().rejection!);
  if (!data().releaseTxid) {
    const txs = await esplora.addressTxs(data().refundAddress);
    const refund = txs.find((tx) => tx.vin.some((i) => i.txid === data().fundingTxid) && tx.vout.some((o) => o.address === data().refundAddress));
    if (!refund) return { ...r, lastError: note, nextCheckAt: ctx.now() + 15_000 };
    r = setStep({ ...r, data: { ...r.data, releaseTxid: refund.txid } }, 'refund', { status: 'done', txid: refund.txid, explorerUrl: btcExplorer(ctx, refund.txid) }, ctx.now());
  }
  const swept = await sweepIntoWallet(ctx, r, data().releaseTxid!, data().refundAddress);
  if (!swept.done) return { ...swept.record, lastError: note };
  return {
    ...swept.record,
    state: 'refunded',
    outcome: 'refunded',
    lastError: localText('hopText_pegin_refunded', data().rejection!),
  };
}
