/**
 * Host permissions are asked for per host, as match patterns. The pattern carries
 * no port: Firefox's match patterns cannot hold one and Chrome's, without one,
 * match every port, so `http://127.0.0.1/*` covers each devnet server at once.
 * The manifest's `optional_host_permissions` (https, .onion) and `host_permissions`
 * (loopback, for devnets: Chrome grants those at install, so a local service needs
 * no prompt there) together cover every pattern made here.
 */

/** `https://pay.example.com:8443` -> `https://pay.example.com/*`. */
export function hostPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

/** Patterns for a list of origins or URLs, without repeats, in first-seen order. */
export function hostPatterns(origins: readonly string[]): string[] {
  return [...new Set(origins.map(hostPattern))];
}
