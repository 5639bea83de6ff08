/**
 * A send this wallet signed, read back from its record for a fee bump. Inputs,
 * outputs and fee come from the stored hex and what the wallet knew when it
 * signed, never from the server's account of the transaction: a server could
 * invent a "pending send" of our coins, or misstate input values to steer the fee.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { Transaction } from 'bitcoinjs-lib';
import { WalletError } from '../../shared/errors';
import type { BitcoinKeys, OwnedAddress } from './keys';
import type { SendRecord, SignedInput } from './pending-store';
import type { SpendInput, SpendOutput } from './signing';
import { localText } from '../../shared/local-text';

export interface OwnSend {
  txid: string;
  inputs: SpendInput[];
  outputs: SpendOutput[];
  /** Our change output, if any: its index into `outputs` and its owner. */
  change?: { vout: number; owner: OwnedAddress };
  fee: bigint;
  weight: number;
  /** Sent "max": a bump may reduce the recipient's amount. */
  max: boolean;
}

/** What a record keeps of the inputs it signed. */
export function signedInputs(inputs: SpendInput[]): SignedInput[] {
  return inputs.map((i) => ({ value: i.value.toString(), scheme: i.owner.scheme, chain: i.owner.chain, index: i.owner.index }));
}

/** What a record keeps of its change output: where it is and whose key it pays. */
export function signedChange(vout: number, owner: OwnedAddress): NonNullable<SendRecord['change']> {
  return { vout, scheme: owner.scheme, chain: owner.chain, index: owner.index };
}

const sum = (xs: { value: bigint }[]) => xs.reduce((s, x) => s + x.value, 0n);

/** The send as signed, or a `not_bumpable` refusal saying why the wallet will not replace it. */
export function ownSend(record: SendRecord | undefined, keys: BitcoinKeys): OwnSend {
  if (!record) {
    throw new WalletError('not_bumpable', localText('err_bump_not_ours'));
  }
  if (record.replacedBy) {
    throw new WalletError('not_bumpable', localText('err_bump_replaced', record.replacedBy));
  }
  if (!record.inputs) {
    throw new WalletError('not_bumpable', localText('err_bump_old_record'));
  }
  if (!record.bumpable) {
    throw new WalletError('not_bumpable', localText('err_bump_funds_move'));
  }
  const tx = Transaction.fromHex(record.hex);
  if (tx.getId() !== record.txid || tx.ins.length !== record.inputs.length) {
    throw new WalletError('internal', localText('err_send_record_mismatch'));
  }
  const inputs = tx.ins.map((input, n): SpendInput => {
    const signed = record.inputs![n]!;
    return {
      txid: bytesToHex(Uint8Array.from(input.hash).reverse()),
      vout: input.index,
      value: BigInt(signed.value),
      owner: keys.address(signed.scheme, signed.chain, signed.index),
    };
  });
  const outputs = tx.outs.map((o): SpendOutput => ({ script: Uint8Array.from(o.script), value: o.value }));
  let change: OwnSend['change'];
  if (record.change) {
    const owner = keys.address(record.change.scheme, record.change.chain, record.change.index);
    const out = outputs[record.change.vout];
    if (!out || bytesToHex(out.script) !== owner.script) throw new WalletError('internal', localText('err_send_change_mismatch'));
    change = { vout: record.change.vout, owner };
  }
  return { txid: record.txid, inputs, outputs, change, fee: sum(inputs) - sum(outputs), weight: tx.weight(), max: record.max };
}
