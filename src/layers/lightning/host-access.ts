/**
 * LNURL services live on any host, so the extension holds no host permission up
 * front: the popup asks for one host at the moment of use. The background checks
 * the grant before every request to a service, so a host the user never allowed
 * (or revoked) is refused with words, not with a CORS failure that looks like a
 * dead server.
 */
import { WalletError } from '../../shared/errors';
import { hostPattern } from '../../shared/host-patterns';
import { HttpClient, type HttpOptions } from '../../shared/http';
import { localText } from '../../shared/local-text';

export interface HostAccess {
  /** True when the extension may contact this URL's host. */
  allows(url: URL): Promise<boolean>;
}

interface PermissionsApi {
  contains(p: { origins: string[] }): Promise<boolean>;
}

/**
 * The browser's permissions API where there is one (`browser` in Firefox, `chrome`
 * in Chromium, both promise-based in MV3). Outside an extension (Node tests) there
 * are no host permissions to hold, and everything is allowed.
 */
export function platformHostAccess(): HostAccess {
  const g = globalThis as { browser?: { permissions?: PermissionsApi }; chrome?: { permissions?: PermissionsApi } };
  const api = g.browser?.permissions ?? g.chrome?.permissions;
  if (!api) return { allows: async () => true };
  return {
    allows: async (url) => {
      try {
        return await api.contains({ origins: [hostPattern(url.origin)] });
      } catch {
        // A pattern outside optional_host_permissions (e.g. http://[::1]/) can never be granted.
        return false;
      }
    },
  };
}

export function hostNotAllowed(url: URL): WalletError {
  return new WalletError(
    'host_permission',
    localText('err_host_no_permission', url.hostname),
  );
}

/**
 * An HttpClient that checks the host grant before each request (retries included
 * in one check) and follows no redirect: a redirect would reach a host, or drop
 * to plain HTTP, without passing that check.
 */
export class HostGatedHttpClient extends HttpClient {
  constructor(
    baseUrl: string,
    private readonly access: HostAccess,
    opts: HttpOptions = {},
  ) {
    super(baseUrl, { ...opts, followRedirects: false });
  }

  override async request(method: string, path: string, init: { body?: string; contentType?: string; accept?: string } = {}): Promise<string> {
    const url = new URL(path.startsWith('http') ? path : `${this.baseUrl}${path}`);
    if (!(await this.access.allows(url))) throw hostNotAllowed(url);
    return super.request(method, path, init);
  }
}
