/** Every provider family the page script installs; one line per family. */
import type { ProviderInstaller } from '../transport';
import { installRootstock } from './rootstock';

export const PROVIDER_INSTALLERS: ProviderInstaller[] = [installRootstock];
