/**
 * The Lightning layer: reads any destination, pays invoices and LNURL-pay links
 * through a LightningFunding after every check LUD-06 and BOLT-11 ask for,
 * withdraws from LNURL-withdraw services, signs LNURL-auth challenges, and keeps
 * an activity list. Without a funding source it can still inspect and log in.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import { localText, type LocalText } from '../../shared/local-text';
import type { LayerOverview } from '../../shared/layer-views';
import type { KeyValueArea } from '../../shared/storage';
import type { LayerDeps, LayerService, ReceiveView } from '../types';
import { assertNotExpired, decodeBolt11, type Bolt11Invoice } from './bolt11';
import { paymentOutcomeUnknown, type LightningFunding } from './funding';
import { fetchLnurl } from './lnurl';
import { linkingPublicKey, signAuthChallenge, submitAuth } from './lnurl-auth';
import {
  buildPayerData,
  checkComment,
  checkPayAmount,
  fetchPayRequest,
  formatMsat,
  requestPayInvoice,
  type PayerDataInput,
  type PayerDataKind,
  type PayRequest,
} from './lnurl-pay';
import { checkWithdrawAmount, fetchWithdrawRequest, submitWithdrawInvoice } from './lnurl-withdraw';
import { destinationOrigins, parseLightningInput, type AuthAction, type AuthDestination, type LightningDestination, type LnurlDestination } from './parse';
import { serviceDomain } from './lnurl-url';
import { PayerAuthConsents } from './payer-auth';
import { LIGHTNING_ASSET, PaymentsStore, SuccessSecrets, toActivityItem, type LightningPaymentRecord, type PaymentKind } from './payments-store';
import { successActionView, type SuccessActionView } from './success-action';

type Via = LightningDestination['via'];

export interface Bolt11Target {
  kind: 'bolt11';
  via?: Via;
  invoice: string;
  amountMsat: bigint | null;
  description?: string;
  descriptionHash?: string;
  payee: string;
  paymentHash: string;
  /** Seconds since epoch. */
  expiresAt: number;
  origins: string[];
}

export interface LnurlPayTarget {
  kind: 'lnurl-pay';
  via?: Via;
  domain: string;
  url: string;
  lightningAddress?: string;
  minSendableMsat: bigint;
  maxSendableMsat: bigint;
  description: string;
  longDescription?: string;
  image?: string;
  identifier?: string;
  commentAllowed: number;
  /** LUD-18 kinds the service asks for, and whether each is mandatory. */
  payerData?: Partial<Record<PayerDataKind, { mandatory: boolean }>>;
  /** LUD-18 `auth`: the service asks for a login with the payment; the confirmation screen shows these. */
  payerAuth?: { mandatory: boolean; domain: string; linkingKey: string };
  warnings: LocalText[];
  /** The LNURL's origin and the callback's: host permissions the pay will need. */
  origins: string[];
}

export interface LnurlWithdrawTarget {
  kind: 'lnurl-withdraw';
  via?: Via;
  domain: string;
  url: string;
  minWithdrawableMsat: bigint;
  maxWithdrawableMsat: bigint;
  defaultDescription: string;
  origins: string[];
}

export interface LnurlAuthTarget {
  kind: 'lnurl-auth';
  via?: Via;
  /** Name this on the confirmation screen: the key is derived from it. */
  domain: string;
  url: string;
  action?: AuthAction;
  /** "Log in to example.com", "Create an account at example.com", … */
  actionLabel: LocalText;
  /** The public key the service will know the user by. */
  linkingKey: string;
  origins: string[];
}

export type LightningTarget = Bolt11Target | LnurlPayTarget | LnurlWithdrawTarget | LnurlAuthTarget;

export interface LightningPayDraft {
  /** Whatever the user pasted or scanned: invoice, LNURL, Lightning Address, URI. */
  text: string;
  /** Required for LNURL-pay and for invoices without an amount; must match an invoice's own amount. */
  amountMsat?: bigint;
  /** LUD-12 comment, within the service's commentAllowed. */
  comment?: string;
  /** LUD-18 payer data the user chose to give. */
  payerData?: PayerDataInput;
  /** Fee ceiling; defaults to 1% with a 10-sat floor. */
  maxFeeMsat?: bigint;
}

export interface LightningPayPreview {
  kind: 'bolt11' | 'lnurl-pay';
  amountMsat: bigint;
  maxFeeMsat: bigint;
  /** Lightning Address, service domain, or payee node key. */
  destination: string;
  /** The invoice's or service's own text; the wallet's words when an invoice commits to its description by hash only. */
  description: string | LocalText;
  /** Invoices only: seconds since epoch. */
  expiresAt?: number;
  comment?: string;
  funding: { kind: string; label: string } | null;
  balanceMsat?: bigint;
  warnings: LocalText[];
  origins: string[];
}

export interface LightningPayResult {
  id: string;
  paymentHash: string;
  /** The proof of payment (checked against the payment hash); WebLN hands it to the page that asked. */
  preimage: string;
  amountMsat: bigint;
  feeMsat: bigint;
  destination: string;
  successAction?: SuccessActionView;
  warnings: LocalText[];
}

export interface LightningWithdrawDraft {
  text: string;
  amountMsat: bigint;
  description?: string;
  /** Wait up to this long for the service's payment to arrive (0: return at once, pending). */
  waitMs?: number;
}

export interface LightningWithdrawResult {
  id: string;
  paymentHash: string;
  amountMsat: bigint;
  domain: string;
  status: 'pending' | 'confirmed' | 'failed';
}

export interface LightningInvoiceDraft {
  amountMsat: bigint;
  description: string;
  expirySeconds?: number;
}

export interface LightningInvoiceView {
  id: string;
  invoice: string;
  /** What the QR code encodes. */
  uri: string;
  paymentHash: string;
  amountMsat: bigint;
  expiresAt: number;
}

export interface LightningAuthResult {
  domain: string;
  linkingKey: string;
}

/** A LightningPaymentRecord with bigint amounts, for the detail screen. */
export type LightningPaymentView = Omit<LightningPaymentRecord, 'amountMsat' | 'feeMsat'> & { amountMsat: bigint; feeMsat?: bigint };

/** LUD-04 `action`: what the confirmation screen says the login does, at the service's domain. */
const ACTION_LABELS: Record<AuthAction, (domain: string) => LocalText> = {
  register: (domain) => localText('lnAuthLabel_register', domain),
  login: (domain) => localText('lnAuthLabel_login', domain),
  link: (domain) => localText('lnAuthLabel_link', domain),
  auth: (domain) => localText('lnAuthLabel_auth', domain),
};

export function defaultMaxFeeMsat(amountMsat: bigint): bigint {
  const percent = amountMsat / 100n;
  return percent > 10_000n ? percent : 10_000n;
}

export interface LightningServiceOptions {
  /** Logins confirmed for LUD-18 `auth`; shared by the services a worker builds. */
  payerAuth?: PayerAuthConsents;
  /** storage.session: where opened LUD-10 secrets are kept (never storage.local). */
  session?: KeyValueArea;
}

export class LightningService implements LayerService {
  readonly layer = 'lightning' as const;
  private readonly payments: PaymentsStore;
  private readonly secrets: SuccessSecrets;
  private readonly payerAuth: PayerAuthConsents;

  constructor(
    private readonly deps: LayerDeps<'lightning'>,
    private readonly funding: LightningFunding | null = null,
    opts: LightningServiceOptions = {},
  ) {
    this.payments = new PaymentsStore(deps.store, deps.preset.id);
    this.secrets = new SuccessSecrets(opts.session, deps.preset.id);
    this.payerAuth = opts.payerAuth ?? new PayerAuthConsents(deps.now);
  }

  /** Parses without any request: the origins to ask host permission for before inspect(). */
  originsFor(text: string): string[] {
    return destinationOrigins(this.parse(text));
  }

  /** Everything the review screen needs for any kind of destination. */
  async inspect(text: string): Promise<LightningTarget> {
    const dest = this.parse(text);
    const via = dest.via ? { via: dest.via } : {};
    if (dest.kind === 'bolt11') {
      const inv = dest.invoice;
      assertNotExpired(inv, this.deps.now());
      return { kind: 'bolt11', ...via, ...invoiceFields(inv), origins: [] };
    }
    if (dest.kind === 'auth') return this.authTarget(dest);
    const offer = await fetchLnurl(this.deps.http, dest);
    if (offer.tag === 'payRequest') return this.payTarget(offer.request, dest);
    const wr = offer.request;
    return {
      kind: 'lnurl-withdraw',
      ...via,
      domain: wr.domain,
      url: wr.url,
      minWithdrawableMsat: wr.minWithdrawableMsat,
      maxWithdrawableMsat: wr.maxWithdrawableMsat,
      defaultDescription: wr.defaultDescription,
      origins: unique([new URL(wr.url).origin, new URL(wr.callback).origin]),
    };
  }

  async payPreview(draft: LightningPayDraft): Promise<LightningPayPreview> {
    const dest = this.parse(draft.text);
    if (dest.kind === 'bolt11') {
      const inv = dest.invoice;
      assertNotExpired(inv, this.deps.now());
      const amountMsat = invoiceAmount(inv, draft.amountMsat);
      if (draft.comment) throw new WalletError('bad_memo', localText('err_invoice_no_comment'));
      return this.preview('bolt11', amountMsat, draft, {
        destination: inv.payee,
        description: inv.description ?? localText('lnDescription_by_hash'),
        expiresAt: inv.expiresAt,
        warnings: [],
        origins: [],
      });
    }
    await this.refuseOpenPaymentTo(dest);
    const pr = await this.payRequestFor(dest);
    if (draft.amountMsat === undefined) throw new WalletError('bad_amount', localText('err_amount_empty'));
    checkPayAmount(pr, draft.amountMsat);
    checkComment(pr, draft.comment);
    // Checks a mandatory login was confirmed; the signature is made only when paying.
    buildPayerData(pr, draft.payerData, this.payerAuth.has(pr.domain, pr.url) ? this.authSigner() : undefined);
    return this.preview('lnurl-pay', draft.amountMsat, draft, {
      destination: (dest.kind === 'lnurl' && dest.lightningAddress) || pr.domain,
      description: pr.description,
      ...(draft.comment ? { comment: draft.comment } : {}),
      warnings: pr.warnings,
      origins: unique([new URL(pr.url).origin, new URL(pr.callback).origin]),
    });
  }

  /** Pays a bolt11 invoice or an LNURL-pay link; every check runs again here. */
  async pay(draft: LightningPayDraft): Promise<LightningPayResult> {
    const funding = this.requireFunding();
    const dest = this.parse(draft.text);
    const now = this.deps.now();
    let invoice: Bolt11Invoice;
    let amountMsat: bigint;
    let kind: PaymentKind;
    let destination: string;
    let description: string;
    let successAction: Awaited<ReturnType<typeof requestPayInvoice>>['successAction'];
    const warnings: LocalText[] = [];
    if (dest.kind === 'bolt11') {
      invoice = dest.invoice;
      assertNotExpired(invoice, now);
      amountMsat = invoiceAmount(invoice, draft.amountMsat);
      if (draft.comment) throw new WalletError('bad_memo', localText('err_invoice_no_comment'));
      kind = 'bolt11';
      destination = invoice.payee;
      description = invoice.description ?? '';
    } else {
      // Before a fresh invoice is asked for (or a login consent used): the atomic check is claim() below.
      await this.refuseOpenPaymentTo(dest);
      const pr = await this.payRequestFor(dest);
      if (draft.amountMsat === undefined) throw new WalletError('bad_amount', localText('err_amount_empty'));
      const confirmed = pr.payerData?.fields.auth !== undefined && this.payerAuth.take(pr.domain, pr.url);
      const payerData = buildPayerData(pr, draft.payerData, confirmed ? this.authSigner() : undefined);
      const checked = await requestPayInvoice(
        this.deps.http,
        pr,
        { amountMsat: draft.amountMsat, ...(draft.comment ? { comment: draft.comment } : {}), ...(payerData ? { payerData } : {}) },
        this.deps.preset.params,
        now,
      );
      invoice = checked.invoice;
      amountMsat = draft.amountMsat;
      successAction = checked.successAction;
      kind = 'lnurl-pay';
      description = pr.description;
      destination = (dest.kind === 'lnurl' && dest.lightningAddress) || pr.domain;
      warnings.push(...pr.warnings);
    }
    const maxFeeMsat = draft.maxFeeMsat ?? defaultMaxFeeMsat(amountMsat);
    await this.checkBalance(amountMsat + maxFeeMsat);

    const record: LightningPaymentRecord = {
      id: invoice.paymentHash,
      direction: 'out',
      kind,
      amountMsat: amountMsat.toString(),
      status: 'pending',
      createdAt: now,
      invoice: invoice.invoice,
      expiresAt: invoice.expiresAt,
      description,
      counterparty: destination,
      ...(dest.kind === 'lnurl' ? { payLink: dest.url } : {}),
      ...(draft.comment ? { comment: draft.comment } : {}),
    };
    // Persisted before the funding source sees the invoice; one payment per payment hash, one open payment per pay link.
    const earlier = await this.payments.claim(record);
    if (earlier) throw earlier.id === record.id ? alreadyPaying(earlier, funding.label) : alreadyPayingLink(earlier, funding.label);

    let paid: Awaited<ReturnType<LightningFunding['payInvoice']>>;
    try {
      paid = await funding.payInvoice(invoice.invoice, {
        maxFeeMsat,
        ...(invoice.amountMsat === null ? { amountMsat } : {}),
      });
    } catch (err) {
      if (paymentOutcomeUnknown(err)) {
        const note =
          err instanceof WalletError
            ? localText('err_ln_payment_unknown_after', textOf(err), funding.label)
            : localText('err_ln_payment_unknown', funding.label);
        await this.payments.update(record.id, { status: 'unknown', note });
        throw new WalletError('payment_unknown', note);
      }
      const note = err instanceof WalletError ? textOf(err) : localText('err_ln_wallet_could_not_pay');
      await this.payments.update(record.id, { status: 'failed', note });
      throw err;
    }
    if (!proves(paid.preimage, invoice.paymentHash)) {
      const note = localText('err_ln_proof_mismatch', funding.label);
      await this.payments.update(record.id, { status: 'unknown', note });
      throw new WalletError('payment_failed', note);
    }
    if (paid.feePaidMsat > maxFeeMsat) warnings.push(localText('lnWarn_fee_above_ceiling', formatMsat(paid.feePaidMsat), formatMsat(maxFeeMsat)));
    const view = await successActionView(successAction, paid.preimage).catch((err: unknown) => {
      warnings.push(err instanceof WalletError && err.text ? err.text : localText('err_ln_success_unopened'));
      return undefined;
    });
    if (view?.tag === 'aes' && view.plaintext !== undefined) await this.secrets.put(record.id, view.plaintext);
    await this.payments.update(record.id, {
      status: 'confirmed',
      settledAt: this.deps.now(),
      feeMsat: paid.feePaidMsat.toString(),
      // The record goes to storage.local: an opened secret stays out of it.
      ...(view ? { successAction: view.tag === 'aes' ? { tag: 'aes', description: view.description } : view } : {}),
    });
    return {
      id: record.id,
      paymentHash: invoice.paymentHash,
      preimage: paid.preimage,
      amountMsat,
      feeMsat: paid.feePaidMsat,
      destination,
      ...(view ? { successAction: view } : {}),
      warnings,
    };
  }

  /** LUD-03: hands the service an invoice from the funding source and follows it. */
  async withdraw(draft: LightningWithdrawDraft): Promise<LightningWithdrawResult> {
    const dest = this.parse(draft.text);
    if (dest.kind !== 'lnurl' || (dest.tag !== undefined && dest.tag !== 'withdrawRequest')) {
      throw new WalletError('bad_params', localText('err_not_lnurl_withdraw'));
    }
    const wr = dest.tag ? await fetchWithdrawRequest(this.deps.http, dest.url) : await this.withdrawRequestFor(dest);
    checkWithdrawAmount(wr, draft.amountMsat);
    const funding = this.requireFunding();
    const description = draft.description ?? wr.defaultDescription;
    const bolt11 = await funding.makeInvoice(draft.amountMsat, description);
    const invoice = decodeBolt11(bolt11);
    if (invoice.amountMsat !== draft.amountMsat || invoice.currency !== this.deps.preset.params.bolt11) {
      throw new WalletError('payment_failed', localText('err_ln_withdraw_invoice_mismatch', funding.label));
    }
    const record: LightningPaymentRecord = {
      id: invoice.paymentHash,
      direction: 'in',
      kind: 'lnurl-withdraw',
      amountMsat: draft.amountMsat.toString(),
      status: 'pending',
      createdAt: this.deps.now(),
      invoice: invoice.invoice,
      expiresAt: invoice.expiresAt,
      description,
      counterparty: wr.domain,
    };
    await this.payments.put(record);
    try {
      await submitWithdrawInvoice(this.deps.http, wr, invoice.invoice);
    } catch (err) {
      await this.payments.update(record.id, { status: 'failed', note: err instanceof WalletError ? textOf(err) : localText('err_lnurl_withdraw_refused') });
      throw err;
    }
    const status = draft.waitMs ? await this.waitForSettlement(record.id, draft.waitMs) : 'pending';
    return { id: record.id, paymentHash: invoice.paymentHash, amountMsat: draft.amountMsat, domain: wr.domain, status };
  }

  /** Makes an invoice through the funding source for the Receive screen. */
  async createInvoice(draft: LightningInvoiceDraft): Promise<LightningInvoiceView> {
    if (draft.amountMsat <= 0n) throw new WalletError('bad_amount', localText('err_amount_zero'));
    if ([...draft.description].length > 639) throw new WalletError('bad_memo', localText('err_memo_too_long_invoice'));
    const funding = this.requireFunding();
    const bolt11 = await funding.makeInvoice(draft.amountMsat, draft.description, draft.expirySeconds ? { expirySeconds: draft.expirySeconds } : {});
    const inv = decodeBolt11(bolt11);
    if (inv.amountMsat !== draft.amountMsat || inv.currency !== this.deps.preset.params.bolt11) {
      throw new WalletError('backend_error', localText('err_ln_invoice_mismatch', funding.label));
    }
    await this.payments.put({
      id: inv.paymentHash,
      direction: 'in',
      kind: 'invoice',
      amountMsat: draft.amountMsat.toString(),
      status: 'pending',
      createdAt: this.deps.now(),
      invoice: inv.invoice,
      expiresAt: inv.expiresAt,
      description: draft.description,
    });
    return {
      id: inv.paymentHash,
      invoice: inv.invoice,
      uri: `lightning:${inv.invoice.toUpperCase()}`,
      paymentHash: inv.paymentHash,
      amountMsat: draft.amountMsat,
      expiresAt: inv.expiresAt,
    };
  }

  /**
   * The login confirmation of a pay link asking for LUD-18 `auth`: lets the next
   * payment to it sign the service's k1 with this domain's linking key. No request
   * is made and nothing is signed here.
   */
  async confirmPayerAuth(text: string): Promise<LightningAuthResult> {
    const dest = this.parse(text);
    if (dest.kind !== 'lnurl' || (dest.tag !== undefined && dest.tag !== 'payRequest')) {
      throw new WalletError('bad_params', localText('err_not_lnurl_pay'));
    }
    const domain = serviceDomain(new URL(dest.url));
    this.payerAuth.give(domain, dest.url);
    return { domain, linkingKey: linkingPublicKey(this.deps.root, domain) };
  }

  /** What the LNURL-auth confirmation screen shows. No request is made. */
  async authPreview(text: string): Promise<LnurlAuthTarget> {
    const dest = this.parse(text);
    if (dest.kind !== 'auth') throw new WalletError('bad_params', localText('err_not_lnurl_login'));
    return this.authTarget(dest);
  }

  /** Signs the challenge with the domain's linking key and sends it; the service verifies. */
  async auth(text: string): Promise<LightningAuthResult> {
    const dest = this.parse(text);
    if (dest.kind !== 'auth') throw new WalletError('bad_params', localText('err_not_lnurl_login'));
    const signed = await submitAuth(this.deps.http, dest, this.deps.root);
    return { domain: dest.domain, linkingKey: signed.key };
  }

  /** Lightning activity, newest first, with bigint amounts and the secrets this browser session still holds. */
  async paymentsList(): Promise<LightningPaymentView[]> {
    const secrets = await this.secrets.all();
    return (await this.payments.list()).map((r) => {
      const action = r.successAction;
      const plaintext = secrets[r.id];
      return recordView(action?.tag === 'aes' && plaintext !== undefined ? { ...r, successAction: { ...action, plaintext } } : r);
    });
  }

  /**
   * Asks the funding source (NIP-47 lookup_invoice, by payment hash) about pending
   * and unknown items, and marks expired invoices. An unknown payment stays unknown
   * until the source says it settled or failed.
   */
  async refreshPending(): Promise<void> {
    const now = this.deps.now();
    for (const r of await this.payments.list()) {
      if (r.status !== 'pending' && r.status !== 'unknown') continue;
      if (this.funding?.lookupInvoice) {
        try {
          const st = await this.funding.lookupInvoice(r.id);
          if (st.state === 'settled') {
            if (st.preimage !== undefined && !proves(st.preimage, r.id)) continue;
            await this.payments.update(r.id, {
              status: 'confirmed',
              settledAt: (st.settledAt ?? Math.floor(now / 1000)) * 1000,
              ...(r.direction === 'out' && st.feePaidMsat !== undefined ? { feeMsat: st.feePaidMsat.toString() } : {}),
              ...(r.status === 'unknown' ? { note: localText('lnNote_reported_made', this.funding.label) } : {}),
            });
            continue;
          }
          if (st.state === 'failed' || st.state === 'expired') {
            await this.payments.update(r.id, { status: 'failed', note: st.state === 'expired' ? localText('lnNote_expired_unpaid') : localText('lnNote_payment_failed') });
            continue;
          }
        } catch (err) {
          // Unreachable: ask next time. Unknown to the source once the invoice can no longer be paid: it never was.
          const unheardOf = err instanceof WalletError && err.code === 'not_found' && now / 1000 >= r.expiresAt;
          if (r.direction === 'out' && unheardOf) {
            await this.payments.update(r.id, { status: 'failed', note: localText('lnNote_expired_unheard_of', this.funding.label) });
          }
        }
      }
      if (r.direction === 'in' && now / 1000 >= r.expiresAt) {
        await this.payments.update(r.id, { status: 'failed', note: localText('lnNote_expired_unpaid') });
      }
    }
  }

  async overview(): Promise<LayerOverview> {
    // The balance round trip (the connected wallet, over its relay) is the slow part: it runs while pending payments are looked up.
    const [, msat] = await Promise.all([this.refreshPending(), this.funding?.getBalance ? this.funding.getBalance() : null]);
    const balances = [];
    if (msat !== null) balances.push({ ...LIGHTNING_ASSET, confirmed: msat.toString(), pending: '0' });
    const activity = (await this.payments.list()).map(toActivityItem);
    return { layer: 'lightning', network: this.deps.preset.id, balances, activity, updatedAt: this.deps.now() };
  }

  /**
   * Lightning has no static address to show: receiving needs an amount and an
   * invoice from a funding source, which createInvoice() makes.
   */
  async receive(): Promise<ReceiveView> {
    throw this.funding
      ? new WalletError('unsupported', localText('err_ln_no_address'))
      : new WalletError('unsupported', localText('err_ln_no_address_connect'));
  }

  private parse(text: string): LightningDestination {
    return parseLightningInput(text, this.deps.preset.params);
  }

  private requireFunding(): LightningFunding {
    if (!this.funding) {
      throw new WalletError('no_funding', localText('err_ln_no_wallet'));
    }
    return this.funding;
  }

  private authSigner() {
    return (domain: string, k1: string) => signAuthChallenge(this.deps.root, domain, k1);
  }

  private payTarget(pr: PayRequest, dest: LnurlDestination): LnurlPayTarget {
    return payTarget(pr, dest, (domain) => linkingPublicKey(this.deps.root, domain));
  }

  private authTarget(dest: AuthDestination): LnurlAuthTarget {
    return {
      kind: 'lnurl-auth',
      ...(dest.via ? { via: dest.via } : {}),
      domain: dest.domain,
      url: dest.url,
      ...(dest.action ? { action: dest.action } : {}),
      actionLabel: ACTION_LABELS[dest.action ?? 'login'](dest.domain),
      linkingKey: linkingPublicKey(this.deps.root, dest.domain),
      origins: [new URL(dest.url).origin],
    };
  }

  private async payRequestFor(dest: LightningDestination): Promise<PayRequest> {
    if (dest.kind !== 'lnurl') throw new WalletError('bad_params', localText('err_login_not_payment'));
    if (dest.tag === 'payRequest') return fetchPayRequest(this.deps.http, dest.url, dest.lightningAddress);
    const offer = await fetchLnurl(this.deps.http, dest);
    if (offer.tag !== 'payRequest') throw new WalletError('bad_params', localText('err_lnurl_is_withdraw', dest.domain));
    return offer.request;
  }

  /** Refuses a pay link (LNURL-pay, Lightning Address) that has an open payment: a new one would be a second invoice. */
  private async refuseOpenPaymentTo(dest: LightningDestination): Promise<void> {
    if (dest.kind !== 'lnurl') return;
    const open = await this.payments.openPaymentTo(dest.url);
    if (open) throw alreadyPayingLink(open, this.funding?.label ?? localText('ln_connected_wallet'));
  }

  private async withdrawRequestFor(dest: LnurlDestination) {
    const offer = await fetchLnurl(this.deps.http, dest);
    if (offer.tag !== 'withdrawRequest') throw new WalletError('bad_params', localText('err_lnurl_is_pay', dest.domain));
    return offer.request;
  }

  private async preview(
    kind: LightningPayPreview['kind'],
    amountMsat: bigint,
    draft: LightningPayDraft,
    rest: Pick<LightningPayPreview, 'destination' | 'description' | 'warnings' | 'origins'> & Partial<LightningPayPreview>,
  ): Promise<LightningPayPreview> {
    const maxFeeMsat = draft.maxFeeMsat ?? defaultMaxFeeMsat(amountMsat);
    const balanceMsat = await this.checkBalance(amountMsat + maxFeeMsat);
    const warnings = [...rest.warnings];
    if (!this.funding) warnings.push(localText('lnWarn_no_wallet'));
    return {
      kind,
      amountMsat,
      maxFeeMsat,
      funding: this.funding ? { kind: this.funding.kind, label: this.funding.label } : null,
      ...(balanceMsat !== undefined ? { balanceMsat } : {}),
      ...rest,
      warnings,
    };
  }

  private async checkBalance(neededMsat: bigint): Promise<bigint | undefined> {
    if (!this.funding?.getBalance) return undefined;
    const balance = await this.funding.getBalance();
    if (balance < neededMsat) {
      throw new WalletError('insufficient_funds', localText('err_ln_balance_short', this.funding.label, formatMsat(balance), formatMsat(neededMsat)));
    }
    return balance;
  }

  private async waitForSettlement(id: string, waitMs: number): Promise<'pending' | 'confirmed' | 'failed'> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      await this.refreshPending();
      const r = await this.payments.get(id);
      // Incoming records are never `unknown`; that state belongs to outgoing payments.
      if (!r || r.status !== 'pending' || Date.now() >= deadline) return r?.status === 'confirmed' || r?.status === 'failed' ? r.status : 'pending';
      await new Promise((res) => setTimeout(res, 250));
    }
  }
}

function invoiceFields(inv: Bolt11Invoice) {
  return {
    invoice: inv.invoice,
    amountMsat: inv.amountMsat,
    ...(inv.description !== undefined ? { description: inv.description } : {}),
    ...(inv.descriptionHash !== undefined ? { descriptionHash: inv.descriptionHash } : {}),
    payee: inv.payee,
    paymentHash: inv.paymentHash,
    expiresAt: inv.expiresAt,
  };
}

function payTarget(pr: PayRequest, dest: LnurlDestination, linkingKey: (domain: string) => string): LnurlPayTarget {
  const auth = pr.payerData?.fields.auth;
  return {
    kind: 'lnurl-pay',
    ...(dest.via ? { via: dest.via } : {}),
    domain: pr.domain,
    url: pr.url,
    ...(dest.lightningAddress ? { lightningAddress: dest.lightningAddress } : {}),
    minSendableMsat: pr.minSendableMsat,
    maxSendableMsat: pr.maxSendableMsat,
    description: pr.description,
    ...(pr.longDescription !== undefined ? { longDescription: pr.longDescription } : {}),
    ...(pr.image !== undefined ? { image: pr.image } : {}),
    ...(pr.identifier !== undefined ? { identifier: pr.identifier } : {}),
    commentAllowed: pr.commentAllowed,
    ...(pr.payerData ? { payerData: pr.payerData.fields } : {}),
    ...(auth ? { payerAuth: { mandatory: auth.mandatory, domain: pr.domain, linkingKey: linkingKey(pr.domain) } } : {}),
    warnings: pr.warnings,
    origins: unique([new URL(pr.url).origin, new URL(pr.callback).origin]),
  };
}

/** An invoice's amount, or the user's for an amountless one; a different user amount is refused. */
function invoiceAmount(inv: Bolt11Invoice, userAmount: bigint | undefined): bigint {
  if (inv.amountMsat === null) {
    if (userAmount === undefined || userAmount <= 0n) throw new WalletError('bad_amount', localText('err_invoice_enter_amount'));
    return userAmount;
  }
  if (userAmount !== undefined && userAmount !== inv.amountMsat) {
    throw new WalletError('bad_amount', localText('err_invoice_exact_amount', formatMsat(inv.amountMsat)));
  }
  return inv.amountMsat;
}

function recordView(r: LightningPaymentRecord): LightningPaymentView {
  const { amountMsat, feeMsat, ...rest } = r;
  return { ...rest, amountMsat: BigInt(amountMsat), ...(feeMsat !== undefined ? { feeMsat: BigInt(feeMsat) } : {}) };
}

/** Whether a hex preimage hashes to the payment hash. */
function proves(preimage: string, paymentHash: string): boolean {
  return /^[0-9a-f]{64}$/i.test(preimage) && bytesToHex(sha256(hexToBytes(preimage))) === paymentHash;
}

function alreadyPaying(earlier: LightningPaymentRecord, label: string): WalletError {
  if (earlier.status === 'confirmed') return new WalletError('bad_params', localText('err_invoice_paid_already'));
  if (earlier.status === 'unknown') return new WalletError('payment_unknown', localText('err_invoice_outcome_unknown', label));
  return new WalletError('bad_params', localText('err_invoice_paying'));
}

function alreadyPayingLink(earlier: LightningPaymentRecord, label: string | LocalText): WalletError {
  const to = earlier.counterparty ?? localText('ln_this_pay_link');
  if (earlier.status === 'unknown') return new WalletError('payment_unknown', localText('err_ln_link_outcome_unknown', to, label));
  return new WalletError('bad_params', localText('err_ln_link_paying', to));
}

/** An error's sentence, keyed when it is, for a payment's note. */
function textOf(err: WalletError): string | LocalText {
  return err.text ?? err.message;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
