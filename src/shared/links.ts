/**
 * Which web addresses the wallet treats as safe to open or to speak plain HTTP
 * to: HTTPS anywhere, plain HTTP only on this machine's loopback (the devnet).
 */

/** Loopback hosts: `localhost`, 127.0.0.0/8 and [::1]. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::1';
}

/** A link the popup may show as one: https, or http on loopback. Anything else is shown as text. */
export function isOpenableLink(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/** The explorer page of a transaction, or none when there is no explorer. */
export function txUrl(explorerBase: string | undefined, txid: string): string | undefined {
  return explorerBase ? `${explorerBase.replace(/\/+$/, '')}/tx/${txid}` : undefined;
}

/** A preset's explorer, unless it is the node's own RPC (Rootstock's devnet preset does that; the node has no pages). */
export function pageExplorer(endpoints: { explorer?: string; rpc?: string }): string | undefined {
  const { explorer, rpc } = endpoints;
  return explorer && explorer !== rpc ? explorer : undefined;
}
