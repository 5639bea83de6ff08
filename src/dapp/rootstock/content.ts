/**
 * What the approval window shows for each Rootstock request: decoded, public data
 * only. Amounts are wei (or gwei) as integer strings with their decimals; our own
 * address is marked; call data is shown as its function and arguments where the
 * selector is a well-known one, and always with its selector and length.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import type { ApprovalRow, ApprovalSection } from '../../shared/dapp/approval-view';
import { localText, type LocalText } from '../../shared/local-text';
import type { NetworkPreset } from '../../shared/networks';
import { UNITS } from '../../shared/units';
import type { RootstockQuote } from '../../layers/rootstock/service';
import type { TypedData } from '../../layers/rootstock/typed-data';
import type { ApprovalContent } from '../family';
import { describeCall } from './call-data';
import { presetName } from '../../shared/networks';

const RBTC = UNITS.RBTC;

export function chainRow(preset: NetworkPreset<'rootstock'>): ApprovalRow {
  return { kind: 'text', label: localText('dapp_rsk_chain'), value: localText('dapp_rsk_chain_value', presetName(preset), String(preset.params.chainId)) };
}

export function connectContent(address: string, preset: NetworkPreset<'rootstock'>): ApprovalContent {
  return {
    summary: localText('dapp_rsk_connect_summary'),
    sections: [{ title: localText('dapp_rsk_section_account'), rows: [{ kind: 'address', label: localText('dapp_rsk_address'), value: address, ours: true }, chainRow(preset)] }],
  };
}

export function grants(address: string): LocalText[] {
  return [localText('dapp_rsk_grant_address', address), localText('dapp_rsk_grant_requests')];
}

export function txContent(q: RootstockQuote, data: string, toIsContract: boolean, preset: NetworkPreset<'rootstock'>): ApprovalContent {
  const hasData = data !== '0x';
  const kind = hasData ? 'dapp_rsk_kind_call' : toIsContract ? 'dapp_rsk_kind_transfer_contract' : 'dapp_rsk_kind_transfer';
  const sections: ApprovalSection[] = [
    {
      title: localText('dapp_rsk_section_tx'),
      rows: [
        { kind: 'text', label: localText('dapp_rsk_kind'), value: localText(kind) },
        { kind: 'address', label: localText('dapp_rsk_from'), value: q.from, ours: true },
        { kind: 'address', label: localText('dapp_rsk_to'), value: q.to, ours: q.to.toLowerCase() === q.from.toLowerCase() },
        { kind: 'amount', label: localText('dapp_rsk_value'), value: q.amount.toString(), decimals: RBTC.decimals, unit: RBTC.symbol, outgoing: true },
        chainRow(preset),
      ],
    },
  ];
  if (hasData) sections.push({ title: localText('dapp_rsk_section_call'), rows: describeCall(data) });
  sections.push({
    title: localText('dapp_rsk_section_gas'),
    rows: [
      { kind: 'text', label: localText('dapp_rsk_gas_limit'), value: q.gasLimit.toString() },
      { kind: 'amount', label: localText('dapp_rsk_gas_price'), value: q.gasPrice.toString(), decimals: 9, unit: 'gwei' },
      { kind: 'amount', label: localText('dapp_rsk_max_fee'), value: q.fee.toString(), decimals: RBTC.decimals, unit: RBTC.symbol, outgoing: true },
      { kind: 'amount', label: localText('dapp_rsk_total'), value: q.total.toString(), decimals: RBTC.decimals, unit: RBTC.symbol, outgoing: true },
    ],
  });
  const warnings: LocalText[] = [];
  if (hasData && !toIsContract) warnings.push(localText('dapp_rsk_warn_data_to_account'));
  return { summary: localText('dapp_rsk_send_summary'), sections, ...(warnings.length ? { warnings } : {}) };
}

/** The message as text when it is UTF-8 a person can read, else as hex (and said so). */
export function messageRow(label: LocalText, message: Uint8Array): ApprovalRow {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(message);
    // Control characters (other than line breaks and tabs) could hide what is signed.
    if (!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(text)) return { kind: 'message', label, value: text };
  } catch {
    // not UTF-8
  }
  return { kind: 'message', label, value: `0x${bytesToHex(message)}`, hex: true };
}

export function personalSignContent(address: string, message: Uint8Array, preset: NetworkPreset<'rootstock'>): ApprovalContent {
  return {
    summary: localText('dapp_rsk_sign_summary'),
    sections: [
      { title: localText('dapp_rsk_section_message'), rows: [messageRow(localText('dapp_rsk_message'), message)] },
      { title: localText('dapp_rsk_section_account'), rows: [{ kind: 'address', label: localText('dapp_rsk_address'), value: address, ours: true }, chainRow(preset)] },
    ],
  };
}

const MAX_ROWS = 200;

/** Typed values flattened to rows: `a.b`, `list[0]`; addresses as addresses. */
function typedRows(data: TypedData, type: string, value: Record<string, unknown>, prefix: string, ours: string, rows: ApprovalRow[]): void {
  for (const field of data.types[type] ?? []) {
    const name = prefix ? `${prefix}.${field.name}` : field.name;
    pushValue(data, field.type, value[field.name], name, ours, rows);
  }
}

function pushValue(data: TypedData, type: string, value: unknown, name: string, ours: string, rows: ApprovalRow[]): void {
  if (rows.length >= MAX_ROWS) return;
  const array = /^(.*)\[\d*\]$/.exec(type);
  if (array && Array.isArray(value)) {
    value.forEach((v, i) => pushValue(data, array[1]!, v, `${name}[${i}]`, ours, rows));
    if (value.length === 0) rows.push({ kind: 'text', label: localText('dapp_rsk_field', name), value: '[]', mono: true });
    return;
  }
  if (data.types[type] && typeof value === 'object' && value !== null) {
    typedRows(data, type, value as Record<string, unknown>, name, ours, rows);
    return;
  }
  const label = localText('dapp_rsk_field', `${name} (${type})`);
  if (type === 'address' && typeof value === 'string') rows.push({ kind: 'address', label, value, ours: value.toLowerCase() === ours });
  else if (type === 'string' && typeof value === 'string') rows.push({ kind: 'message', label, value });
  else rows.push({ kind: 'text', label, value: String(value), mono: true });
}

export function typedDataContent(address: string, data: TypedData, preset: NetworkPreset<'rootstock'>): ApprovalContent {
  const ours = address.toLowerCase();
  const domain: ApprovalRow[] = [];
  typedRows(data, 'EIP712Domain', data.domain, '', ours, domain);
  const message: ApprovalRow[] = [];
  if (data.primaryType !== 'EIP712Domain') typedRows(data, data.primaryType, data.message, '', ours, message);
  const warnings: LocalText[] = [];
  if (data.domain.chainId === undefined || !data.types.EIP712Domain!.some((f) => f.name === 'chainId')) warnings.push(localText('dapp_rsk_warn_sign_no_chain'));
  if (domain.length + message.length >= MAX_ROWS) warnings.push(localText('dapp_rsk_warn_rows_cut', String(MAX_ROWS)));
  return {
    summary: localText('dapp_rsk_typed_summary'),
    sections: [
      { title: localText('dapp_rsk_section_domain'), rows: domain },
      { title: localText('dapp_rsk_section_typed_message', data.primaryType), rows: message },
      { title: localText('dapp_rsk_section_account'), rows: [{ kind: 'address', label: localText('dapp_rsk_address'), value: address, ours: true }, chainRow(preset)] },
    ],
    ...(warnings.length ? { warnings } : {}),
  };
}

export function switchContent(from: NetworkPreset<'rootstock'>, to: NetworkPreset<'rootstock'>): ApprovalContent {
  return {
    summary: localText('dapp_rsk_switch_summary', to.label),
    sections: [
      {
        title: localText('dapp_rsk_section_network'),
        rows: [
          { kind: 'text', label: localText('dapp_rsk_network_now'), value: localText('dapp_rsk_chain_value', presetName(from), String(from.params.chainId)) },
          { kind: 'text', label: localText('dapp_rsk_network_after'), value: localText('dapp_rsk_chain_value', to.label, String(to.params.chainId)) },
        ],
      },
    ],
    warnings: [localText('dapp_rsk_warn_switch')],
  };
}
