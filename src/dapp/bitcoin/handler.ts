/**
 * The Bitcoin family: the Sats Connect / WBIP request methods (`getInfo`,
 * `getAddresses`, `getAccounts`, `wallet_connect`, `getBalance`, `signPsbt`,
 * `sendTransfer`, `signMessage`, `wallet_getNetwork`, `wallet_getAccount`) on the
 * Bitcoin layer's selected preset. Errors carry Sats Connect's RpcErrorCode values.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { localText } from '../../shared/local-text';
import type { DappContext, DappMethod, FamilyHandler } from '../family';
import { satsAddress } from './addresses';
import { connectContent } from './content';
import { asDappErrors, satsConnectError } from './errors';
import { checkNetwork, networkName, SUPPORTED_NETWORKS } from './network';
import { parsePurposes, requestedNetwork } from './params';
import { sendTransfer } from './send-transfer';
import { signMessage } from './sign-message';
import { signPsbt } from './sign-psbt';

/** The version of the request API this provider answers (Sats Connect reads `getInfo().version`). */
const PROVIDER_VERSION = '1.0.0';

async function addresses(params: unknown, ctx: DappContext<'bitcoin'>, method: string) {
  const purposes = parsePurposes(params, method);
  const svc = await ctx.service();
  return purposes.map((p) => satsAddress(svc.keys, p));
}

const network = (ctx: DappContext<'bitcoin'>) => ({ bitcoin: { name: networkName(ctx.preset) } });

/** A stable id for the account that names no key: a hash of its payment address. */
const accountId = (payment: string) => bytesToHex(sha256(utf8ToBytes(`layerhop:${payment}`))).slice(0, 32);

const METHODS: Record<string, DappMethod<'bitcoin'>> = {
  getInfo: async (_params, ctx) => ({
    version: PROVIDER_VERSION,
    platform: 'web',
    methods: [...Object.keys(METHODS)],
    supports: ['WBIP004', 'WBIP005'],
    networks: SUPPORTED_NETWORKS,
    network: network(ctx),
  }),
  getAddresses: async (params, ctx) => ({ addresses: await addresses(params, ctx, 'getAddresses'), network: network(ctx) }),
  getAccounts: async (params, ctx) => addresses(params, ctx, 'getAccounts'),
  wallet_connect: async (params, ctx) => {
    const list = await addresses(params, ctx, 'wallet_connect');
    const payment = satsAddress((await ctx.service()).keys, 'payment').address;
    return { id: accountId(payment), addresses: list, walletType: 'software', network: network(ctx) };
  },
  wallet_getAccount: async (_params, ctx) => {
    const keys = (await ctx.service()).keys;
    const list = [satsAddress(keys, 'payment'), satsAddress(keys, 'ordinals')];
    return { id: accountId(list[0]!.address), addresses: list, walletType: 'software', network: network(ctx) };
  },
  wallet_getNetwork: async (_params, ctx) => network(ctx),
  getBalance: async (_params, ctx) => {
    const [balance] = (await (await ctx.service()).overview()).balances;
    const confirmed = BigInt(balance!.confirmed);
    const unconfirmed = BigInt(balance!.pending);
    return { confirmed: confirmed.toString(), unconfirmed: unconfirmed.toString(), total: (confirmed + unconfirmed).toString() };
  },
  signPsbt,
  sendTransfer,
  signMessage,
};

/** Every method first refuses a request naming another network, then turns the layer's errors into the family's. */
const checked = Object.fromEntries(
  Object.entries(METHODS).map(([name, run]): [string, DappMethod<'bitcoin'>] => [
    name,
    (params, ctx) =>
      asDappErrors(async () => {
        checkNetwork(requestedNetwork(params), ctx.preset);
        return run(params, ctx);
      }),
  ]),
);

export const BITCOIN_FAMILY: FamilyHandler<'bitcoin'> = {
  family: 'bitcoin',
  layer: 'bitcoin',
  open: ['getInfo'],
  connecting: ['getAddresses', 'getAccounts', 'wallet_connect'],
  grants: () => [localText('dappBtc_grant_addresses'), localText('dappBtc_grant_requests')],
  connectContent: async (ctx) => {
    const keys = (await ctx.service()).keys;
    return connectContent(satsAddress(keys, 'payment').address, satsAddress(keys, 'ordinals').address);
  },
  methods: checked,
  // Sats Connect's `disconnect` wallet event (addListener('disconnect', …)).
  disconnectEvents: () => [{ event: 'disconnect', data: {} }],
  error: satsConnectError,
};
