/**
 * LNURLs a page hands over are fetched by the background, which holds host permission
 * for loopback (the devnet) from install. A site elsewhere could name
 * http://127.0.0.1:<port>/… and use the wallet to reach services on the user's
 * machine, reading their answers back in error texts. So for a page that is not
 * itself on this machine, every LNURL request (the link, and a pay or withdraw
 * callback) to a loopback or private-network host is refused before it is made.
 */
import type { HostAccess } from '../../layers/lightning/host-access';
import { isLoopbackHost } from '../../shared/links';
import { DappError } from '../family';

function isPrivateHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (isLoopbackHost(h) || h === '0.0.0.0' || h === '::' || h.endsWith('.local')) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(h);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  return /^f[cd][0-9a-f]{2}:/.test(h) || /^fe[89ab][0-9a-f]:/.test(h) || h.startsWith('::ffff:');
}

export function pageHostAccess(pageOrigin: string, inner: HostAccess): HostAccess {
  const pageIsLocal = isLoopbackHost(new URL(pageOrigin).hostname);
  return {
    allows: async (url) => {
      if (!pageIsLocal && isPrivateHost(url.hostname)) {
        // Thrown, not answered false: "no permission, allow it" would be the wrong advice here.
        throw new DappError('invalid_params', `This LNURL points at ${url.host}, a service on this machine or its local network, which a site elsewhere may not reach through Layerhop. Nothing was sent.`);
      }
      return inner.allows(url);
    },
  };
}
