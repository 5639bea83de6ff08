/** Every provider family the page script installs; one line per family. */
import type { ProviderInstaller } from '../transport';
import { installBitcoinProvider } from './bitcoin';
import { installRootstock } from './rootstock';
import { installWebln } from './webln';

export const PROVIDER_INSTALLERS: ProviderInstaller[] = [installBitcoinProvider, installWebln, installRootstock];
