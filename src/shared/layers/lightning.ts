/**
 * The Lightning layer, shared half: its networks (params, presets), the assets it
 * holds, and its screen's protocol methods.
 *
 * Protocol methods of the Lightning screen. The user types sats (up to three
 * decimals); the background parses them into millisatoshis. Every amount that
 * comes back is a millisatoshi integer string (`…Msat`). `hosts` are the host
 * permission patterns the popup must hold before the background may contact a
 * service (see host-patterns.ts).
 */
import type { AmountString } from '../units';
import type { LocalText } from '../local-text';
import { bool, empty, obj, optional, str } from '../schema';
import { defineLayer, type LayerPreset } from './types';
import { method } from '../rpc-method';
import { DEVNET_RELAY } from './devnet';

export interface LightningParams {
  /** bolt11 prefix after `ln`: `tb` (testnet), `tbs` (signet), `bcrt` (regtest). */
  bolt11: 'tb' | 'tbs' | 'bcrt';
}

type Via = 'lightning-uri' | 'bip21' | 'url-fallback';

export type LightningTargetView =
  | {
      kind: 'bolt11';
      via?: Via;
      invoice: string;
      /** null: the invoice leaves the amount to the payer. */
      amountMsat: AmountString | null;
      description?: string;
      descriptionHash?: string;
      payee: string;
      paymentHash: string;
      expiresAt: number;
      hosts: string[];
    }
  | {
      kind: 'lnurl-pay';
      via?: Via;
      domain: string;
      lightningAddress?: string;
      minMsat: AmountString;
      maxMsat: AmountString;
      description: string;
      longDescription?: string;
      image?: string;
      identifier?: string;
      commentAllowed: number;
      /** LUD-18 `auth`: paying logs in at `domain` with `linkingKey`, after the login confirmation. */
      payerAuth?: { mandatory: boolean; domain: string; linkingKey: string };
      warnings: LocalText[];
      hosts: string[];
    }
  | {
      kind: 'lnurl-withdraw';
      via?: Via;
      domain: string;
      minMsat: AmountString;
      maxMsat: AmountString;
      defaultDescription: string;
      hosts: string[];
    }
  | {
      kind: 'lnurl-auth';
      via?: Via;
      domain: string;
      action?: 'register' | 'login' | 'link' | 'auth';
      actionLabel: LocalText;
      linkingKey: string;
      hosts: string[];
    };

export interface LightningPreviewView {
  kind: 'bolt11' | 'lnurl-pay';
  amountMsat: AmountString;
  maxFeeMsat: AmountString;
  destination: string;
  description: string | LocalText;
  expiresAt?: number;
  comment?: string;
  funding: { kind: string; label: string } | null;
  balanceMsat?: AmountString;
  warnings: LocalText[];
  hosts: string[];
}

/** `plaintext` of an aes action is kept in storage.session only: gone after a browser restart. */
export type SuccessActionView =
  | { tag: 'message'; message: string }
  | { tag: 'url'; description: string; url: string }
  | { tag: 'aes'; description: string; plaintext?: string };

export interface LightningPaidView {
  id: string;
  paymentHash: string;
  amountMsat: AmountString;
  feeMsat: AmountString;
  destination: string;
  successAction?: SuccessActionView;
  warnings: LocalText[];
}

export interface LightningWithdrawView {
  id: string;
  amountMsat: AmountString;
  domain: string;
  status: 'pending' | 'confirmed' | 'failed';
}

export interface LightningInvoiceView {
  id: string;
  invoice: string;
  uri: string;
  amountMsat: AmountString;
  expiresAt: number;
}

export interface LightningPaymentItem {
  id: string;
  direction: 'in' | 'out';
  kind: 'bolt11' | 'lnurl-pay' | 'lnurl-withdraw' | 'invoice';
  amountMsat: AmountString;
  feeMsat?: AmountString;
  /** `unknown`: no answer said whether it went through; the wallet keeps asking and will not pay it again meanwhile. */
  status: 'pending' | 'unknown' | 'confirmed' | 'failed';
  /** ms since epoch */
  createdAt: number;
  description: string;
  counterparty?: string;
  comment?: string;
  successAction?: SuccessActionView;
  /** A plain string in records written before notes had keys. */
  note?: string | LocalText;
}

export interface NwcStatusView {
  network: string;
  connected: boolean;
  /** Public parts of the connection; the secret never leaves the background. */
  walletPubkey?: string;
  relays?: string[];
  lud16?: string;
  /** How requests are encrypted: NIP-44 v2, or the older NIP-04 the user allowed. */
  encryption?: 'nip44_v2' | 'nip04';
  /** Only after connecting (a fresh balance query). */
  balanceMsat?: AmountString;
}

const text = str({ min: 1, max: 8000 });
/** Sats as typed: digits with up to three decimals (millisatoshis). */
const sats = str({ max: 40 });
const payDraft = obj({ text, amount: optional(sats), comment: optional(str({ max: 2000 })) });

const methods = {
  /** Parses only (no request): the host patterns to hold before inspecting. */
  'lightning.hosts': method<{ hosts: string[] }>()(obj({ text })),
  'lightning.inspect': method<LightningTargetView>()(obj({ text })),
  'lightning.payPreview': method<LightningPreviewView>()(payDraft),
  'lightning.pay': method<LightningPaidView>()(payDraft),
  'lightning.withdraw': method<LightningWithdrawView>()(obj({ text, amount: sats, description: optional(str({ max: 639 })) })),
  'lightning.createInvoice': method<LightningInvoiceView>()(obj({ amount: sats, memo: str({ max: 639 }) })),
  'lightning.authPreview': method<Extract<LightningTargetView, { kind: 'lnurl-auth' }>>()(obj({ text })),
  'lightning.auth': method<{ domain: string; linkingKey: string }>()(obj({ text })),
  /** The login confirmation for a pay link's LUD-18 `auth`: only this lets the next payment to it sign. */
  'lightning.payerAuthConfirm': method<{ domain: string; linkingKey: string }>()(obj({ text })),
  /** Newest first; `refresh` first asks the funding source about pending items. */
  'lightning.payments': method<LightningPaymentItem[]>()(obj({ refresh: optional(bool()) })),
  'lightning.nwcStatus': method<NwcStatusView>()(empty),
  /** `allowNip04`: the user's consent to NIP-04 when the wallet service does not announce NIP-44. */
  'lightning.nwcConnect': method<NwcStatusView>()(obj({ uri: str({ min: 1, max: 4000 }), allowNip04: optional(bool()) })),
  'lightning.nwcDisconnect': method<NwcStatusView>()(empty),
};

/**
 * `journalRelay`: the Nostr relay (ws:// or wss://) keeping the move journal, an
 * encrypted copy of moves in flight that a profile restored from the phrase reads
 * back. Empty: no journal. No public relay is chosen for the user: whoever runs it
 * sees when the wallet moves (not what), so it is theirs to pick.
 */
const presets: readonly LayerPreset<'lightning', LightningParams>[] = [
  { layer: 'lightning', id: 'testnet', label: 'Testnet', endpoints: { journalRelay: '' }, params: { bolt11: 'tb' } },
  { layer: 'lightning', id: 'devnet', label: 'Local devnet (regtest)', endpoints: { journalRelay: DEVNET_RELAY }, params: { bolt11: 'bcrt' } },
];

export const LIGHTNING_LAYER = defineLayer({
  id: 'lightning',
  name: 'Lightning',
  presets,
  defaultPreset: 'testnet',
  methods,
  assets: [
    // Lightning amounts are entered and shown in sats.
    { asset: 'BTC', symbol: 'sats', decimals: 0 },
  ],
});
