/**
 * sBTC -> BTC: a call to `sbtc-withdrawal.initiate-withdrawal-request` that locks
 * the amount plus the most the signers may keep as fee, naming one of our BIP84
 * addresses; a deny-mode post-condition caps what leaves the account at exactly
 * that. Then the request (its id is the call's `(ok uN)`) is followed through
 * Emily until the signers' Bitcoin payment confirms. An amount above Emily's
 * limits is refused before the call (withdrawal-limits.ts).
 */
import { Cl, Pc, type PostCondition } from '@stacks/transactions';
import { address as baddress } from 'bitcoinjs-lib';
import { bytesToHex } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';
import { formatAmountText, MAX_MONEY_SATS, UNITS } from '../../shared/units';
import { bitcoinNetwork } from '../../layers/bitcoin/keys';
import { DUST_LIMIT } from '../../layers/bitcoin/script-types';
import { isReason } from '../hop-networks';
import type { HopContext, Mechanism } from '../mechanism';
import { CLOCK_SLACK_MS, fundOnce } from '../own-funding';
import { clarityHex } from '../../layers/stacks/transfer';
import { newHopRecord } from '../records';
import { outOfLimits, quoteFrame, unavailable } from '../routes';
import type { AssetRef, HopRecord, RouteQuote } from '../types';
import { btcExplorer } from '../explorer-links';
import { setStep, step } from '../steps';
import { requireSbtc, sbtcClients, sbtcOn } from './common';
import { withdrawalCap } from './withdrawal-limits';
import type { WithdrawalData } from './shapes';

const FROM: AssetRef = { layer: 'stacks', asset: 'sBTC' };
const TO: AssetRef = { layer: 'bitcoin', asset: 'BTC' };
/** The highest of Bitcoin Core's dust thresholds: an output of any type above it relays. */
const DUST = DUST_LIMIT.other;
const asSbtc = (sats: bigint) => formatAmountText(sats, UNITS.SBTC.decimals, UNITS.SBTC.symbol);
const asBtc = (sats: bigint) => formatAmountText(sats, UNITS.BTC.decimals, UNITS.BTC.symbol);
/** sBTC's recipient versions (sbtc-withdrawal.clar): the ones our addresses use. */
const P2WPKH_VERSION = 0x04;
const P2TR_VERSION = 0x06;

/** The `{version, hashbytes}` sBTC wants for a Bitcoin address of ours. */
export function withdrawalRecipient(address: string, ctx: HopContext): { version: number; hashbytes: Uint8Array } {
  const out = baddress.toOutputScript(address, bitcoinNetwork(ctx.presets.bitcoin.params));
  if (out.length === 22 && out[0] === 0x00 && out[1] === 0x14) return { version: P2WPKH_VERSION, hashbytes: out.slice(2) };
  if (out.length === 34 && out[0] === 0x51 && out[1] === 0x20) return { version: P2TR_VERSION, hashbytes: out.slice(2) };
  throw new WalletError('bad_address', localText('err_sbtc_withdrawal_address'));
}

export const sbtcWithdrawal: Mechanism<'sbtc-withdrawal'> = {
  id: 'sbtc-withdrawal',
  pairs: () => [{ from: FROM, to: TO }],
  serviceMissing: (ctx) => {
    const sbtc = sbtcOn(ctx);
    return isReason(sbtc) ? sbtc : null;
  },

  async quote(ctx, from, to, amount) {
    const sbtc = sbtcOn(ctx);
    if (isReason(sbtc)) return unavailable('sbtc-withdrawal', from, to, sbtc);
    const maxFee = BigInt(sbtc.maxSignerFee);
    const base = quoteFrame(ctx, 'sbtc-withdrawal', from, to, localText('hopText_counterparty_sbtc'), { min: DUST, max: MAX_MONEY_SATS });
    if (amount < DUST) return outOfLimits(base, localText('routeReason_sbtcw_min', asBtc(DUST)));
    const stacks = await ctx.side('stacks');
    const [held, limits] = await Promise.all([stacks.spendable('sBTC'), sbtcClients(ctx).emily.limits()]);
    const cap = withdrawalCap(limits, stacks.address);
    if (cap.max !== null && amount > cap.max) {
      return { ...unavailable('sbtc-withdrawal', from, to, cap.reason), ...base, max: cap.max.toString(), available: false, reason: cap.reason };
    }
    if (held < amount + maxFee) {
      const reason = localText('routeReason_sbtcw_locks', asSbtc(amount), asSbtc(amount + maxFee), asSbtc(maxFee), asSbtc(held));
      return { ...unavailable('sbtc-withdrawal', from, to, reason), ...base, available: false, reason };
    }
    return {
      ...base,
      ...(cap.max !== null ? { max: cap.max.toString() } : {}),
      available: true,
      send: amount.toString(),
      receive: amount.toString(),
      serviceFee: { label: localText('fee_sbtc_signer_sbtc'), amount: maxFee.toString(), decimals: 8, symbol: 'sBTC', onTopOn: 'stacks' },
      networkFees: [],
      expectedMinutes: ctx.presets.bitcoin.id === 'devnet' ? 2 : 60,
    };
  },

  async create(ctx, quote, index, id) {
    const sbtc = requireSbtc(ctx);
    // Limits may have changed since the quote: checked again before the hop exists.
    const stacks = await ctx.side('stacks');
    const cap = withdrawalCap(await sbtcClients(ctx).emily.limits(), stacks.address);
    if (cap.max !== null && BigInt(quote.send) > cap.max) throw new WalletError('unsupported', localText('err_sbtc_withdrawal_over_cap', cap.reason));
    const recipient = await (await ctx.side('bitcoin')).payoutAddress();
    const r = withdrawalRecipient(recipient, ctx);
    const data: WithdrawalData = { recipient, version: r.version, hashbytes: bytesToHex(r.hashbytes), maxFee: sbtc.maxSignerFee };
    return newHopRecord(ctx, quote, { id, index, mechanism: 'sbtc-withdrawal' }, data, [
      step('request', localText('hopStep_sbtcw_request')),
      step('accept', localText('hopStep_sbtcw_accept')),
      step('pay', localText('hopStep_sbtcw_pay')),
    ]);
  },

  async advance(ctx, record) {
    const sbtc = requireSbtc(ctx);
    const { emily, esplora } = sbtcClients(ctx);
    const stacks = await ctx.side('stacks');
    let r = record;
    const data = () => r.data;
    const update = (patch: Partial<WithdrawalData>) => {
      r = { ...r, data: { ...r.data, ...patch } };
    };

    if (!data().callTxid) {
      const amount = BigInt(r.send);
      const locked = amount + BigInt(data().maxFee);
      const token = `${sbtc.deployer}.sbtc-token`;
      const contract = `${sbtc.deployer}.sbtc-withdrawal`;
      const functionName = 'initiate-withdrawal-request';
      const functionArgs = [Cl.uint(amount), Cl.tuple({ version: Cl.buffer(new Uint8Array([data().version])), hashbytes: Cl.bufferFromHex(data().hashbytes) }), Cl.uint(data().maxFee)];
      const postConditions: PostCondition[] = [Pc.principal(stacks.address).willSendLte(locked).ft(token as `${string}.${string}`, 'sbtc-token')];
      const requested = (x: HopRecord<'sbtc-withdrawal'>): HopRecord<'sbtc-withdrawal'> => ({ ...x, state: 'requested', nextCheckAt: ctx.now() + 10_000 });
      return fundOnce(ctx, r, {
        idOf: (x) => x.data.callTxid,
        // Our call with exactly these arguments since the hop was created, that no other hop owns.
        find: async (taken) => {
          const args = functionArgs.map(clarityHex);
          const calls = await stacks.contractCalls(contract, functionName);
          const call = calls.find((c) => !taken.has(c.txid) && c.at >= r.createdAt - CLOCK_SLACK_MS && c.args.join() === args.join());
          return call ? requested({ ...r, data: { ...r.data, callTxid: call.txid, ...(call.raw ? { callHex: call.raw } : {}) } }) : null;
        },
        fund: async () => {
          r = setStep(r, 'request', { status: 'active' }, ctx.now());
          await stacks.callContract(
            { contract, functionName, functionArgs, postConditions },
            {
              beforeBroadcast: async ({ txid, hex }) => {
                update({ callTxid: txid, callHex: hex });
                r = { ...r, state: 'requesting' };
                await ctx.save?.(r);
              },
            },
          );
          return requested(r);
        },
      });
    }

    if (data().requestId === undefined) {
      const tx = await stacks.transaction(data().callTxid!);
      if (!tx) {
        await stacks.rebroadcast(data().callHex!).catch(() => undefined);
        return { ...r, nextCheckAt: ctx.now() + 10_000 };
      }
      if (tx.status === 'pending') return { ...r, nextCheckAt: ctx.now() + 10_000 };
      if (tx.status !== 'confirmed') {
        return { ...setStep(r, 'request', { status: 'failed' }, ctx.now()), state: 'rejected', outcome: 'failed', lastError: localText('err_sbtcw_request_failed', tx.result ?? tx.status) };
      }
      const id = /^\(ok u(\d+)\)$/.exec(tx.result ?? '')?.[1];
      if (!id) throw new WalletError('backend_error', tx.result ? localText('err_sbtcw_not_request_id', tx.result) : localText('err_sbtcw_no_request_id'));
      update({ requestId: Number(id) });
      r = setStep({ ...r, state: 'requested' }, 'request', { status: 'done', txid: data().callTxid, label: localText('hopStep_sbtcw_requested', String(id)) }, ctx.now());
    }

    const w = await emily.withdrawal(data().requestId!);
    if (!w || w.status === 'pending') return { ...setStep(r, 'accept', { status: 'active' }, ctx.now()), nextCheckAt: ctx.now() + 10_000 };
    if (w.status === 'failed') {
      return { ...setStep(r, 'accept', { status: 'failed' }, ctx.now()), state: 'rejected', outcome: 'failed', lastError: localText('err_sbtcw_rejected', w.statusMessage) };
    }
    r = setStep(r, 'accept', { status: 'done' }, ctx.now());
    const btcTxid = w.fulfillment?.BitcoinTxid;
    if (!btcTxid) return { ...setStep(r, 'pay', { status: 'active' }, ctx.now()), state: 'accepted', nextCheckAt: ctx.now() + 10_000 };
    update({ bitcoinTxid: btcTxid });
    const paid = await esplora.tx(btcTxid);
    // The signers pay a withdrawal exactly its amount (sbtc signer/src/bitcoin/utxo.rs as_tx_output): any other payment to our address is not this one.
    const output = paid?.vout.find((o) => o.address === data().recipient && o.value === BigInt(r.send));
    if (!paid || !output) {
      const doubt = paid ? { lastError: localText('err_sbtcw_payment_other', btcTxid, asBtc(BigInt(r.send)), data().recipient) } : {};
      return { ...setStep(r, 'pay', { status: 'active', txid: btcTxid }, ctx.now()), state: 'accepted', ...doubt, nextCheckAt: ctx.now() + 10_000 };
    }
    const { lastError: _doubt, ...settled } = r;
    r = settled;
    if (!paid.status.confirmed) return { ...setStep(r, 'pay', { status: 'active', txid: btcTxid, explorerUrl: btcExplorer(ctx, btcTxid) }, ctx.now()), state: 'paid', nextCheckAt: ctx.now() + 10_000 };
    r = setStep(r, 'pay', { status: 'done', txid: btcTxid, explorerUrl: btcExplorer(ctx, btcTxid) }, ctx.now());
    return { ...r, state: 'paid', outcome: 'completed', expectedReceive: output.value.toString() };
  },
};
