/**
 * Lightning screen handlers: sats typed by the user become millisatoshi bigints
 * here, and the service's bigint views go back as millisatoshi strings.
 */
import { hostPatterns } from '../../shared/host-patterns';
import type { LightningPaymentItem, LightningPreviewView, LightningTargetView } from '../../shared/layers/lightning';
import { parseAmount } from '../../shared/units';
import type { LightningPayDraft, LightningPayPreview, LightningPaymentView, LightningTarget, LnurlAuthTarget, LightningService } from './service';
import type { LayerHandlers, LayerRuntime } from '../types';
import { nwcLinks } from './background-state';

/** Sats with up to three decimals -> millisatoshis. */
export function satsToMsat(text: string): bigint {
  return parseAmount(text, 3, 'sats');
}

function payDraft(p: { text: string; amount?: string; comment?: string }): LightningPayDraft {
  return {
    text: p.text,
    ...(p.amount !== undefined && p.amount.trim() !== '' ? { amountMsat: satsToMsat(p.amount) } : {}),
    ...(p.comment ? { comment: p.comment } : {}),
  };
}

export function targetView(t: LightningTarget): LightningTargetView {
  const via = t.via ? { via: t.via } : {};
  const hosts = hostPatterns(t.origins);
  switch (t.kind) {
    case 'bolt11':
      return {
        kind: 'bolt11',
        ...via,
        invoice: t.invoice,
        amountMsat: t.amountMsat === null ? null : t.amountMsat.toString(),
        ...(t.description !== undefined ? { description: t.description } : {}),
        ...(t.descriptionHash !== undefined ? { descriptionHash: t.descriptionHash } : {}),
        payee: t.payee,
        paymentHash: t.paymentHash,
        expiresAt: t.expiresAt,
        hosts,
      };
    case 'lnurl-pay':
      return {
        kind: 'lnurl-pay',
        ...via,
        domain: t.domain,
        ...(t.lightningAddress ? { lightningAddress: t.lightningAddress } : {}),
        minMsat: t.minSendableMsat.toString(),
        maxMsat: t.maxSendableMsat.toString(),
        description: t.description,
        ...(t.longDescription !== undefined ? { longDescription: t.longDescription } : {}),
        ...(t.image !== undefined ? { image: t.image } : {}),
        ...(t.identifier !== undefined ? { identifier: t.identifier } : {}),
        commentAllowed: t.commentAllowed,
        ...(t.payerAuth ? { payerAuth: t.payerAuth } : {}),
        warnings: t.warnings,
        hosts,
      };
    case 'lnurl-withdraw':
      return {
        kind: 'lnurl-withdraw',
        ...via,
        domain: t.domain,
        minMsat: t.minWithdrawableMsat.toString(),
        maxMsat: t.maxWithdrawableMsat.toString(),
        defaultDescription: t.defaultDescription,
        hosts,
      };
    case 'lnurl-auth':
      return authView(t);
  }
}

function authView(t: LnurlAuthTarget): Extract<LightningTargetView, { kind: 'lnurl-auth' }> {
  return {
    kind: 'lnurl-auth',
    ...(t.via ? { via: t.via } : {}),
    domain: t.domain,
    ...(t.action ? { action: t.action } : {}),
    actionLabel: t.actionLabel,
    linkingKey: t.linkingKey,
    hosts: hostPatterns(t.origins),
  };
}

function previewView(p: LightningPayPreview): LightningPreviewView {
  return {
    kind: p.kind,
    amountMsat: p.amountMsat.toString(),
    maxFeeMsat: p.maxFeeMsat.toString(),
    destination: p.destination,
    description: p.description,
    ...(p.expiresAt !== undefined ? { expiresAt: p.expiresAt } : {}),
    ...(p.comment !== undefined ? { comment: p.comment } : {}),
    funding: p.funding,
    ...(p.balanceMsat !== undefined ? { balanceMsat: p.balanceMsat.toString() } : {}),
    warnings: p.warnings,
    hosts: hostPatterns(p.origins),
  };
}

/** The record minus what the popup has no use for (the invoice text, expiry bookkeeping). */
function paymentItem(r: LightningPaymentView): LightningPaymentItem {
  return {
    id: r.id,
    direction: r.direction,
    kind: r.kind,
    amountMsat: r.amountMsat.toString(),
    ...(r.feeMsat !== undefined ? { feeMsat: r.feeMsat.toString() } : {}),
    status: r.status,
    createdAt: r.createdAt,
    description: r.description,
    ...(r.counterparty ? { counterparty: r.counterparty } : {}),
    ...(r.comment ? { comment: r.comment } : {}),
    ...(r.successAction ? { successAction: r.successAction } : {}),
    ...(r.note ? { note: r.note } : {}),
  };
}

export function lightningHandlers(runtime: LayerRuntime<'lightning', LightningService>): LayerHandlers<'lightning'> {
  const svc = () => runtime.service();
  const nwc = async () => {
    const deps = await runtime.deps();
    return { links: nwcLinks(deps.env, deps.now), root: deps.root, network: deps.preset.id };
  };
  return {
    'lightning.hosts': async ({ text }) => ({ hosts: hostPatterns((await svc()).originsFor(text)) }),
    'lightning.inspect': async ({ text }) => targetView(await (await svc()).inspect(text)),
    'lightning.payPreview': async (p) => previewView(await (await svc()).payPreview(payDraft(p))),
    'lightning.pay': async (p) => {
      const r = await (await svc()).pay(payDraft(p));
      return {
        id: r.id,
        paymentHash: r.paymentHash,
        amountMsat: r.amountMsat.toString(),
        feeMsat: r.feeMsat.toString(),
        destination: r.destination,
        ...(r.successAction ? { successAction: r.successAction } : {}),
        warnings: r.warnings,
      };
    },
    'lightning.withdraw': async ({ text, amount, description }) => {
      // A short wait covers services that pay at once; the popup follows the rest.
      const r = await (await svc()).withdraw({ text, amountMsat: satsToMsat(amount), ...(description ? { description } : {}), waitMs: 3000 });
      return { id: r.id, amountMsat: r.amountMsat.toString(), domain: r.domain, status: r.status };
    },
    'lightning.createInvoice': async ({ amount, memo }) => {
      const inv = await (await svc()).createInvoice({ amountMsat: satsToMsat(amount), description: memo });
      return { id: inv.id, invoice: inv.invoice, uri: inv.uri, amountMsat: inv.amountMsat.toString(), expiresAt: inv.expiresAt };
    },
    'lightning.authPreview': async ({ text }) => authView(await (await svc()).authPreview(text)),
    'lightning.auth': async ({ text }) => (await svc()).auth(text),
    'lightning.payerAuthConfirm': async ({ text }) => (await svc()).confirmPayerAuth(text),
    'lightning.payments': async ({ refresh }) => {
      const s = await svc();
      if (refresh) await s.refreshPending();
      return (await s.paymentsList()).map(paymentItem);
    },
    'lightning.nwcStatus': async () => {
      const { links, network } = await nwc();
      return links.status(network);
    },
    'lightning.nwcConnect': async ({ uri, allowNip04 }) => {
      const { links, root, network } = await nwc();
      return links.connect(root, network, uri, { allowNip04: allowNip04 === true });
    },
    'lightning.nwcDisconnect': async () => {
      const { links, network } = await nwc();
      return links.disconnect(network);
    },
  };
}
