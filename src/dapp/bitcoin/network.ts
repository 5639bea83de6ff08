/**
 * The wallet's Bitcoin preset by Sats Connect's network names (`BitcoinNetworkType`),
 * and the check that a request naming a network names ours: the prefix alone cannot
 * tell testnet3, testnet4 and signet apart, so the preset decides.
 */
import type { NetworkPreset } from '../../shared/networks';
import { DappError } from '../family';

export type SatsNetworkName = 'Mainnet' | 'Testnet' | 'Testnet4' | 'Signet' | 'Regtest';

const BY_PRESET: Record<string, SatsNetworkName> = {
  testnet4: 'Testnet4',
  testnet3: 'Testnet',
  signet: 'Signet',
  'sbtc-testnet': 'Regtest',
  devnet: 'Regtest',
};

/** Every network a preset of ours can be on (getInfo). */
export const SUPPORTED_NETWORKS: readonly SatsNetworkName[] = ['Testnet4', 'Testnet', 'Signet', 'Regtest'];

export function networkName(preset: NetworkPreset<'bitcoin'>): SatsNetworkName {
  return BY_PRESET[preset.id] ?? (preset.params.bech32 === 'bcrt' ? 'Regtest' : 'Testnet');
}

/**
 * Lower-case names (Leather's and @stacks/connect's, whose `network` may name the Stacks side
 * of a pair: Stacks testnet goes with the sBTC regtest) by the presets they fit; `testnet`
 * is any public test network.
 */
const LOWER_CASE: Record<string, readonly string[]> = {
  mainnet: [],
  testnet: ['testnet4', 'testnet3', 'signet', 'sbtc-testnet'],
  testnet3: ['testnet3'],
  testnet4: ['testnet4'],
  signet: ['signet'],
  regtest: ['devnet', 'sbtc-testnet'],
  devnet: ['devnet'],
};

/** Refuses (`wrong_network`) a request that names a network other than the preset's: Sats Connect's names exactly, others by LOWER_CASE. */
export function checkNetwork(requested: string | undefined, preset: NetworkPreset<'bitcoin'>): void {
  if (requested === undefined) return;
  const ours = networkName(preset);
  const satsName = (['Mainnet', 'Testnet', 'Testnet4', 'Signet', 'Regtest'] as const).find((n) => n === requested);
  if (satsName ? satsName === ours : LOWER_CASE[requested]?.includes(preset.id)) return;
  throw new DappError('wrong_network', `The request is for Bitcoin ${requested}, but the wallet is on ${preset.label} (${ours}). Switch networks in the wallet's Settings; nothing was signed or sent.`, { network: ours });
}
