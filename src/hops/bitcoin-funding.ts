/**
 * The first step of a hop paid with on-chain BTC from the wallet: send `record.send`
 * sats to `to`, with the signed transaction's txid and hex saved on the record
 * (`data.fundingTxid`, `data.fundingHex`) before it is broadcast, and the record's
 * `fund` step marked done. A later advance that finds the txid unknown to the
 * network sends the saved hex again (a worker stopped between save and broadcast).
 *
 * Before sending, the wallet's own transactions are read (after the Bitcoin
 * service has finished any send a dead worker left signed): one that already
 * pays `to` exactly this amount since the hop was created, and that no other hop
 * owns, is this hop's funding whose txid never reached storage.
 */
import { WalletError } from '../shared/errors';
import type { EsploraClient, EsploraTx } from '../layers/bitcoin/esplora';
import type { SendExtras } from '../layers/bitcoin/service';
import type { BitcoinHopSide, WalletLook } from '../layers/hop-sides';
import type { HopContext } from './mechanism';
import { fundOnce, sentSinceCreated } from './own-funding';
import { btcExplorer } from './explorer-links';
import { setStep } from './steps';
import type { HopRecord } from './types';
import { localText } from '../shared/local-text';

/** Hops funded from the wallet's BTC: their data keeps the funding's txid and hex. */
type FundedFromBitcoin = HopRecord<'sbtc-deposit' | 'powpeg-pegin'>;

export interface BitcoinFunding {
  /** Outputs besides the payment and change (a peg-in's OP_RETURN). */
  extraOutputs?: SendExtras['extraOutputs'];
  /** What else marks a payment to `to` as this kind of hop's funding (the same OP_RETURN). */
  isFunding?: (tx: EsploraTx) => boolean;
}

export async function fundFromBitcoin<R extends FundedFromBitcoin>(ctx: HopContext, record: R, to: string, opts: BitcoinFunding = {}): Promise<R> {
  const btc = await ctx.side('bitcoin');
  const sats = BigInt(record.send);
  // One scan of the wallet serves both the look for an earlier funding and the payment.
  let look: WalletLook | undefined;
  return fundOnce(ctx, record, {
    idOf: (r) => r.data.fundingTxid,
    find: async (taken) => {
      look = await btc.lookOnce();
      const tx = await paymentAlreadySent(btc, look, record, to, sats, taken, opts.isFunding);
      return tx ? funded(ctx, { ...record, data: { ...record.data, fundingTxid: tx.txid } }) : null;
    },
    fund: async () => send(ctx, look ?? (await btc.lookOnce()), record, to, sats, opts.extraOutputs),
  });
}

function funded<R extends FundedFromBitcoin>(ctx: HopContext, r: R): R {
  const txid = r.data.fundingTxid!;
  return setStep({ ...r, state: 'funded' }, 'fund', { status: 'done', txid, explorerUrl: btcExplorer(ctx, txid) }, ctx.now());
}

/** A transaction of this wallet paying `to` exactly the hop's amount, sent since the hop was created, that no other hop owns. */
async function paymentAlreadySent(btc: BitcoinHopSide, look: WalletLook, record: FundedFromBitcoin, to: string, sats: bigint, taken: ReadonlySet<string>, isFunding?: (tx: EsploraTx) => boolean): Promise<EsploraTx | null> {
  const candidates = look.sent.filter((p) => p.amount === sats && !taken.has(p.txid) && sentSinceCreated(record, p.time));
  // Oldest first: with two such hops, each takes the earliest not yet owned.
  for (const c of candidates.reverse()) {
    const tx = await btc.tx(c.txid);
    if (tx && tx.vout.some((o) => o.address === to && o.value === sats) && (!isFunding || isFunding(tx))) return tx;
  }
  return null;
}

async function send<R extends FundedFromBitcoin>(ctx: HopContext, look: WalletLook, record: R, to: string, sats: bigint, extraOutputs?: SendExtras['extraOutputs']): Promise<R> {
  let r = setStep(record, 'fund', { status: 'active' }, ctx.now());
  await look.pay(
    to,
    sats,
    {
      ...(extraOutputs ? { extraOutputs } : {}),
      // The txid is on disk before the transaction is on the network.
      beforeBroadcast: async ({ txid, hex }) => {
        r = { ...r, state: 'funding', data: { ...r.data, fundingTxid: txid, fundingHex: hex } };
        await ctx.save?.(r);
      },
    },
  );
  return funded(ctx, r);
}

/** The funding transaction as the network has it; null after sending the saved one again. */
export async function fundingOnChain(esplora: EsploraClient, record: FundedFromBitcoin): Promise<EsploraTx | null> {
  const data = record.data;
  const tx = await esplora.tx(data.fundingTxid!);
  if (tx) return tx;
  if (!data.fundingHex) throw new WalletError('not_found', localText('err_funding_tx_missing'));
  await esplora.broadcast(data.fundingHex);
  return null;
}
