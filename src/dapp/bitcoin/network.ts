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

/** Other spellings clients send (Leather's lower-case names, `testnet3`, `devnet`) by Sats Connect's name. */
const ALIASES: Record<string, SatsNetworkName[]> = {
  mainnet: ['Mainnet'],
  testnet: ['Testnet', 'Testnet4'],
  testnet3: ['Testnet'],
  testnet4: ['Testnet4'],
  signet: ['Signet'],
  regtest: ['Regtest'],
  devnet: ['Regtest'],
};

/** Refuses (`wrong_network`) a request that names a network other than the preset's. */
export function checkNetwork(requested: string | undefined, preset: NetworkPreset<'bitcoin'>): void {
  if (requested === undefined) return;
  const ours = networkName(preset);
  const names = ALIASES[requested.toLowerCase()];
  if (names?.includes(ours)) return;
  throw new DappError('wrong_network', `The request is for Bitcoin ${requested}, but the wallet is on ${preset.label} (${ours}). Switch networks in the wallet's Settings; nothing was signed or sent.`, { network: ours });
}
