/**
 * What the approval window shows for each Bitcoin request: decoded, with the
 * wallet's own addresses marked and every amount in sats (as BTC with 8 decimals).
 */
import { localText, type LocalText } from '../../shared/local-text';
import type { ApprovalRow, ApprovalSection } from '../../shared/dapp/approval-view';
import type { PsbtInputView, PsbtOutputView } from '../../layers/bitcoin/foreign-psbt';
import type { ApprovalContent } from '../family';

const btc = (label: LocalText, value: bigint, outgoing?: boolean): ApprovalRow => ({ kind: 'amount', label, value: value.toString(), decimals: 8, unit: 'BTC', ...(outgoing ? { outgoing } : {}) });

const SIGHASH_NAMES: Record<number, string> = { 0x81: 'ALL|ANYONECANPAY', 0x03: 'SINGLE', 0x83: 'SINGLE|ANYONECANPAY' };

export function connectContent(payment: string, taproot: string): ApprovalContent {
  return {
    summary: localText('dappBtc_connect_summary'),
    sections: [
      {
        title: localText('dappBtc_section_addresses'),
        rows: [
          { kind: 'address', label: localText('dappBtc_payment_address'), value: payment, ours: true },
          { kind: 'address', label: localText('dappBtc_taproot_address'), value: taproot, ours: true },
        ],
      },
    ],
  };
}

export function psbtContent(args: {
  inputs: PsbtInputView[];
  outputs: PsbtOutputView[];
  fee?: bigint;
  signing: ReadonlySet<number>;
  broadcast: boolean;
}): ApprovalContent {
  const { inputs, outputs, fee, signing } = args;
  const inputRows = inputs.flatMap((i): ApprovalRow[] => {
    const n = String(i.index);
    const label = localText(signing.has(i.index) ? 'dappBtc_input_signed' : 'dappBtc_input', n);
    const where: ApprovalRow = i.address ? { kind: 'address', label, value: i.address, ours: i.owner !== undefined } : { kind: 'text', label, value: `${i.txid}:${i.vout}`, mono: true };
    const amount: ApprovalRow = i.value === undefined ? { kind: 'text', label: localText('dappBtc_input_amount', n), value: localText('dappBtc_value_unknown') } : btc(localText('dappBtc_input_amount', n), i.value);
    return [where, amount];
  });
  const outputRows = outputs.flatMap((o): ApprovalRow[] => {
    const n = String(o.index);
    const label = localText('dappBtc_output', n);
    const where: ApprovalRow = o.address ? { kind: 'address', label, value: o.address, ours: o.ours } : { kind: 'text', label, value: localText('dappBtc_data_output', o.script), mono: true };
    return [where, btc(localText('dappBtc_output_amount', n), o.value)];
  });
  const spent = inputs.filter((i) => signing.has(i.index)).reduce((s, i) => s + i.value!, 0n);
  const back = outputs.filter((o) => o.ours).reduce((s, o) => s + o.value, 0n);
  const totals: ApprovalRow[] = [
    fee === undefined ? { kind: 'text', label: localText('dappBtc_fee'), value: localText('dappBtc_fee_unknown') } : btc(localText('dappBtc_fee'), fee),
    btc(localText('dappBtc_from_wallet'), spent),
    btc(localText('dappBtc_to_wallet'), back),
    spent >= back ? btc(localText('dappBtc_net_out'), spent - back, true) : btc(localText('dappBtc_net_in'), back - spent),
  ];
  // A SINGLE signature holds only its paired output: that input can be spent in another
  // transaction, so what is sure to come back is only our outputs paired with such inputs.
  const single = inputs.filter((i) => signing.has(i.index) && i.sighash !== undefined && (i.sighash & 0x1f) === 0x03);
  if (single.length) {
    const held = single.reduce((s, i) => s + (outputs[i.index]?.ours ? outputs[i.index]!.value : 0n), 0n);
    totals.push(btc(localText('dappBtc_worst_out'), spent - held, true));
  }
  const warnings: LocalText[] = [];
  for (const i of inputs) {
    const name = i.sighash === undefined ? undefined : SIGHASH_NAMES[i.sighash];
    if (signing.has(i.index) && name) warnings.push(localText('dappBtc_warn_sighash', String(i.index), name));
  }
  if (fee === undefined) warnings.push(localText('dappBtc_warn_unknown_values'));
  const sections: ApprovalSection[] = [
    { title: localText('dappBtc_section_totals'), rows: totals },
    { title: localText('dappBtc_section_inputs'), rows: inputRows },
    { title: localText('dappBtc_section_outputs'), rows: outputRows },
  ];
  return { summary: localText(args.broadcast ? 'dappBtc_psbt_broadcast_summary' : 'dappBtc_psbt_summary'), sections, ...(warnings.length ? { warnings } : {}) };
}

export function transferContent(args: { recipients: { address: string; amount: bigint }[]; fee: bigint; total: bigint; feeRate: string; highFee: boolean; cap: string }): ApprovalContent {
  return {
    summary: localText('dappBtc_send_summary'),
    sections: [
      {
        title: localText('dappBtc_section_recipients'),
        rows: args.recipients.flatMap((r): ApprovalRow[] => [
          { kind: 'address', label: localText('dappBtc_recipient'), value: r.address },
          btc(localText('dappBtc_amount'), r.amount),
        ]),
      },
      {
        title: localText('dappBtc_section_totals'),
        rows: [
          btc(localText('dappBtc_fee'), args.fee),
          { kind: 'text', label: localText('dappBtc_fee_rate'), value: `${args.feeRate} sat/vB` },
          btc(localText('dappBtc_total'), args.total, true),
        ],
      },
    ],
    ...(args.highFee ? { warnings: [localText('dappBtc_warn_high_fee', args.feeRate, args.cap)] } : {}),
  };
}

export function messageContent(args: { address: string; message: string; protocol: 'BIP322' | 'ECDSA' }): ApprovalContent {
  return {
    summary: localText('dappBtc_message_summary'),
    sections: [
      {
        title: localText('dappBtc_section_message'),
        rows: [
          { kind: 'address', label: localText('dappBtc_signing_address'), value: args.address, ours: true },
          { kind: 'message', label: localText('dappBtc_message'), value: args.message },
          { kind: 'text', label: localText('dappBtc_protocol'), value: localText(args.protocol === 'BIP322' ? 'dappBtc_protocol_bip322' : 'dappBtc_protocol_ecdsa') },
        ],
      },
    ],
    ...(args.protocol === 'ECDSA' ? { warnings: [localText('dappBtc_warn_ecdsa')] } : {}),
  };
}
