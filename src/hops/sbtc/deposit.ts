/**
 * BTC -> sBTC: pay the sBTC deposit output (scripts.ts) from the wallet's coins,
 * announce it to Emily, and follow it until the signers sweep it and mint sBTC
 * to our Stacks address. If they have not swept it when the reclaim lock time
 * passes, the wallet takes the coins back through the reclaim leaf, signed with
 * this hop's key (derived from the seed at the hop's index, so a restored wallet
 * can reclaim too).
 *
 * Only Emily's `confirmed` ends a deposit (stacks-network/sbtc emily/handler:
 * `accepted` is a planned sweep that can still fail; the fulfillment comes with
 * `confirmed`), and only once Bitcoin agrees: the fulfillment's sweep is what
 * spent our deposit output. Until then, whatever the status (pending, accepted,
 * reprocessing, failed), the reclaim stays open; if the signers' sweep spends the
 * output first, the wallet waits for the mint instead of reclaiming.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import { localText, type LocalText } from '../../shared/local-text';
import { formatAmountText, MAX_MONEY_SATS, UNITS } from '../../shared/units';
import { bitcoinNetwork } from '../../layers/bitcoin/keys';
import { DUST_LIMIT } from '../../layers/bitcoin/script-types';
import { stacksAddress } from '../../layers/stacks/keys';
import { isReason } from '../hop-networks';
import type { HopContext, Mechanism } from '../mechanism';
import { newHopRecord } from '../records';
import { outOfLimits, quoteFrame, unavailable } from '../routes';
import type { AssetRef, HopRecord, RouteQuote } from '../types';
import { fundFromBitcoin, fundingOnChain } from '../bitcoin-funding';
import { btcExplorer } from '../explorer-links';
import { setStep, step } from '../steps';
import { buildReclaim } from './reclaim';
import { reclaimState } from './reclaim-state';
import { depositOutput, taprootStandIn, xOnly } from './scripts';
import { sbtcClients, sbtcOn, requireSbtc } from './common';
import { emilySats, type EmilyStatus } from './emily';
import { signersKeyUnpinned, verifiedSignersKey } from './signers-key';
import type { DepositData } from './shapes';

const FROM: AssetRef = { layer: 'bitcoin', asset: 'BTC' };
const TO: AssetRef = { layer: 'stacks', asset: 'sBTC' };

/** The hop's state while Emily reports each status and nothing is minted. */
const STATES: Record<EmilyStatus, string> = {
  pending: 'awaiting-signers',
  accepted: 'accepted',
  reprocessing: 'reprocessing',
  confirmed: 'awaiting-signers',
  failed: 'rejected',
};
/** What each status means for the user's coins. */
const STATUS_NOTES: Partial<Record<EmilyStatus, LocalText>> = {
  accepted: localText('hopNote_sbtc_accepted'),
  reprocessing: localText('hopNote_sbtc_reprocessing'),
  failed: localText('hopNote_sbtc_failed'),
};
/** The highest of Bitcoin Core's dust thresholds: an output of any type above it relays. */
const DUST = DUST_LIMIT.other;
const asBtc = (sats: bigint) => formatAmountText(sats, UNITS.BTC.decimals, UNITS.BTC.symbol);

export const sbtcDeposit: Mechanism<'sbtc-deposit'> = {
  id: 'sbtc-deposit',
  pairs: () => [{ from: FROM, to: TO }],
  serviceMissing: (ctx) => {
    const sbtc = sbtcOn(ctx);
    return isReason(sbtc) ? sbtc : signersKeyUnpinned(ctx);
  },

  async quote(ctx, from, to, amount) {
    const sbtc = sbtcOn(ctx);
    if (isReason(sbtc)) return unavailable('sbtc-deposit', from, to, sbtc);
    const unpinned = signersKeyUnpinned(ctx);
    if (unpinned) return unavailable('sbtc-deposit', from, to, unpinned);
    const { emily } = sbtcClients(ctx);
    const limits = await emily.limits();
    const maxFee = BigInt(sbtc.maxSignerFee);
    const minimum = emilySats(limits.perDepositMinimum, localText('hopText_emily_per_deposit_minimum')) ?? 0n;
    const min = (minimum > maxFee ? minimum : maxFee) + DUST;
    const max = emilySats(limits.perDepositCap, localText('hopText_emily_per_deposit_cap')) ?? MAX_MONEY_SATS;
    const base = quoteFrame(ctx, 'sbtc-deposit', from, to, localText('hopText_counterparty_sbtc'), { min, max });
    if (amount < min) return outOfLimits(base, localText('routeReason_sbtc_deposit_min', asBtc(min), asBtc(maxFee)));
    if (amount > max) return outOfLimits(base, localText('routeReason_sbtc_deposit_max', asBtc(max)));
    const btc = await ctx.side('bitcoin');
    // Any Taproot address of this network costs the same to pay as the deposit address (the wallet's own receive address is P2WPKH, 12 vB smaller).
    const q = await btc.quotePayment(taprootStandIn(bitcoinNetwork(ctx.presets.bitcoin.params)), amount);
    return {
      ...base,
      available: true,
      send: amount.toString(),
      receive: (amount - maxFee).toString(),
      serviceFee: { label: localText('fee_sbtc_signer'), amount: maxFee.toString(), decimals: 8, symbol: 'BTC' },
      networkFees: [{ label: localText('fee_bitcoin_network'), amount: q.fee.toString(), decimals: 8, symbol: 'BTC', onTopOn: 'bitcoin' }],
      expectedMinutes: ctx.presets.bitcoin.id === 'devnet' ? 2 : 30,
    };
  },

  async create(ctx, quote, index, id) {
    const sbtc = requireSbtc(ctx);
    const recipient = stacksAddress(ctx.root, ctx.presets.stacks.params).address;
    // Pinned (on the local devnet: unpinned) and confirmed on Bitcoin: the Stacks API alone never decides whose key the deposit is locked to.
    const signersKey = await verifiedSignersKey(ctx, sbtc.deployer, recipient, BigInt(quote.send));
    const ourKey = ctx.keys.at(index).publicKey;
    const out = depositOutput(
      { maxFee: BigInt(sbtc.maxSignerFee), recipient, signersXOnly: xOnly(signersKey), lockTime: sbtc.reclaimLockTime, ourXOnly: xOnly(ourKey) },
      bitcoinNetwork(ctx.presets.bitcoin.params),
    );
    const data: DepositData = {
      recipient,
      depositAddress: out.address,
      depositScript: bytesToHex(out.depositScript),
      reclaimScript: bytesToHex(out.reclaimScript),
      reclaimControlBlock: bytesToHex(out.reclaimControlBlock),
      signersKey: bytesToHex(signersKey),
      maxFee: sbtc.maxSignerFee,
      lockTime: sbtc.reclaimLockTime,
    };
    return newHopRecord(ctx, quote, { id, index, mechanism: 'sbtc-deposit' }, data, [
      step('fund', localText('hopStep_sbtc_fund')),
      step('notify', localText('hopStep_sbtc_notify')),
      step('sweep', localText('hopStep_sbtc_accept')),
      step('mint', localText('hopStep_sbtc_mint')),
    ]);
  },

  async advance(ctx, record) {
    const { esplora, emily } = sbtcClients(ctx);
    let r = record;
    const data = () => r.data;
    const update = (patch: Partial<DepositData>) => {
      r = { ...r, data: { ...r.data, ...patch } };
    };

    if (data().reclaimTxid) return followReclaim(ctx, r);

    if (!data().fundingTxid) r = await fundFromBitcoin(ctx, r, data().depositAddress);

    const txid = data().fundingTxid!;
    const tx = await fundingOnChain(esplora, r);
    if (!tx) return { ...r, nextCheckAt: ctx.now() + 10_000 };
    if (data().fundingVout === undefined) {
      const vout = tx.vout.findIndex((o) => o.address === data().depositAddress);
      if (vout < 0) throw new WalletError('backend_error', localText('err_sbtc_deposit_not_paid'));
      update({ fundingVout: vout });
    }
    if (tx.status.confirmed && tx.status.height !== undefined) update({ fundingHeight: tx.status.height });

    if (!data().notified) {
      await emily.createDeposit({
        bitcoinTxid: txid,
        bitcoinTxOutputIndex: data().fundingVout!,
        reclaimScript: data().reclaimScript,
        depositScript: data().depositScript,
        transactionHex: data().fundingHex ?? (await esplora.txHex(txid)),
      });
      update({ notified: true });
      r = setStep(r, 'notify', { status: 'done' }, ctx.now());
    }

    const deposit = await emily.deposit(txid, data().fundingVout!);
    // Emily's word is checked on Bitcoin, the one place a sweep cannot be made up: the fulfillment's sweep spent our output.
    let spender: string | null | undefined;
    let doubt: LocalText | undefined;
    const f = deposit?.fulfillment;
    if (deposit?.status === 'confirmed' && f) {
      const spend = await depositSpend(ctx, data());
      spender = spend?.txid ?? null;
      // Minted only once the sweep is in a block: until then it can still be replaced, and Emily's confirmed undone.
      if (spend?.txid === f.BitcoinTxid && !spend.confirmed) {
        r = setStep(r, 'sweep', { status: 'active', label: localText('hopStep_sbtc_swept_unconfirmed'), txid: f.BitcoinTxid, explorerUrl: btcExplorer(ctx, f.BitcoinTxid) }, ctx.now());
        return { ...r, state: 'swept', nextCheckAt: ctx.now() + 10_000 };
      }
      if (spender === f.BitcoinTxid) {
        r = setStep(r, 'sweep', { status: 'done', label: localText('hopStep_sbtc_swept'), note: undefined, txid: f.BitcoinTxid, explorerUrl: btcExplorer(ctx, f.BitcoinTxid) }, ctx.now());
        r = setStep(r, 'mint', { status: 'done', txid: f.StacksTxid }, ctx.now());
        // The signers keep at most the deposit's max fee (sbtc deposits.rs DepositInfo.max_fee): a fee Emily states beyond it, or not in whole sats, is not believed.
        const maxFee = BigInt(data().maxFee);
        const stated = Number.isSafeInteger(f.BtcFee) && f.BtcFee >= 0 && BigInt(f.BtcFee) <= maxFee ? BigInt(f.BtcFee) : null;
        const received = BigInt(r.send) - (stated ?? maxFee);
        const doubt = stated === null ? { lastError: localText('err_sbtc_emily_fee', JSON.stringify(f.BtcFee) ?? '', formatAmountText(maxFee, 0, UNITS.SAT.symbol)) } : {};
        return { ...r, state: 'minted', outcome: 'completed', expectedReceive: received.toString(), ...doubt };
      }
      doubt = spender ? localText('err_sbtc_emily_sweep_other', f.BitcoinTxid, spender) : localText('err_sbtc_emily_sweep_unspent', f.BitcoinTxid);
    }

    // Not minted (pending, accepted, reprocessing, failed, or unknown to Emily): reclaimable once the lock time has passed.
    const height = data().fundingHeight;
    const tip = await esplora.tipHeight();
    const reclaimable = height !== undefined && tip - height + 1 >= data().lockTime;
    if (reclaimable) {
      spender ??= await depositSpender(ctx, data());
      if (!spender) return reclaim(ctx, r);
      // The signers' sweep spent it first: no reclaim can confirm now; Emily confirms once sBTC is minted.
      r = setStep(r, 'sweep', { status: 'done', label: localText('hopStep_sbtc_swept_emily', deposit?.status ?? localText('hopText_emily_unseen')), note: undefined, txid: spender, explorerUrl: btcExplorer(ctx, spender) }, ctx.now());
      return { ...setStep(r, 'mint', { status: 'active' }, ctx.now()), state: 'swept', ...(doubt ? { lastError: doubt } : {}), nextCheckAt: ctx.now() + 10_000 };
    }
    const waiting = height === undefined ? localText('hopText_deposit_unconfirmed') : localText('hopText_reclaimable_after', String(height + data().lockTime - 1));
    // Emily's status and message are its own words, shown as they are.
    const status = deposit ? `${deposit.status}${deposit.statusMessage ? `: ${deposit.statusMessage}` : ''}` : localText('hopText_emily_unseen');
    return {
      ...setStep(r, 'sweep', { status: deposit?.status === 'failed' ? 'failed' : 'active', label: localText('hopStep_sbtc_accept_status', status, waiting), note: STATUS_NOTES[deposit?.status ?? 'pending'] }, ctx.now()),
      state: STATES[deposit?.status ?? 'pending'],
      ...(doubt ? { lastError: doubt } : {}),
      nextCheckAt: ctx.now() + 10_000,
    };
  },

  refundState: reclaimState,

  async refund(ctx, record) {
    const { esplora } = sbtcClients(ctx);
    const data = record.data;
    if (data.reclaimTxid) return followReclaim(ctx, record);
    const funding = data.fundingTxid ? await esplora.tx(data.fundingTxid) : null;
    const height = funding?.status.confirmed ? funding.status.height : undefined;
    if (height === undefined) throw new WalletError('unsupported', localText('err_sbtc_reclaim_unconfirmed'));
    const tip = await esplora.tipHeight();
    const due = height + data.lockTime - 1;
    if (tip < due) throw new WalletError('unsupported', localText('err_sbtc_reclaim_after', String(due), String(tip)));
    return reclaim(ctx, { ...record, data: { ...record.data, fundingHeight: height } });
  },
};

/** Signs the reclaim, stores it, then broadcasts it. */
async function reclaim(ctx: HopContext, record: HopRecord<'sbtc-deposit'>): Promise<HopRecord<'sbtc-deposit'>> {
  const { esplora } = sbtcClients(ctx);
  const data = record.data;
  const btc = await ctx.side('bitcoin');
  const to = await btc.payoutAddress();
  const feeRate = await btc.normalFeeRate();
  const built = buildReclaim({
    fundingTxid: data.fundingTxid!,
    fundingVout: data.fundingVout!,
    amount: BigInt(record.send),
    depositAddress: data.depositAddress,
    reclaimScript: hexToBytes(data.reclaimScript),
    controlBlock: hexToBytes(data.reclaimControlBlock),
    lockTime: data.lockTime,
    to,
    feeRate,
    privateKey: ctx.keys.at(record.index).privateKey,
    network: bitcoinNetwork(ctx.presets.bitcoin.params),
  });
  let r: HopRecord<'sbtc-deposit'> = { ...record, state: 'reclaiming', data: { ...record.data, reclaimTxid: built.txid, reclaimHex: built.hex } };
  r = setStep(r, 'sweep', { status: 'skipped' }, ctx.now());
  r = { ...r, steps: [...r.steps.filter((s) => s.key !== 'reclaim'), { ...step('reclaim', localText('hopStep_sbtc_reclaim'), 'active'), txid: built.txid, explorerUrl: btcExplorer(ctx, built.txid) }] };
  await ctx.save?.(r);
  await esplora.broadcast(built.hex);
  return { ...r, nextCheckAt: ctx.now() + 10_000 };
}

async function followReclaim(ctx: HopContext, record: HopRecord<'sbtc-deposit'>): Promise<HopRecord<'sbtc-deposit'>> {
  const { esplora } = sbtcClients(ctx);
  const data = record.data;
  const tx = await esplora.tx(data.reclaimTxid!);
  if (!tx) {
    // The signers' sweep got there first: the reclaim can never confirm; follow the deposit to its mint.
    const spender = await depositSpender(ctx, data);
    if (spender && spender !== data.reclaimTxid) {
      const { reclaimTxid: _t, reclaimHex: _h, ...rest } = data;
      const back: HopRecord<'sbtc-deposit'> = { ...record, state: 'swept', data: { ...rest }, steps: record.steps.filter((s) => s.key !== 'reclaim') };
      return { ...setStep(back, 'sweep', { status: 'done', label: localText('hopStep_sbtc_swept'), txid: spender, explorerUrl: btcExplorer(ctx, spender) }, ctx.now()), nextCheckAt: ctx.now() + 10_000 };
    }
    await esplora.broadcast(data.reclaimHex!);
    return { ...record, nextCheckAt: ctx.now() + 10_000 };
  }
  if (!tx.status.confirmed) return { ...record, nextCheckAt: ctx.now() + 10_000 };
  return { ...setStep(record, 'reclaim', { status: 'done' }, ctx.now()), state: 'reclaimed', outcome: 'refunded' };
}

/** The txid that spent the deposit output (Esplora lists the deposit address's spends too), or null while unspent. */
async function depositSpender(ctx: HopContext, data: DepositData): Promise<string | null> {
  return (await depositSpend(ctx, data))?.txid ?? null;
}

/** The transaction spending the deposit output, with whether it is in a block; null while unspent. */
async function depositSpend(ctx: HopContext, data: DepositData): Promise<{ txid: string; confirmed: boolean } | null> {
  const { esplora } = sbtcClients(ctx);
  const txs = await esplora.addressTxs(data.depositAddress);
  const tx = txs.find((t) => t.vin.some((i) => i.txid === data.fundingTxid && i.vout === data.fundingVout));
  return tx ? { txid: tx.txid, confirmed: tx.status.confirmed } : null;
}
