/**
 * WebLN (`window.webln`, webln.guide; the `webln` package's WebLNProvider) answered
 * by the Lightning layer: payments and invoices go through the connected NWC wallet
 * with the layer's own checks (LightningService: invoice signature, network, expiry,
 * the payment stored before it is handed over, the preimage checked against the hash);
 * messages are signed with the wallet's message key (layers/lightning/message-signing).
 */
import { decodeBolt11, type Bolt11Invoice } from '../../layers/lightning/bolt11';
import { lightningFunding } from '../../layers/lightning/background-state';
import type { FundingInfo, LightningFunding } from '../../layers/lightning/funding';
import { messageSigningPubkey, recoverMessageSigner, signLightningMessage } from '../../layers/lightning/message-signing';
import { LIGHTNING_MODULE } from '../../layers/lightning/module';
import { localText } from '../../shared/local-text';
import { DappError, type DappContext, type DappMethod, type FamilyHandler } from '../family';
import { connectContent, invoiceContent, lnurlAuthContent, lnurlPayContent, lnurlWithdrawContent, paymentContent, signContent } from './content';
import { asDappError, weblnError } from './errors';
import { pageHostAccess } from './page-hosts';
import { invoiceParams, lnurlParams, messageParams, paymentRequestParams, verifyParams } from './params';

type Ctx = DappContext<'lightning'>;

/** What getInfo lists; keysend is left out (NIP-47 pay_keysend is not used). */
const METHODS = ['enable', 'getInfo', 'sendPayment', 'makeInvoice', 'signMessage', 'verifyMessage', 'lnurl', 'getBalance'] as const;

const NETWORK_NAMES: Record<string, string> = { bc: 'Bitcoin mainnet', tb: 'Bitcoin testnet', tbs: 'Bitcoin signet', bcrt: 'Bitcoin regtest' };

async function funding(ctx: Ctx): Promise<LightningFunding | null> {
  return lightningFunding(await ctx.deps());
}

async function requireFunding(ctx: Ctx): Promise<LightningFunding> {
  const f = await funding(ctx);
  if (!f) throw new DappError('internal', 'No Lightning wallet is connected to Layerhop; nothing was sent.');
  return f;
}

async function signingPubkey(ctx: Ctx): Promise<string> {
  return messageSigningPubkey((await ctx.deps()).root);
}

/** An invoice this wallet would pay now: decoded and verified, on the wallet's network, not expired, with an amount. */
function payableInvoice(text: string, ctx: Ctx, nowMs: number): Bolt11Invoice & { amountMsat: bigint } {
  const inv = decodeBolt11(text);
  const want = ctx.preset.params.bolt11;
  if (inv.currency !== want) {
    throw new DappError(
      'wrong_network',
      `This invoice is for ${NETWORK_NAMES[inv.currency]} (ln${inv.currency}…); Layerhop's Lightning is on ${ctx.preset.label} (ln${want}…). Nothing was paid.`,
    );
  }
  if (nowMs / 1000 >= inv.expiresAt) throw new DappError('invalid_params', 'This invoice has expired; nothing was paid.');
  if (inv.amountMsat === null) throw new DappError('invalid_params', 'This invoice leaves the amount open; WebLN sendPayment cannot say how much to pay. Nothing was paid.');
  return inv as Bolt11Invoice & { amountMsat: bigint };
}

const enable: DappMethod<'lightning'> = async () => ({ enabled: true });

const getInfo: DappMethod<'lightning'> = async (_p, ctx) => {
  const f = await funding(ctx);
  // The connected wallet's node where NWC get_info answers; else the key signMessage signs with.
  const info: FundingInfo = (await f?.getInfo?.().catch(() => undefined)) ?? {};
  const node = info.pubkey
    ? { alias: info.alias ?? '', pubkey: info.pubkey, ...(info.color ? { color: info.color } : {}) }
    : { alias: 'Layerhop', pubkey: await signingPubkey(ctx) };
  const allowed = info.methods;
  const methods = METHODS.filter((m) => m !== 'getBalance' || !allowed || allowed.includes('get_balance'));
  return { node, methods, version: 'Layerhop', supports: ['lightning'] };
};

const sendPayment: DappMethod<'lightning'> = async (params, ctx) => {
  const text = paymentRequestParams(params);
  const deps = await ctx.deps();
  const inv = payableInvoice(text, ctx, deps.now());
  await requireFunding(ctx);
  await ctx.approve('sendPayment', paymentContent(inv));
  // pay() checks everything again (expiry after the wait included), stores the payment before NWC sees it, and refuses a second one.
  const paid = await (await ctx.service()).pay({ text: inv.invoice });
  return { preimage: paid.preimage, paymentHash: paid.paymentHash };
};

const keysend: DappMethod<'lightning'> = async () => {
  throw new DappError('unsupported_method', 'Layerhop does not make keysend payments; ask for an invoice and use sendPayment.');
};

const makeInvoice: DappMethod<'lightning'> = async (params, ctx) => {
  const req = invoiceParams(params);
  await requireFunding(ctx);
  await ctx.approve('makeInvoice', invoiceContent(req.amountMsat, req.memo));
  const inv = await (await ctx.service()).createInvoice({ amountMsat: req.amountMsat, description: req.memo });
  return { paymentRequest: inv.invoice, paymentHash: inv.paymentHash };
};

const signMessage: DappMethod<'lightning'> = async (params, ctx) => {
  const message = messageParams(params);
  const { root } = await ctx.deps();
  await ctx.approve('signMessage', signContent(message, messageSigningPubkey(root)));
  return { message, signature: signLightningMessage(root, message) };
};

/** Resolves (WebLN: void) only for a valid signature by this wallet's message key. */
const verifyMessage: DappMethod<'lightning'> = async (params, ctx) => {
  const { signature, message } = verifyParams(params);
  const signer = recoverMessageSigner(message, signature);
  if (!signer) throw new DappError('invalid_params', 'This is not a valid Lightning message signature for this message.');
  const ours = await signingPubkey(ctx);
  if (signer !== ours) throw new DappError('invalid_params', `This signature was made by ${signer}, not by this wallet's message key ${ours}.`);
  return null;
};

/**
 * LNURL through the approval window: pay (the least the service accepts, the window
 * has no amount field), withdraw (the most the service offers) and auth. The link is
 * read before the window opens, so the window shows the service's own terms.
 */
const lnurl: DappMethod<'lightning'> = async (params, ctx) => {
  const text = lnurlParams(params);
  const deps = await ctx.deps();
  // The layer's service, with every LNURL request held to what this page may reach.
  const service = await LIGHTNING_MODULE.service({ ...deps, env: { ...deps.env, hostAccess: pageHostAccess(ctx.origin, deps.env.hostAccess) } });
  const target = await service.inspect(text);
  switch (target.kind) {
    case 'lnurl-pay': {
      await requireFunding(ctx);
      const amountMsat = target.minSendableMsat;
      await ctx.approve('lnurl', lnurlPayContent(target, amountMsat));
      const paid = await service.pay({ text, amountMsat });
      return { status: 'OK', preimage: paid.preimage, paymentHash: paid.paymentHash };
    }
    case 'lnurl-withdraw': {
      await requireFunding(ctx);
      const amountMsat = target.maxWithdrawableMsat;
      await ctx.approve('lnurl', lnurlWithdrawContent(target, amountMsat));
      const r = await service.withdraw({ text, amountMsat, ...(target.defaultDescription ? { description: target.defaultDescription } : {}) });
      return { status: 'OK', paymentHash: r.paymentHash };
    }
    case 'lnurl-auth':
      await ctx.approve('lnurl', lnurlAuthContent(target));
      await service.auth(text);
      return { status: 'OK' };
    default:
      throw new DappError('invalid_params', 'This is an invoice, not an LNURL: use sendPayment.');
  }
};

const getBalance: DappMethod<'lightning'> = async (_p, ctx) => {
  const f = await requireFunding(ctx);
  if (!f.getBalance) throw new DappError('unsupported_method', 'The connected Lightning wallet does not report a balance.');
  const msat = await f.getBalance();
  // WebLN's balance is whole sats (a number); any msat remainder is left out, never rounded up.
  return { balance: Number(msat / 1000n), currency: 'sats' };
};

/** Every failure leaves as a DappError: the layer's texts about the user's NWC link never reach the page. */
function guarded(method: DappMethod<'lightning'>): DappMethod<'lightning'> {
  return async (params, ctx) => {
    try {
      return await method(params, ctx);
    } catch (err) {
      throw asDappError(err);
    }
  };
}

const METHOD_TABLE: Record<string, DappMethod<'lightning'>> = { enable, getInfo, sendPayment, keysend, makeInvoice, signMessage, verifyMessage, lnurl, getBalance };

export const WEBLN_HANDLER: FamilyHandler<'lightning'> = {
  family: 'webln',
  layer: 'lightning',
  open: [],
  connecting: ['enable'],
  grants: () => [localText('webln_grant_ask'), localText('webln_grant_see')],
  async connectContent(ctx) {
    const f = await funding(ctx);
    return connectContent(f?.label ?? null, await signingPubkey(ctx));
  },
  methods: Object.fromEntries(Object.entries(METHOD_TABLE).map(([name, m]) => [name, guarded(m)])),
  error: weblnError,
};
