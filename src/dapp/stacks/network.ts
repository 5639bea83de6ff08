/**
 * Which network a request is for. SIP-030's `network` is a name (`mainnet`,
 * `testnet`, `devnet`, …) or an id the wallet knows (an API URL); the wallet
 * answers only for the preset Settings select: Stacks testnet as `testnet`, the
 * local devnet as `devnet`, either also by its API URL. SIP-018 domains name the
 * chain by id: testnet and the devnet both use 0x80000000.
 */
import type { NetworkPreset } from '../../shared/networks';
import { TESTNET_CHAIN_ID } from '../../layers/stacks/sign-transaction';
import { DappError } from '../family';

/** The SIP-030 network name of a preset. */
export function networkName(preset: NetworkPreset<'stacks'>): string {
  return preset.id === 'devnet' ? 'devnet' : 'testnet';
}

const trimUrl = (u: string) => u.trim().replace(/\/+$/, '').toLowerCase();

/** Refuses (`wrong_network`) a request that names another network than the wallet's. */
export function checkNetwork(preset: NetworkPreset<'stacks'>, asked: string | undefined): void {
  if (asked === undefined) return;
  const api = preset.endpoints.api;
  if (asked === networkName(preset) || (api !== undefined && trimUrl(asked) === trimUrl(api))) return;
  throw new DappError('wrong_network', `Layerhop's Stacks account is on Stacks ${preset.label} ("${networkName(preset)}"); this request is for "${asked}". Nothing was signed. Switch networks in Layerhop's Settings to use ${asked}.`, {
    network: networkName(preset),
  });
}

/** Refuses a SIP-018 domain whose chain-id is not this network's. */
export function checkChainId(preset: NetworkPreset<'stacks'>, chainId: bigint): void {
  if (chainId === BigInt(TESTNET_CHAIN_ID)) return;
  const which = chainId === 1n ? 'Stacks mainnet (chain-id u1)' : `chain-id u${chainId}`;
  throw new DappError('wrong_network', `The message's domain is for ${which}; Layerhop's Stacks account is on Stacks ${preset.label} (chain-id u${TESTNET_CHAIN_ID}). Nothing was signed.`, {
    network: networkName(preset),
  });
}
