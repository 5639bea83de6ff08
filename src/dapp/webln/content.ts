/** What the approval window shows for each WebLN request: decoded, amounts as msat strings in sats. */
import type { ApprovalRow } from '../../shared/dapp/approval-view';
import { localText, type LocalText } from '../../shared/local-text';
import type { Bolt11Invoice } from '../../layers/lightning/bolt11';
import type { LnurlAuthTarget, LnurlPayTarget, LnurlWithdrawTarget } from '../../layers/lightning/service';
import type { ApprovalContent } from '../family';

/** Lightning amounts are kept in msat and shown in sats with three decimals (as LIGHTNING_ASSET). */
function msat(labelKey: string, value: bigint, outgoing: boolean): ApprovalRow {
  return { kind: 'amount', label: localText(labelKey), value: value.toString(), decimals: 3, unit: 'sats', ...(outgoing ? { outgoing } : {}) };
}

function text(labelKey: string, value: string | LocalText, mono = false): ApprovalRow {
  return { kind: 'text', label: localText(labelKey), value, ...(mono ? { mono } : {}) };
}

function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

export function connectContent(fundingLabel: string | null, signingKey: string): ApprovalContent {
  return {
    summary: localText('webln_connect_summary'),
    sections: [
      {
        title: localText('webln_section_wallet'),
        rows: [
          { kind: 'text', label: localText('webln_row_funding'), value: fundingLabel ?? localText('webln_no_funding') },
          { kind: 'address', label: localText('webln_row_signing_key'), value: signingKey, ours: true },
        ],
      },
    ],
  };
}

export function paymentContent(inv: Bolt11Invoice & { amountMsat: bigint }): ApprovalContent {
  const rows: ApprovalRow[] = [msat('webln_row_amount', inv.amountMsat, true)];
  if (inv.description !== undefined) rows.push(text('webln_row_description', inv.description));
  else if (inv.descriptionHash !== undefined) rows.push(text('webln_row_description_hash', inv.descriptionHash, true));
  rows.push(
    { kind: 'address', label: localText('webln_row_payee'), value: inv.payee },
    text('webln_row_expires', isoTime(inv.expiresAt)),
    text('webln_row_payment_hash', inv.paymentHash, true),
  );
  return { summary: localText('webln_pay_summary'), sections: [{ title: localText('webln_section_invoice'), rows }] };
}

export function invoiceContent(amountMsat: bigint, memo: string): ApprovalContent {
  const rows: ApprovalRow[] = [msat('webln_row_amount', amountMsat, false)];
  if (memo) rows.push(text('webln_row_description', memo));
  return { summary: localText('webln_invoice_summary'), sections: [{ title: localText('webln_section_invoice'), rows }] };
}

export function signContent(message: string, signingKey: string): ApprovalContent {
  return {
    summary: localText('webln_sign_summary'),
    sections: [
      {
        title: localText('webln_section_message'),
        rows: [
          { kind: 'message', label: localText('webln_row_message'), value: message },
          { kind: 'address', label: localText('webln_row_signing_key'), value: signingKey, ours: true },
        ],
      },
    ],
  };
}

export function lnurlPayContent(t: LnurlPayTarget, amountMsat: bigint): ApprovalContent {
  const rows: ApprovalRow[] = [
    msat('webln_row_amount', amountMsat, true),
    text('webln_row_service', t.lightningAddress ?? t.domain),
    text('webln_row_description', t.description),
  ];
  const ranged = t.minSendableMsat !== t.maxSendableMsat;
  return {
    summary: localText('webln_lnurl_pay_summary'),
    sections: [{ title: localText('webln_section_lnurl'), rows }],
    ...(ranged ? { warnings: [localText('webln_warn_lnurl_least')] } : {}),
  };
}

export function lnurlWithdrawContent(t: LnurlWithdrawTarget, amountMsat: bigint): ApprovalContent {
  const rows: ApprovalRow[] = [msat('webln_row_amount', amountMsat, false), text('webln_row_service', t.domain)];
  if (t.defaultDescription) rows.push(text('webln_row_description', t.defaultDescription));
  return { summary: localText('webln_lnurl_withdraw_summary'), sections: [{ title: localText('webln_section_lnurl'), rows }] };
}

export function lnurlAuthContent(t: LnurlAuthTarget): ApprovalContent {
  return {
    summary: localText('webln_lnurl_auth_summary'),
    sections: [
      {
        title: localText('webln_section_lnurl'),
        rows: [
          text('webln_row_service', t.domain),
          text('webln_row_action', t.actionLabel),
          { kind: 'address', label: localText('webln_row_linking_key'), value: t.linkingKey, ours: true },
        ],
      },
    ],
  };
}
