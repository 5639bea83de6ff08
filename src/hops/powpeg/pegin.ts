/**
 * BTC -> RBTC through the PowPeg. The peg-in pays the federation address with an
 * RSKIP-170 OP_RETURN naming our Rootstock address and, as refund address, the
 * P2PKH of our Rootstock key. We chose the OP_RETURN over the legacy
 * "send from a key whose derived Rootstock address is ours": the legacy form
 * needs a P2PKH or P2SH-P2WPKH sender, while the wallet's coins are BIP84/BIP86,
 * and the OP_RETURN states the destination explicitly.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { formatAmount } from '../../shared/units';
import { parseBitcoinAddress } from '../../layers/bitcoin/address';
import type { BitcoinService } from '../../layers/bitcoin/service';
import type { RootstockService } from '../../layers/rootstock/service';
import { newHopRecord } from '../records';
import type { Mechanism } from '../mechanism';
import { unavailable } from '../routes';
import type { AssetRef, HopRecord, RouteQuote } from '../types';
import { fundFromBitcoin, fundingOnChain } from '../bitcoin-funding';
import { peginOpReturn } from './bitcoin-side';
import { clients, minutesFor, powpegOn, requirePowpeg, setStep, WEI_PER_SAT } from './common';
import { federationUnpinned, verifiedFederationAddress } from './federation';

const FROM: AssetRef = { layer: 'bitcoin', asset: 'BTC' };
const TO: AssetRef = { layer: 'rootstock', asset: 'RBTC' };

export const powpegPegin: Mechanism = {
  id: 'powpeg-pegin',
  pairs: () => [{ from: FROM, to: TO }],

  async quote(ctx, from, to, amount): Promise<RouteQuote> {
    const powpeg = powpegOn(ctx);
    if (typeof powpeg === 'string') return unavailable('powpeg-pegin', from, to, powpeg);
    const unpinned = federationUnpinned(ctx);
    if (unpinned) return unavailable('powpeg-pegin', from, to, unpinned);
    const { bridge } = clients(ctx);
    const min = await bridge.minimumLockTxValue();
    const counterparty = 'Rootstock PowPeg';
    const base = { mechanism: 'powpeg-pegin' as const, from, to, counterparty, anchoredTo: ctx.presets.bitcoin.label, min: min.toString(), max: (21_000_000n * 100_000_000n).toString() };
    if (amount < min) {
      return { ...unavailable('powpeg-pegin', from, to, `The PowPeg credits peg-ins of at least ${formatAmount(min, 8)} BTC; smaller ones are refunded.`), ...base, available: false };
    }
    const btc = await ctx.layer<BitcoinService>('bitcoin');
    const fed = await bridge.federationAddress();
    const q = await btc.quote({ to: fed, amountSats: amount, fee: { kind: 'normal' } });
    return {
      ...base,
      available: true,
      send: amount.toString(),
      receive: (amount * WEI_PER_SAT).toString(),
      serviceFee: null,
      networkFees: [{ label: 'Bitcoin network fee', amount: q.fee.toString(), decimals: 8, symbol: 'BTC' }],
      expectedMinutes: minutesFor(ctx, powpeg.pegInConfirmations) + 2,
    };
  },

  async create(ctx, quote, index, id): Promise<HopRecord> {
    const powpeg = requirePowpeg(ctx);
    const { bridge, btcKey } = clients(ctx);
    // Pinned (on the local devnet: unpinned) and checked against the federators' redeem script: one node's word alone never decides where BTC goes.
    const federationAddress = await verifiedFederationAddress(ctx, bridge, powpeg);
    // It must be an address of the Bitcoin network we pay on.
    parseBitcoinAddress(federationAddress, ctx.presets.bitcoin.params);
    const rsk = await ctx.layer<RootstockService>('rootstock');
    return newHopRecord(ctx, quote, { id, index, mechanism: 'powpeg-pegin' }, { federationAddress, rskAddress: rsk.address, refundAddress: btcKey.address, confirmations: powpeg.pegInConfirmations }, [
      { key: 'fund', label: 'Send BTC to the PowPeg federation', status: 'waiting' },
      { key: 'confirm', label: `Wait for ${powpeg.pegInConfirmations} Bitcoin confirmations`, status: 'waiting' },
      { key: 'credit', label: 'RBTC credited by the Bridge', status: 'waiting' },
    ]);
  },

  async advance(ctx, record): Promise<HopRecord> {
    const { bridge, esplora, btcKey } = clients(ctx);
    const data = record.data as { federationAddress: string; rskAddress: string; fundingTxid?: string; fundingHex?: string; confirmations: number };
    let r = record;

    if (!data.fundingTxid) {
      // Every peg-in of this wallet carries the same OP_RETURN; the amount and the hops' own txids tell them apart.
      const opReturn = peginOpReturn(data.rskAddress, btcKey.hash160);
      r = await fundFromBitcoin(ctx, r, data.federationAddress, {
        extraOutputs: [{ script: opReturn, value: 0n }],
        isFunding: (tx) => tx.vout.some((o) => o.script === bytesToHex(opReturn)),
      });
      return { ...r, nextCheckAt: ctx.now() + 10_000 };
    }

    // Signed and saved but never seen by the network (e.g. a crash before broadcast): sent again.
    const tx = await fundingOnChain(esplora, r, 'peg-in');
    if (!tx) return { ...r, nextCheckAt: ctx.now() + 10_000 };
    if (!tx.status.confirmed || tx.status.height === undefined) {
      return { ...setStep(r, 'confirm', 'active', { label: `Wait for ${data.confirmations} Bitcoin confirmations (0 so far)` }, ctx.now()), nextCheckAt: ctx.now() + 15_000 };
    }
    const tip = await esplora.tipHeight();
    const confs = tip - tx.status.height + 1;
    if (confs < data.confirmations) {
      return {
        ...setStep(r, 'confirm', 'active', { label: `Wait for ${data.confirmations} Bitcoin confirmations (${confs} so far)` }, ctx.now()),
        state: 'confirming',
        nextCheckAt: ctx.now() + 15_000,
      };
    }
    r = setStep(r, 'confirm', 'done', { label: `${data.confirmations} Bitcoin confirmations` }, ctx.now());
    if (!(await bridge.isProcessed(data.fundingTxid))) {
      return { ...setStep(r, 'credit', 'active', {}, ctx.now()), state: 'awaiting-credit', nextCheckAt: ctx.now() + 15_000 };
    }
    return { ...setStep(r, 'credit', 'done', {}, ctx.now()), state: 'credited', outcome: 'completed' };
  },
};
