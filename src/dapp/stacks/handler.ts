/**
 * The Stacks family: the `stx_*` methods @stacks/connect v8 sends (SIP-030), on
 * the account and network Settings select. Transfers and contract calls go through
 * the Stacks layer's service (nonces, fee estimate and cap, store before broadcast);
 * signatures are made by the layer's key code. Every request is checked before the
 * approval window opens (params, network, that it is ours to sign), so the user is
 * never asked to approve what would then be refused.
 */
import { ClarityType, type ClarityValue } from '@stacks/transactions';
import { checkFeeCap } from '../../shared/fee-caps';
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';
import { parsePrincipal } from '../../layers/stacks/address';
import type { StacksService } from '../../layers/stacks/service';
import { decodeTransaction, spendsFrom, TESTNET_CHAIN_ID, TESTNET_TX_VERSION } from '../../layers/stacks/sign-transaction';
import { hexToBytes } from '@noble/hashes/utils.js';
import { DappError, type DappContext, type FamilyHandler } from '../family';
import { callContent, connectContent, messageContent, structuredContent, transactionContent, transferContent, type Account } from './content';
import { asDappErrors, stacksError, withoutHosts } from './errors';
import { checkChainId, checkNetwork, networkName } from './network';
import { callContractParams, getAddressesParams, signMessageParams, signStructuredParams, signTransactionParams, transferFtParams, transferStxParams } from './params';

type Ctx = DappContext<'stacks'>;

async function account(svc: StacksService): Promise<Account> {
  return { address: svc.address, publicKey: svc.publicKeyHex(), tokens: svc.assets() };
}

/** SIP-030's `address` names the account the site expects; any other is refused, not silently replaced. */
function checkAddress(svc: StacksService, asked: string | undefined): void {
  if (asked === undefined || parsePrincipal(asked, { allowContract: false }).address === svc.address) return;
  throw new DappError('invalid_params', `The request is for the account ${asked}; Layerhop's Stacks account is ${svc.address}. Nothing was signed.`);
}

/** SIP-018's domain: a tuple of exactly name and version (string-ascii) and chain-id (uint). */
function domainChainId(domain: ClarityValue): bigint {
  const fields = domain.type === ClarityType.Tuple ? domain.value : undefined;
  const ok =
    fields &&
    Object.keys(fields).length === 3 &&
    fields.name?.type === ClarityType.StringASCII &&
    fields.version?.type === ClarityType.StringASCII &&
    fields['chain-id']?.type === ClarityType.UInt;
  if (!ok) throw new DappError('invalid_params', 'The domain must be a tuple of name and version (string-ascii) and chain-id (uint), as SIP-018 defines it.');
  return BigInt((fields['chain-id'] as { value: bigint | string | number }).value);
}

async function transfer(ctx: Ctx, method: string, draft: { asset: string; to: string; amount: bigint; memo?: string; fee?: bigint }) {
  const svc = await ctx.service();
  const asset = svc.asset(draft.asset);
  const q = await svc.quote(draft);
  await ctx.approve(method, transferContent(await account(svc), { asset, to: q.to, amount: q.amount, memo: q.memo, fee: q.fee }));
  const sent = await svc.send({ ...draft, to: q.to, fee: q.fee });
  return { txid: sent.txid, transaction: sent.hex };
}

export const STACKS_HANDLER: FamilyHandler<'stacks'> = {
  family: 'stacks',
  layer: 'stacks',
  open: [],
  connecting: ['stx_getAddresses'],
  grants: () => [localText('dapp_stx_grant_address'), localText('dapp_stx_grant_ask')],
  connectContent: async (ctx) => connectContent(await account(await ctx.service())),
  methods: {
    stx_getAddresses: (params, ctx) =>
      asDappErrors(ctx.preset, async () => {
        const p = getAddressesParams(params);
        checkNetwork(ctx.preset, p.network);
        const a = await account(await ctx.service());
        return { addresses: [{ symbol: 'STX', address: a.address, publicKey: a.publicKey, network: networkName(ctx.preset) }] };
      }),

    stx_transferStx: (params, ctx) =>
      asDappErrors(ctx.preset, async () => {
        const p = transferStxParams(params);
        checkNetwork(ctx.preset, p.network);
        checkAddress(await ctx.service(), p.address);
        return transfer(ctx, 'stx_transferStx', { asset: 'STX', to: p.recipient, amount: p.amount, memo: p.memo, fee: p.fee });
      }),

    stx_transferSip10Ft: (params, ctx) =>
      asDappErrors(ctx.preset, async () => {
        const p = transferFtParams(params);
        checkNetwork(ctx.preset, p.network);
        const svc = await ctx.service();
        checkAddress(svc, p.address);
        const [contract = ''] = p.asset.split('::');
        parsePrincipal(contract, { allowContract: true }); // a mainnet token is refused as wrong_network
        const asset = svc.asset(p.asset);
        if (asset.kind !== 'sip010' || !contract.includes('.')) throw new DappError('invalid_params', `"${p.asset}" is not a token contract (ADDRESS.contract::token).`);
        // The wallet's own transfer carries a deny-mode post-condition of exactly the amount: stricter than any the site could add.
        return transfer(ctx, 'stx_transferSip10Ft', { asset: asset.id, to: p.recipient, amount: p.amount, fee: p.fee });
      }),

    stx_callContract: (params, ctx) =>
      asDappErrors(ctx.preset, async () => {
        const p = callContractParams(params);
        checkNetwork(ctx.preset, p.network);
        const svc = await ctx.service();
        checkAddress(svc, p.address);
        const contract = parsePrincipal(p.contract, { allowContract: true });
        if (contract.kind !== 'contract') throw new DappError('invalid_params', `"${p.contract}" is not a contract (ADDRESS.contract-name).`);
        const call = { contract: contract.id, functionName: p.functionName, functionArgs: p.functionArgs, postConditions: p.postConditions, postConditionMode: p.postConditionMode };
        const q = await svc.quoteContractCall(call, p.fee);
        await ctx.approve('stx_callContract', callContent(await account(svc), { ...call, fee: q.fee }));
        const r = await svc.callContract(call, { fee: q.fee }).catch((err: unknown) => {
          // The call is signed and in the send log before the broadcast: a page that asks again would make a second one.
          if (err instanceof WalletError && (err.code === 'network_error' || err.code === 'timeout')) {
            throw new DappError('internal', `${withoutHosts(err.message, ctx.preset)} The signed call may have reached the network: Layerhop keeps it and sends it again itself, so do not ask for it a second time.`, { reason: err.code });
          }
          throw err;
        });
        return { txid: r.txid, transaction: r.hex };
      }),

    stx_signMessage: (params, ctx) =>
      asDappErrors(ctx.preset, async () => {
        const p = signMessageParams(params);
        checkNetwork(ctx.preset, p.network);
        const svc = await ctx.service();
        if (p.publicKey !== undefined && p.publicKey.toLowerCase() !== svc.publicKeyHex()) {
          throw new DappError('invalid_params', `The request is for the key ${p.publicKey}; Layerhop's Stacks key is ${svc.publicKeyHex()}. Nothing was signed.`);
        }
        await ctx.approve('stx_signMessage', messageContent(await account(svc), p.message));
        return svc.signMessage(p.message);
      }),

    stx_signStructuredMessage: (params, ctx) =>
      asDappErrors(ctx.preset, async () => {
        const p = signStructuredParams(params);
        checkNetwork(ctx.preset, p.network);
        checkChainId(ctx.preset, domainChainId(p.domain));
        const svc = await ctx.service();
        await ctx.approve('stx_signStructuredMessage', structuredContent(await account(svc), p.domain, p.message));
        return svc.signStructuredMessage(p.domain, p.message);
      }),

    stx_signTransaction: (params, ctx) =>
      asDappErrors(ctx.preset, async () => {
        const p = signTransactionParams(params);
        checkNetwork(ctx.preset, p.network);
        if (p.broadcast) throw new DappError('invalid_params', 'Layerhop signs this transaction without broadcasting it: ask again without "broadcast", then broadcast the signed transaction yourself. Nothing was signed.');
        const tx = decodeTransaction(p.transaction);
        if (tx.transactionVersion !== TESTNET_TX_VERSION || tx.chainId !== TESTNET_CHAIN_ID) {
          throw new DappError('wrong_network', `The transaction is not for a Stacks testnet; Layerhop's Stacks account is on Stacks ${ctx.preset.label}. Nothing was signed.`, { network: networkName(ctx.preset) });
        }
        const svc = await ctx.service();
        if (!spendsFrom(tx, hexToBytes(svc.publicKeyHex()))) {
          throw new DappError('invalid_params', `The transaction does not spend from Layerhop's Stacks account ${svc.address} (one signature by its key): nothing was signed.`);
        }
        const cond = tx.auth.spendingCondition;
        const payload = tx.payload as { payloadType: number; amount?: bigint };
        checkFeeCap('stacks', BigInt(cond.fee), payload.payloadType === 0 ? BigInt(payload.amount!) : undefined, 'transaction');
        const content = transactionContent(await account(svc), tx);
        if (!content) throw new DappError('invalid_params', 'This kind of transaction is not signed for web pages (only transfers, contract calls and deployments with STX and token post-conditions). Nothing was signed.');
        await ctx.approve('stx_signTransaction', content);
        return { transaction: svc.signTransaction(tx).hex };
      }),
  },
  error: stacksError,
};
