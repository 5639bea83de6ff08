/**
 * Host permissions are asked for per host, as match patterns. The pattern carries
 * no port: Firefox's match patterns cannot hold one and Chrome's, without one,
 * match every port. Public hosts are optional and asked for at the moment of use;
 * loopback (the local devnet) is granted at install, so `http://127.0.0.1/*`
 * covers each devnet server at once and a headless browser, which cannot answer a
 * permission prompt, can run the devnet flows. Keep these lists equal to the manifest's.
 */
export const OPTIONAL_HOST_PERMISSIONS = ['https://*/*', 'http://*.onion/*'] as const;
export const INSTALL_HOST_PERMISSIONS = ['http://127.0.0.1/*', 'http://localhost/*'] as const;

/** `https://pay.example.com:8443` -> `https://pay.example.com/*`. */
export function hostPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

/** Patterns for a list of origins or URLs, without repeats, in first-seen order. */
export function hostPatterns(origins: readonly string[]): string[] {
  return [...new Set(origins.map(hostPattern))];
}
