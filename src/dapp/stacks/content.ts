/**
 * What the approval window shows for each Stacks request: decoded, never raw hex
 * alone; amounts as integer strings with their decimals and unit; the account's own
 * addresses marked. Public data only.
 */
import { addressToString, PayloadType, wireToPostCondition, type ClarityValue, type StacksTransactionWire } from '@stacks/transactions';
import type { ApprovalRow, ApprovalSection } from '../../shared/dapp/approval-view';
import { localText, type LocalText } from '../../shared/local-text';
import { UNITS } from '../../shared/units';
import type { StacksAsset } from '../../layers/stacks/assets';
import type { ApprovalContent } from '../family';
import { clarityText, tupleField } from './clarity';
import { describePostCondition, type TokenPostCondition } from './post-conditions';

export interface Account {
  address: string;
  publicKey: string;
  tokens: readonly StacksAsset[];
}

const stx = (label: LocalText, value: bigint, outgoing = true): ApprovalRow => ({ kind: 'amount', label, value: value.toString(), decimals: UNITS.STX.decimals, unit: UNITS.STX.symbol, outgoing });
const address = (label: LocalText, value: string, own: string): ApprovalRow => ({ kind: 'address', label, value, ours: value === own });
const mono = (label: LocalText, value: string): ApprovalRow => ({ kind: 'text', label, value, mono: true });

export function connectContent(a: Account): ApprovalContent {
  return {
    summary: localText('dapp_stx_connect_summary'),
    sections: [{ title: localText('dapp_stx_section_account'), rows: [address(localText('dapp_stx_address'), a.address, a.address), mono(localText('dapp_stx_public_key'), a.publicKey)] }],
  };
}

/** STX or a token leaving the account by a transfer the wallet builds (its own exact post-condition for a token). */
export function transferContent(a: Account, t: { asset: StacksAsset; to: string; amount: bigint; memo?: string; fee: bigint }): ApprovalContent {
  const rows: ApprovalRow[] = [
    address(localText('dapp_stx_from'), a.address, a.address),
    address(localText('dapp_stx_to'), t.to, a.address),
    { kind: 'amount', label: localText('dapp_stx_amount'), value: t.amount.toString(), decimals: t.asset.decimals, unit: t.asset.symbol, outgoing: true },
  ];
  if (t.memo) rows.push({ kind: 'message', label: localText('dapp_stx_memo'), value: t.memo });
  rows.push(stx(localText('dapp_stx_fee'), t.fee));
  const sections: ApprovalSection[] = [{ title: localText('dapp_stx_section_transfer'), rows }];
  // A token moves by a contract call: the wallet's own post-condition (transfer.ts) is what holds the contract to the amount.
  if (t.asset.kind === 'sip010') sections.push(postConditionSection([{ type: 'ft-postcondition', address: a.address, condition: 'eq', asset: t.asset.id as `${string}.${string}::${string}`, amount: t.amount.toString() }], 'deny', a));
  return { summary: localText('dapp_stx_transfer_summary', t.asset.symbol), sections };
}

function postConditionSection(pcs: readonly TokenPostCondition[], mode: 'deny' | 'allow' | 'originator', a: Account): ApprovalSection {
  const rows: ApprovalRow[] = [{ kind: 'text', label: localText('dapp_stx_pc_mode'), value: localText(mode === 'allow' ? 'dapp_stx_pc_mode_allow' : mode === 'deny' ? 'dapp_stx_pc_mode_deny' : 'dapp_stx_pc_mode_originator') }];
  if (pcs.length === 0) rows.push({ kind: 'text', label: localText('dapp_stx_post_condition'), value: localText(mode === 'allow' ? 'dapp_stx_pc_none_allow' : 'dapp_stx_pc_none_deny') });
  for (const pc of pcs) rows.push({ kind: 'text', label: localText('dapp_stx_post_condition'), value: describePostCondition(pc, a.address, a.tokens) });
  return { title: localText('dapp_stx_section_post_conditions'), rows };
}

function callRows(contract: string, functionName: string, args: readonly ClarityValue[], a: Account): ApprovalRow[] {
  return [
    address(localText('dapp_stx_contract'), contract, a.address),
    mono(localText('dapp_stx_function'), functionName),
    ...args.map((arg, i) => mono(localText('dapp_stx_argument', String(i + 1)), clarityText(arg))),
  ];
}

const allowWarning = (mode: string): LocalText[] => (mode === 'allow' ? [localText('dapp_stx_warn_allow_mode')] : []);

export function callContent(a: Account, c: { contract: string; functionName: string; functionArgs: readonly ClarityValue[]; postConditions: readonly TokenPostCondition[]; postConditionMode: 'deny' | 'allow'; fee: bigint }): ApprovalContent {
  return {
    summary: localText('dapp_stx_call_summary', c.functionName, c.contract),
    sections: [
      { title: localText('dapp_stx_section_call'), rows: [address(localText('dapp_stx_from'), a.address, a.address), ...callRows(c.contract, c.functionName, c.functionArgs, a)] },
      postConditionSection(c.postConditions, c.postConditionMode, a),
      { title: localText('dapp_stx_section_fee'), rows: [stx(localText('dapp_stx_fee'), c.fee)] },
    ],
    warnings: allowWarning(c.postConditionMode),
  };
}

export function messageContent(a: Account, message: string): ApprovalContent {
  return {
    summary: localText('dapp_stx_sign_message_summary'),
    sections: [{ title: localText('dapp_stx_section_message'), rows: [address(localText('dapp_stx_signer'), a.address, a.address), { kind: 'message', label: localText('dapp_stx_message'), value: message }] }],
  };
}

export function structuredContent(a: Account, domain: ClarityValue, message: ClarityValue): ApprovalContent {
  const field = (k: string) => {
    const v = tupleField(domain, k);
    return v ? clarityText(v) : '';
  };
  return {
    summary: localText('dapp_stx_sign_structured_summary'),
    sections: [
      {
        title: localText('dapp_stx_section_domain'),
        rows: [mono(localText('dapp_stx_domain_name'), field('name')), mono(localText('dapp_stx_domain_version'), field('version')), mono(localText('dapp_stx_domain_chain'), field('chain-id'))],
      },
      { title: localText('dapp_stx_section_message'), rows: [address(localText('dapp_stx_signer'), a.address, a.address), mono(localText('dapp_stx_message'), clarityText(message))] },
    ],
  };
}

const MODES = { 1: 'allow', 2: 'deny', 3: 'originator' } as const;

/** A transaction the site built, decoded: what it does, its post-conditions, fee and nonce; null for what this wallet does not sign for a site (coinbase, tenure change, PoX post-conditions). */
export function transactionContent(a: Account, tx: StacksTransactionWire): ApprovalContent | null {
  const p = tx.payload;
  let what: ApprovalRow[];
  if (p.payloadType === PayloadType.TokenTransfer) {
    const memo = p.memo.content.replace(/\0+$/, '');
    what = [address(localText('dapp_stx_to'), p.recipient.value, a.address), stx(localText('dapp_stx_amount'), BigInt(p.amount))];
    if (memo) what.push({ kind: 'message', label: localText('dapp_stx_memo'), value: memo });
  } else if (p.payloadType === PayloadType.ContractCall) {
    what = callRows(`${addressToString(p.contractAddress)}.${p.contractName.content}`, p.functionName.content, p.functionArgs, a);
  } else if (p.payloadType === PayloadType.SmartContract || p.payloadType === PayloadType.VersionedSmartContract) {
    what = [mono(localText('dapp_stx_deploy_name'), p.contractName.content), { kind: 'message', label: localText('dapp_stx_deploy_code'), value: p.codeBody.content }];
  } else return null;
  const cond = tx.auth.spendingCondition;
  const mode = MODES[tx.postConditionMode as 1 | 2 | 3] ?? 'deny';
  const all = tx.postConditions.values.map((w) => wireToPostCondition(w));
  const pcs = all.filter((pc): pc is TokenPostCondition => pc.type === 'stx-postcondition' || pc.type === 'ft-postcondition' || pc.type === 'nft-postcondition');
  // Kinds this wallet cannot say in words are not signed unseen.
  if (pcs.length !== all.length) return null;
  return {
    summary: localText('dapp_stx_sign_tx_summary'),
    sections: [
      { title: localText(p.payloadType === PayloadType.TokenTransfer ? 'dapp_stx_section_transfer' : p.payloadType === PayloadType.ContractCall ? 'dapp_stx_section_call' : 'dapp_stx_section_deploy'), rows: [address(localText('dapp_stx_from'), a.address, a.address), ...what] },
      postConditionSection(pcs, mode, a),
      { title: localText('dapp_stx_section_fee'), rows: [stx(localText('dapp_stx_fee'), BigInt(cond.fee)), mono(localText('dapp_stx_nonce'), String(cond.nonce))] },
    ],
    warnings: [localText('dapp_stx_warn_sign_only', String(cond.nonce)), ...allowWarning(mode)],
  };
}
