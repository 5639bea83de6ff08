/**
 * Page script (MAIN world, document_start): one transport, then every family's
 * provider. `window.layerhop` marks that the wallet is present and lets a page ask
 * any family directly; it reaches nothing the families' own globals do not.
 */
import { createPageTransport } from './page-transport';
import { PROVIDER_INSTALLERS } from './providers';

const transport = createPageTransport(window);
try {
  Object.defineProperty(window, 'layerhop', {
    value: Object.freeze({ version: 1, request: transport.request }),
    enumerable: false,
    writable: false,
    configurable: false,
  });
} catch {
  // Taken before us (a frame's window its same-origin parent prepared): the families' own globals still install.
}
for (const install of PROVIDER_INSTALLERS) {
  try {
    install(transport, window);
  } catch {
    // A family that cannot install (a global already taken by another wallet) leaves the others.
  }
}
