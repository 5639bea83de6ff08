/**
 * What Lightning keeps across requests until the wallet locks (its NWC links), and
 * how it reaches LNURL services (only on hosts the user granted).
 */
import type { LayerDeps, LayerEnv } from '../types';
import type { LightningFunding } from './funding';
import { HostGatedHttpClient, type HostAccess } from './host-access';
import type { HttpFactory } from './lnurl-http';
import { NwcConnections } from './nwc-connections';

/** Saved Nostr Wallet Connect links, one per Lightning network, open across requests until lock. */
export function nwcLinks(env: Pick<LayerEnv, 'keep' | 'session'>, now: () => number): NwcConnections {
  return env.keep('lightning.nwc', () => new NwcConnections(env.session, { now }));
}

/** HTTP for LNURL services, from the Lightning screen or a move's destination alike: host-gated, no redirects. */
export function lnurlHttp(access: HostAccess): HttpFactory {
  return (url) => new HostGatedHttpClient(url, access);
}

/** The connected Lightning wallet (NWC) that pays and makes invoices; null when none is connected. */
export function lightningFunding(deps: LayerDeps<'lightning'> & { env: LayerEnv }): Promise<LightningFunding | null> {
  return nwcLinks(deps.env, deps.now).funding(deps.root, deps.preset.id);
}
