/**
 * Rootstock for web pages: EIP-1193 methods (answered by the router for a page's
 * EIP-6963-announced provider, src/inject/providers/rootstock.ts) on the account
 * and preset Settings select. Sends go through the layer's service (its gas
 * estimate, fee caps and store-before-broadcast); signatures through its key code.
 */
import { PRESETS, type NetworkPreset } from '../../shared/networks';
import { WalletError } from '../../shared/errors';
import { READ_ONLY_METHODS } from '../../layers/rootstock/rpc';
import { parseTypedData, typedDataChainId, typedDataHash, TypedDataError, type TypedData } from '../../layers/rootstock/typed-data';
import { DappError, type DappContext, type DappMethod, type FamilyHandler } from '../family';
import { connectContent, grants, personalSignContent, switchContent, txContent, typedDataContent } from './content';
import { fromWalletError, nodeError, rootstockError, UNRECOGNIZED_CHAIN, withCode } from './errors';
import { parsePersonalSign, parseReadParams, parseSignTypedData, parseSwitchChain, parseTxRequest } from './params';

type Ctx = DappContext<'rootstock'>;

const hexChain = (id: number | bigint) => `0x${id.toString(16)}`;
const chainOf = (ctx: Ctx) => ctx.preset.params.chainId;

/** Accounts as EIP-1474 DATA: lower case, which every EVM library reads (an EIP-1191 checksum would fail EIP-55 checks). */
const accounts = (ctx: Ctx) => [ctx.account.value.toLowerCase()];

function checkSigner(ctx: Ctx, address: string): void {
  if (address.toLowerCase() !== ctx.account.value.toLowerCase()) {
    throw new DappError('unauthorized', `${address} is not the account this site is connected to.`);
  }
}

async function layerCall<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    throw fromWalletError(err);
  }
}

const sendTransaction: DappMethod<'rootstock'> = async (params, ctx) => {
  const tx = parseTxRequest(params);
  checkSigner(ctx, tx.from);
  if (tx.chainId !== undefined && tx.chainId !== BigInt(chainOf(ctx))) {
    throw new DappError('wrong_network', `The transaction is for chain ${tx.chainId}, but the wallet is on chain ${chainOf(ctx)} (${ctx.preset.label}). Nothing was sent.`);
  }
  const svc = await ctx.service();
  // Settings changed network since the request came: the window would name one chain and the send use another.
  if (svc.chainId !== chainOf(ctx)) throw new DappError('wrong_network', `The wallet switched to chain ${svc.chainId} while this request waited. Nothing was sent; ask again.`);
  const data = tx.data === '0x' ? undefined : tx.data;
  const [quote, contract] = await layerCall(Promise.all([svc.quote({ to: tx.to, amount: tx.value, data }), svc.isContract(tx.to)]));
  await ctx.approve('eth_sendTransaction', txContent(quote, tx.data, contract, ctx.preset));
  let signed: string | undefined;
  try {
    // The gas the user reviewed is signed as it is; if the call now needs more, nothing is sent.
    const sent = await svc.send({ to: quote.to, amount: quote.amount, data, gasPrice: quote.gasPrice, gasLimit: quote.gasLimit }, { beforeBroadcast: async ({ hash }) => void (signed = hash) });
    return sent.hash;
  } catch (err) {
    // Signed and stored but the node's answer was lost: the wallet sends it again on refresh, so the
    // page gets its hash (an error would invite a second, paying transaction).
    if (err instanceof WalletError && err.code === 'network_error' && signed) return signed;
    throw fromWalletError(err);
  }
};

const personalSign: DappMethod<'rootstock'> = async (params, ctx) => {
  const { message, address } = parsePersonalSign(params);
  checkSigner(ctx, address);
  await ctx.approve('personal_sign', personalSignContent(ctx.account.value, message, ctx.preset));
  const svc = await ctx.service();
  return layerCall(Promise.resolve().then(() => svc.signPersonalMessage(message)));
};

const signTypedData: DappMethod<'rootstock'> = async (params, ctx) => {
  const { address, typedData } = parseSignTypedData(params);
  checkSigner(ctx, address);
  let data: TypedData;
  let chainId: bigint | undefined;
  try {
    data = parseTypedData(typedData);
    chainId = typedDataChainId(data);
    // Hashed before asking: data that cannot be encoded is refused without a window.
    typedDataHash(data);
  } catch (err) {
    if (err instanceof TypedDataError) throw new DappError('invalid_params', `Typed data: ${err.message}.`);
    throw err;
  }
  if (chainId !== undefined && chainId !== BigInt(chainOf(ctx))) {
    throw new DappError('wrong_network', `The typed data is for chain ${chainId}, but the wallet is on chain ${chainOf(ctx)} (${ctx.preset.label}). Nothing was signed.`);
  }
  await ctx.approve('eth_signTypedData_v4', typedDataContent(ctx.account.value, data, ctx.preset));
  const svc = await ctx.service();
  return layerCall(Promise.resolve().then(() => svc.signTypedData(data)));
};

function presetForChain(chainId: bigint): NetworkPreset<'rootstock'> | undefined {
  return PRESETS.rootstock.find((p) => BigInt(p.params.chainId) === chainId) as NetworkPreset<'rootstock'> | undefined;
}

const switchChain: DappMethod<'rootstock'> = async (params, ctx) => {
  const chainId = parseSwitchChain(params);
  if (chainId === BigInt(chainOf(ctx))) return null;
  const target = presetForChain(chainId);
  if (!target) {
    const known = PRESETS.rootstock.map((p) => `${hexChain(p.params.chainId)} (${p.label})`).join(', ');
    throw withCode('wrong_network', `Unrecognized chain ID "${hexChain(chainId)}". This wallet offers ${known}.`, UNRECOGNIZED_CHAIN);
  }
  if (!ctx.selectPreset) throw new DappError('internal', 'This wallet cannot switch networks for a site yet; switch Rootstock in Settings.');
  await ctx.approve('wallet_switchEthereumChain', switchContent(ctx.preset, target));
  // Settings tell every page that asked (DappCore.settingsChanged → networkEvents below).
  await ctx.selectPreset(target.id);
  return null;
};

/** A read the page may ask the preset's node, answered as the node answered. */
function forward(method: (typeof READ_ONLY_METHODS)[number]): DappMethod<'rootstock'> {
  return async (params, ctx) => {
    const args = parseReadParams(params, method);
    const svc = await ctx.service();
    const reply = await layerCall(svc.forwardRead(method, args));
    if ('error' in reply) throw nodeError(reply.error);
    return reply.result;
  };
}

export const ROOTSTOCK_HANDLER: FamilyHandler<'rootstock'> = {
  family: 'rootstock',
  layer: 'rootstock',
  open: ['eth_chainId', 'net_version'],
  connecting: ['eth_requestAccounts'],
  grants: (ctx) => grants(ctx.account.value),
  connectContent: async (ctx) => connectContent(ctx.account.value, ctx.preset),
  methods: {
    eth_chainId: async (_p, ctx) => hexChain(chainOf(ctx)),
    net_version: async (_p, ctx) => String(chainOf(ctx)),
    eth_requestAccounts: async (_p, ctx) => accounts(ctx),
    eth_accounts: async (_p, ctx) => accounts(ctx),
    eth_sendTransaction: sendTransaction,
    personal_sign: personalSign,
    eth_signTypedData_v4: signTypedData,
    wallet_switchEthereumChain: switchChain,
    ...Object.fromEntries(READ_ONLY_METHODS.map((m) => [m, forward(m)])),
  },
  // EIP-1193: a site the user disconnected has no accounts.
  disconnectEvents: () => [{ event: 'accountsChanged', data: [] }],
  // EIP-1193: the chain changed, by this site's switch or in Settings.
  networkEvents: (preset) => [{ event: 'chainChanged', data: hexChain(preset.params.chainId) }],
  error: rootstockError,
};
