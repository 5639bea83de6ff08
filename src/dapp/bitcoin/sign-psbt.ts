/**
 * `signPsbt`: decode, check our inputs against the wallet's own coins, show every
 * input and output, sign only the inputs asked for that are ours, and broadcast
 * (recorded first, under the layer's payment lock) only when asked.
 */
import { checkFeeCap } from '../../shared/fee-caps';
import { parseBitcoinAddress } from '../../layers/bitcoin/address';
import { decodePsbt, finalizeAll, inputsToSign, PsbtRefusal, signInputs, type PsbtInputView } from '../../layers/bitcoin/foreign-psbt';
import type { Utxo } from '../../layers/bitcoin/wallet-state';
import type { DappContext } from '../family';
import { psbtContent } from './content';
import { parseSignPsbt } from './params';

const outpoint = (o: { txid: string; vout: number }) => `${o.txid}:${o.vout}`;

/** Each input we sign must be a coin the wallet may spend now, of the value the PSBT states (what our signature commits to). */
function checkOurCoins(inputs: PsbtInputView[], spendable: Utxo[]): void {
  const coins = new Map(spendable.map((u) => [outpoint(u), u]));
  for (const i of inputs) {
    const coin = coins.get(outpoint(i));
    if (!coin) throw new PsbtRefusal(`Input ${i.index} spends ${outpoint(i)}, which is not a coin this wallet may spend now (spent, unknown, or held by another payment of yours).`);
    if (coin.value !== i.value) throw new PsbtRefusal(`Input ${i.index} states ${i.value} sats, but that coin holds ${coin.value} sats.`);
  }
}

export async function signPsbt(params: unknown, ctx: DappContext<'bitcoin'>): Promise<{ psbt: string; txid?: string }> {
  const p = parseSignPsbt(params);
  // An address of another network is refused by name before anything is decoded.
  if (p.signInputs) for (const address of p.signInputs.keys()) parseBitcoinAddress(address, ctx.preset.params);
  const svc = await ctx.service();
  const { addresses, spendable } = await svc.coins();
  const decoded = decodePsbt(p.psbt, svc.keys.network, (script) => addresses.get(script));
  const toSign = inputsToSign(decoded, p.signInputs);
  checkOurCoins(toSign, spendable);
  // The wallet's fee ceilings hold for what a site builds too (when the PSBT states every input's value).
  if (decoded.fee !== undefined) checkFeeCap('bitcoin', decoded.fee, decoded.outputs.filter((o) => !o.ours).reduce((s, o) => s + o.value, 0n), 'transaction');
  await ctx.approve('signPsbt', psbtContent({ ...decoded, signing: new Set(toSign.map((i) => i.index)), broadcast: p.broadcast }));
  signInputs(decoded.psbt, svc.keys, toSign);
  if (!p.broadcast) {
    // The window may have stayed open while another payment of ours spent one of these coins.
    checkOurCoins(toSign, (await svc.coins()).spendable);
    return { psbt: decoded.psbt.toBase64() };
  }
  const signed = finalizeAll(decoded.psbt);
  const txid = await svc.broadcastSigned(signed, toSign);
  return { psbt: decoded.psbt.toBase64(), txid };
}
