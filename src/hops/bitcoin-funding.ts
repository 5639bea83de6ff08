/**
 * The first step of a hop paid with on-chain BTC from the wallet: send `record.send`
 * sats to `to`, with the signed transaction's txid and hex saved on the record
 * (`data.fundingTxid`, `data.fundingHex`) before it is broadcast, and the record's
 * `fund` step marked done. A later advance that finds the txid unknown to the
 * network sends the saved hex again (a worker stopped between save and broadcast).
 */
import { WalletError } from '../shared/errors';
import type { EsploraClient, EsploraTx } from '../layers/bitcoin/esplora';
import type { BitcoinService, SendExtras } from '../layers/bitcoin/service';
import type { HopContext } from './mechanism';
import { btcExplorer, setStep } from './powpeg/common';
import type { HopRecord } from './types';

interface FundingData {
  fundingTxid?: string;
  fundingHex?: string;
}

export async function fundFromBitcoin(ctx: HopContext, record: HopRecord, to: string, extraOutputs?: SendExtras['extraOutputs']): Promise<HopRecord> {
  const btc = await ctx.layer<BitcoinService>('bitcoin');
  let r = setStep(record, 'fund', 'active');
  await btc.send(
    { to, amountSats: BigInt(r.send), fee: { kind: 'normal' } },
    {
      ...(extraOutputs ? { extraOutputs } : {}),
      // The txid is on disk before the transaction is on the network.
      beforeBroadcast: async ({ txid, hex }) => {
        r = { ...r, state: 'funding', data: { ...r.data, fundingTxid: txid, fundingHex: hex } };
        await ctx.save?.(r);
      },
    },
  );
  const txid = (r.data as FundingData).fundingTxid!;
  return setStep({ ...r, state: 'funded' }, 'fund', 'done', { txid, explorerUrl: btcExplorer(ctx, txid) }, ctx.now());
}

/** The funding transaction as the network has it; null after sending the saved one again. */
export async function fundingOnChain(esplora: EsploraClient, record: HopRecord, what: string): Promise<EsploraTx | null> {
  const data = record.data as FundingData;
  const tx = await esplora.tx(data.fundingTxid!);
  if (tx) return tx;
  if (!data.fundingHex) throw new WalletError('not_found', `The ${what} transaction is missing and cannot be re-sent.`);
  await esplora.broadcast(data.fundingHex);
  return null;
}
