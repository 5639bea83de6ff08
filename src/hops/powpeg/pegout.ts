/**
 * RBTC -> BTC through the PowPeg. RBTC sent to the Bridge is a peg-out request;
 * the Bridge may refuse it in the same transaction (below the minimum, or a
 * Bitcoin fee that would eat it), sending the RBTC back. After its confirmations
 * the federation pays BTC to the P2PKH address of the sender's public key — here,
 * our Rootstock key's P2PKH. The hop then sweeps that coin into the wallet's own
 * BIP84 account (sweep.ts).
 */
import { WalletError } from '../../shared/errors';
import { localText, type LocalText } from '../../shared/local-text';
import { formatAmountText, MAX_MONEY_SATS, UNITS, WEI_PER_SAT } from '../../shared/units';
import { feeForWeight, fromEsploraRate } from '../../layers/bitcoin/fee-rate';
import { newHopRecord } from '../records';
import { isReason } from '../hop-networks';
import type { HopContext, Mechanism } from '../mechanism';
import { fundOnce } from '../own-funding';
import { outOfLimits, quoteFrame, unavailable } from '../routes';
import type { AssetRef, HopRecord, RouteQuote } from '../types';
import { BRIDGE_ADDRESS, type PegoutRequest } from './bridge';
import type { PegoutData } from './shapes';
import { btcExplorer, rskExplorer } from '../explorer-links';
import { clients, minutesFor, powpegOn, requirePowpeg } from './common';
import { setStep, step } from '../steps';
import { SWEEP_WEIGHT, sweepIntoWallet } from './sweep';

const FROM: AssetRef = { layer: 'rootstock', asset: 'RBTC' };
const TO: AssetRef = { layer: 'bitcoin', asset: 'BTC' };
/** Why the Bridge refuses a peg-out: rskj co/rsk/peg/utils/RejectedPegoutReason.java. */
const PEGOUT_REJECTIONS: Record<number, LocalText> = {
  1: localText('hopText_pegout_why_1'),
  2: localText('hopText_pegout_why_2'),
  3: localText('hopText_pegout_why_3'),
};

/** What the federation keeps for the Bitcoin fee of the release, as an estimate for the quote. */
const RELEASE_FEE_ESTIMATE_SATS = 2_000n;

export const powpegPegout: Mechanism<'powpeg-pegout'> = {
  id: 'powpeg-pegout',
  pairs: () => [{ from: FROM, to: TO }],
  serviceMissing: (ctx) => {
    const powpeg = powpegOn(ctx);
    return isReason(powpeg) ? powpeg : null;
  },

  async quote(ctx, from, to, amount) {
    const powpeg = powpegOn(ctx);
    if (isReason(powpeg)) return unavailable('powpeg-pegout', from, to, powpeg);
    // Whole sats only: the Bridge releases sats, so sub-sat wei would be lost.
    const sats = amount / WEI_PER_SAT;
    const wei = sats * WEI_PER_SAT;
    const min = BigInt(powpeg.minPegOutSats) * WEI_PER_SAT;
    const base = quoteFrame(ctx, 'powpeg-pegout', from, to, 'Rootstock PowPeg', { min, max: MAX_MONEY_SATS * WEI_PER_SAT });
    if (wei < min) return outOfLimits(base, localText('routeReason_pegout_min', formatAmountText(min, UNITS.RBTC.decimals, UNITS.RBTC.symbol)));
    const gas = await (await ctx.side('rootstock')).quotePayment(BRIDGE_ADDRESS, wei);
    const { esplora } = clients(ctx);
    const est = await esplora.feeEstimates();
    const sweepFee = feeForWeight(SWEEP_WEIGHT, fromEsploraRate(est['6'] ?? 1));
    return {
      ...base,
      available: true,
      send: wei.toString(),
      receive: (sats - RELEASE_FEE_ESTIMATE_SATS - sweepFee).toString(),
      serviceFee: null,
      networkFees: [
        { label: localText('fee_rootstock_gas'), amount: gas.fee.toString(), decimals: 18, symbol: 'RBTC', onTopOn: 'rootstock' },
        { label: localText('fee_release_estimate'), amount: RELEASE_FEE_ESTIMATE_SATS.toString(), decimals: 8, symbol: 'BTC' },
        { label: localText('fee_sweep_into_wallet'), amount: sweepFee.toString(), decimals: 8, symbol: 'BTC' },
      ],
      expectedMinutes: powpeg.pegOutConfirmations + minutesFor(ctx, 2),
    };
  },

  async create(ctx, quote, index, id) {
    const powpeg = requirePowpeg(ctx);
    const { btcKey, rpc } = clients(ctx);
    const fromBlock = await rpc.blockNumber();
    return newHopRecord(ctx, quote, { id, index, mechanism: 'powpeg-pegout' }, { btcAddress: btcKey.address, fromBlock, confirmations: powpeg.pegOutConfirmations } satisfies PegoutData, [
      step('request', localText('hopStep_pegout_request')),
      step('release', localText('hopStep_pegout_release', String(powpeg.pegOutConfirmations))),
      step('sweep', localText('hopStep_powpeg_sweep')),
    ]);
  },

  async advance(ctx, record) {
    const { rpc, esplora, bridge } = clients(ctx);
    let r = record;
    const data = () => r.data;

    if (!data().pegoutHash) {
      const rsk = await ctx.side('rootstock');
      const requested = (x: HopRecord<'powpeg-pegout'>) => {
        const hash = x.data.pegoutHash!;
        return { ...setStep({ ...x, state: 'requested' }, 'request', { status: 'done', txid: hash, explorerUrl: rskExplorer(ctx, hash) }, ctx.now()), nextCheckAt: ctx.now() + 5_000 };
      };
      return fundOnce(ctx, r, {
        idOf: (x) => x.data.pegoutHash,
        find: async (taken) => {
          const request = await pegoutAlreadySent(ctx, r, rsk.address, taken);
          return request ? requested({ ...r, data: { ...r.data, pegoutHash: request.hash } }) : null;
        },
        fund: async () => {
          r = setStep(r, 'request', { status: 'active' }, ctx.now());
          await rsk.pay(
            BRIDGE_ADDRESS,
            BigInt(r.send),
            {
              beforeBroadcast: async ({ hash }) => {
                r = { ...r, state: 'requesting', data: { ...r.data, pegoutHash: hash } };
                await ctx.save?.(r);
              },
            },
          );
          return requested(r);
        },
      });
    }

    if (!data().requestAccepted && !data().releaseTxid) {
      const receipt = await rpc.getTransactionReceipt(data().pegoutHash!);
      if (!receipt) return { ...r, nextCheckAt: ctx.now() + 10_000 };
      if (!receipt.success) {
        return { ...setStep(r, 'request', { status: 'failed' }, ctx.now()), outcome: 'failed', lastError: localText('hopText_pegout_reverted') };
      }
      // A refused request is mined like any other: only the Bridge's log tells (rskj BridgeSupport.requestRelease).
      const sender = (await ctx.side('rootstock')).address;
      const rejected = await bridge.pegoutRejection(sender, data().pegoutHash!, receipt.blockNumber);
      if (rejected !== null) {
        const why = PEGOUT_REJECTIONS[rejected] ?? localText('hopText_powpeg_reason_other', String(rejected));
        return {
          ...setStep(r, 'release', { status: 'failed', label: localText('hopStep_pegout_rejected', why) }, ctx.now()),
          state: 'rejected',
          outcome: 'refunded',
          lastError: localText('hopText_pegout_rejected', why),
        };
      }
      r = { ...r, data: { ...r.data, requestAccepted: true } };
    }

    if (!data().releaseTxid) {
      // The release pays our Rootstock key's P2PKH address: an unspent output there
      // of this peg-out's size less the federation's fee (other hops' coins differ).
      const sats = BigInt(r.send) / WEI_PER_SAT;
      const txs = await esplora.addressTxs(data().btcAddress);
      const spent = new Set(txs.flatMap((tx) => tx.vin.map((i) => `${i.txid}:${i.vout}`)));
      const utxo = txs
        .flatMap((tx) => tx.vout.map((o, vout) => ({ tx, o, vout })))
        .find(({ tx, o, vout }) => o.address === data().btcAddress && !spent.has(`${tx.txid}:${vout}`) && o.value <= sats && o.value >= (sats * 9n) / 10n);
      if (!utxo) return { ...setStep(r, 'release', { status: 'active' }, ctx.now()), state: 'awaiting-release', nextCheckAt: ctx.now() + 15_000 };
      r = { ...r, state: 'released', data: { ...r.data, releaseTxid: utxo.tx.txid } };
      r = setStep(r, 'release', { status: 'done', txid: utxo.tx.txid, explorerUrl: btcExplorer(ctx, utxo.tx.txid) }, ctx.now());
    }

    if (!data().sweepTxid) r = { ...r, state: 'sweeping' };
    const swept = await sweepIntoWallet(ctx, r, data().releaseTxid!, data().btcAddress);
    return swept.done ? { ...swept.record, state: 'swept', outcome: 'completed' } : swept.record;
  },
};

/**
 * A peg-out request of this hop already on chain: one the Bridge logged from our
 * account for exactly this amount since the hop was created, that no other hop
 * owns. While a transaction of the account is still unmined it may be that
 * request, so the hop waits for it rather than sending another.
 */
async function pegoutAlreadySent(ctx: HopContext, record: HopRecord<'powpeg-pegout'>, account: string, taken: ReadonlySet<string>): Promise<PegoutRequest | null> {
  const { rpc, bridge } = clients(ctx);
  const [mined, pending] = await Promise.all([rpc.getTransactionCount(account, 'latest'), rpc.getTransactionCount(account, 'pending')]);
  if (pending > mined) {
    throw new WalletError('waiting', localText('err_pegout_waiting'));
  }
  const wei = BigInt(record.send);
  const sats = wei / WEI_PER_SAT;
  const fromBlock = record.data.fromBlock ?? 0;
  // Logged in weis since RSKIP427, in satoshis before.
  return (await bridge.pegoutRequests(account, fromBlock)).find((q) => (q.amount === wei || q.amount === sats) && !taken.has(q.hash)) ?? null;
}
