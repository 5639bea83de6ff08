/** Every provider family the page script installs; one line per family. */
import type { ProviderInstaller } from '../transport';

export const PROVIDER_INSTALLERS: ProviderInstaller[] = [];
