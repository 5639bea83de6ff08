/** Every provider family the page script installs; one line per family. */
import type { ProviderInstaller } from '../transport';
import { installBitcoinProvider } from './bitcoin';

export const PROVIDER_INSTALLERS: ProviderInstaller[] = [
  installBitcoinProvider,
];
