/**
 * Call data as a person can review it: the selector and length always, the
 * function and its arguments when the selector is one of the few every token
 * speaks (ERC-20) and the data is exactly its static encoding; the bytes too.
 */
import type { ApprovalRow } from '../../shared/dapp/approval-view';
import { localText } from '../../shared/local-text';
import { selector } from '../../layers/rootstock/abi';

interface KnownFunction {
  signature: string;
  args: { name: string; type: 'address' | 'uint256' }[];
}

const KNOWN: KnownFunction[] = [
  { signature: 'transfer(address,uint256)', args: [{ name: 'to', type: 'address' }, { name: 'amount', type: 'uint256' }] },
  { signature: 'approve(address,uint256)', args: [{ name: 'spender', type: 'address' }, { name: 'amount', type: 'uint256' }] },
  {
    signature: 'transferFrom(address,address,uint256)',
    args: [
      { name: 'from', type: 'address' },
      { name: 'to', type: 'address' },
      { name: 'amount', type: 'uint256' },
    ],
  },
];
const BY_SELECTOR = new Map(KNOWN.map((f) => [selector(f.signature), f]));

/** The arguments of a known function, or undefined when the data is not exactly its encoding. */
function decodeKnown(fn: KnownFunction, body: string): ApprovalRow[] | undefined {
  if (body.length !== fn.args.length * 64) return undefined;
  const rows: ApprovalRow[] = [];
  for (const [i, arg] of fn.args.entries()) {
    const word = body.slice(i * 64, (i + 1) * 64);
    const label = localText('dapp_rsk_field', `${arg.name} (${arg.type})`);
    if (arg.type === 'address') {
      if (!/^0{24}/.test(word)) return undefined;
      rows.push({ kind: 'address', label, value: `0x${word.slice(24)}` });
    } else {
      rows.push({ kind: 'text', label, value: BigInt(`0x${word}`).toString(), mono: true });
    }
  }
  return rows;
}

/** Rows for non-empty 0x call data (lower-case hex). */
export function describeCall(data: string): ApprovalRow[] {
  const hex = data.slice(2);
  const rows: ApprovalRow[] = [];
  if (hex.length >= 8) {
    const sel = hex.slice(0, 8);
    rows.push({ kind: 'text', label: localText('dapp_rsk_selector'), value: `0x${sel}`, mono: true });
    const known = BY_SELECTOR.get(sel);
    const args = known && decodeKnown(known, hex.slice(8));
    if (known && args) rows.push({ kind: 'text', label: localText('dapp_rsk_function'), value: known.signature, mono: true }, ...args);
    else rows.push({ kind: 'text', label: localText('dapp_rsk_function'), value: localText('dapp_rsk_function_unknown') });
  }
  rows.push({ kind: 'text', label: localText('dapp_rsk_data_length'), value: localText('dapp_rsk_bytes', String(hex.length / 2)) });
  rows.push({ kind: 'message', label: localText('dapp_rsk_data'), value: data, hex: true });
  return rows;
}
