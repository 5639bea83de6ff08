/**
 * Moves a coin the PowPeg paid to our Rootstock key's P2PKH address (a peg-out's
 * release, a rejected peg-in's refund: see bitcoin-side.ts) into the wallet's own
 * BIP84 account, so the BTC shows up where the user looks for it. The signed
 * sweep is stored with its txid before it is broadcast.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { equalBytes } from '@noble/curves/utils.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { Psbt, Transaction, type Signer } from 'bitcoinjs-lib';
import { WalletError } from '../../shared/errors';
import { checkFeeCap } from '../../shared/fee-caps';
import { bitcoinNetwork } from '../../layers/bitcoin/keys';
import { feeForWeight, fromEsploraRate } from '../../layers/bitcoin/fee-rate';
import type { HopContext } from '../mechanism';
import type { HopRecord } from '../types';
import { btcExplorer } from '../explorer-links';
import { clients } from './common';
import { setStep } from '../steps';
import { localText } from '../../shared/local-text';

/** A one-input P2PKH -> P2WPKH sweep: 10 + 148 + 31 vB. */
export const SWEEP_WEIGHT = 4 * (10 + 148 + 31);

/**
 * Sweeps the output of `paidTxid` paying `address` (our Rootstock key's P2PKH), then
 * follows the sweep; `done` once the network has it. Step `stepKey` shows it.
 */
export async function sweepIntoWallet<R extends HopRecord<'powpeg-pegin' | 'powpeg-pegout'>>(ctx: HopContext, record: R, paidTxid: string, address: string, stepKey = 'sweep'): Promise<{ record: R; done: boolean }> {
  const { esplora, btcKey } = clients(ctx);
  let r = record;
  const data = () => r.data;
  if (!data().sweepTxid) {
    if (!(await esplora.tx(paidTxid))) return { record: { ...r, nextCheckAt: ctx.now() + 15_000 }, done: false };
    // The output and its value come from the transaction itself (its hash is its txid), never
    // from the server's JSON: a value reported too low would send the difference to the miner.
    const hex = await esplora.txHex(paidTxid);
    const paid = Transaction.fromHex(hex);
    if (paid.getId() !== paidTxid) throw new WalletError('backend_error', localText('err_server_other_tx', paidTxid));
    const vout = paid.outs.findIndex((o) => equalBytes(o.script, btcKey.script));
    if (vout < 0) throw new WalletError('backend_error', localText('err_tx_pays_nothing', paidTxid, address));
    const value = paid.outs[vout]!.value;
    const to = await (await ctx.side('bitcoin')).payoutAddress();
    const est = await esplora.feeEstimates();
    const fee = feeForWeight(SWEEP_WEIGHT, fromEsploraRate(est['6'] ?? 1));
    if (value <= fee + 294n) throw new WalletError('insufficient_funds', localText('err_powpeg_sweep_small'));
    checkFeeCap('bitcoin', fee, value, 'sweep of the BTC the PowPeg paid', SWEEP_WEIGHT / 4);
    const psbt = new Psbt({ network: bitcoinNetwork(ctx.presets.bitcoin.params) });
    psbt.addInput({ hash: paidTxid, index: vout, nonWitnessUtxo: hexToBytes(hex) });
    psbt.addOutput({ address: to, value: value - fee });
    const signer: Signer = { publicKey: btcKey.publicKey, sign: (h: Uint8Array) => secp256k1.sign(h, btcKey.privateKey, { prehash: false }) };
    psbt.signInput(0, signer);
    psbt.finalizeAllInputs();
    const tx = psbt.extractTransaction();
    r = { ...r, data: { ...r.data, sweepTxid: tx.getId(), sweepHex: tx.toHex() } };
    await ctx.save?.(r);
  }

  const sweepTxid = data().sweepTxid!;
  const sweep = await esplora.tx(sweepTxid);
  if (!sweep) {
    await esplora.broadcast(data().sweepHex!);
    r = setStep(r, stepKey, { status: 'active', txid: sweepTxid, explorerUrl: btcExplorer(ctx, sweepTxid) }, ctx.now());
    return { record: { ...r, nextCheckAt: ctx.now() + 10_000 }, done: false };
  }
  return { record: setStep(r, stepKey, { status: 'done', txid: sweep.txid, explorerUrl: btcExplorer(ctx, sweep.txid) }, ctx.now()), done: true };
}
