/**
 * Is the local devnet running here? Asks each service of the devnet presets (with the
 * user's endpoint overrides) one cheap question, in parallel, with a short timeout.
 * Only loopback is asked: an override naming another host is reported and left alone,
 * and a redirect is not followed, so no probe leaves the machine. Onboarding offers the
 * devnet only when every service answered as that service would.
 */
import { RelayConnection, defaultWebSocket, type WebSocketFactory } from '../layers/lightning/nostr/relay';
import { routeReason, WalletError } from '../shared/errors';
import { HttpClient } from '../shared/http';
import { LAYER_IDS, type LayerId } from '../shared/layers';
import { isLoopbackHost } from '../shared/links';
import { findPreset, resolvePreset, type NetworkPreset } from '../shared/networks';
import type { DevnetProbeView, DevnetServiceView } from '../shared/rpc';
import type { Settings } from '../shared/settings';
import { localText, type LocalText } from '../shared/local-text';

export const DEVNET_PRESET_ID = 'devnet';
export const DEVNET_PROBE_TIMEOUT_MS = 1500;

export interface ProbeDeps {
  fetchImpl?: typeof fetch;
  webSocket?: WebSocketFactory;
  timeoutMs?: number;
}

type Probe = (url: string, preset: NetworkPreset, deps: Required<ProbeDeps>) => Promise<void>;

const client = (url: string, deps: Required<ProbeDeps>) =>
  new HttpClient(url, { timeoutMs: deps.timeoutMs, retries: 0, followRedirects: false, fetchImpl: deps.fetchImpl });

function check(ok: boolean, host: string, what: LocalText): void {
  if (!ok) throw new WalletError('backend_error', localText('err_probe_not_service', host, what), host);
}

/** One question per kind of endpoint; a key not listed (the explorers: web pages, not services) is not asked. */
const PROBES: Record<string, Probe> = {
  // Esplora's GET /blocks/tip/height (Blockstream esplora API.md): a bare block height.
  esplora: async (url, _p, deps) => {
    const c = client(url, deps);
    check(/^\d+$/.test((await c.getText('/blocks/tip/height')).trim()), c.host, localText('probeWhat_esplora'));
  },
  // A Stacks node's GET /v2/info (stacks-core stackslib/src/net/api/getinfo.rs): the node's tip.
  api: async (url, _p, deps) => {
    const c = client(url, deps);
    const info = await c.getJson<{ stacks_tip_height?: unknown }>('/v2/info');
    check(typeof info?.stacks_tip_height === 'number', c.host, localText('probeWhat_stacks'));
  },
  // Emily's GET /limits (sbtc emily/handler/src/api/handlers/limits.rs).
  emily: async (url, _p, deps) => {
    const c = client(url, deps);
    const limits = await c.getJson<unknown>('/limits');
    check(typeof limits === 'object' && limits !== null, c.host, localText('probeWhat_emily'));
  },
  // Boltz's GET /v2/version (boltz-backend lib/api/v2/routers/InfoRouter.ts).
  boltz: async (url, _p, deps) => {
    const c = client(url, deps);
    const v = await c.getJson<{ version?: unknown }>('/version');
    check(typeof v?.version === 'string', c.host, localText('probeWhat_boltz'));
  },
  // eth_chainId: a node on another chain is not this preset's devnet.
  rpc: async (url, preset, deps) => {
    const c = client(url, deps);
    const reply = await c.postJson<{ result?: unknown }>('', { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] });
    const want = (preset.params as { chainId?: number }).chainId;
    check(typeof reply?.result === 'string' && want !== undefined && BigInt(reply.result) === BigInt(want), c.host, localText('probeWhat_chain', String(want)));
  },
  // A Nostr relay: the WebSocket opens.
  journalRelay: async (url, _p, deps) => {
    const relay = new RelayConnection(url, deps.webSocket, deps.timeoutMs);
    try {
      await relay.connect();
    } finally {
      relay.close();
    }
  },
};

function loopbackHost(url: string): string | null {
  try {
    const parsed = new URL(url);
    return isLoopbackHost(parsed.hostname) ? parsed.host : null;
  } catch {
    return null;
  }
}

async function probeOne(layer: LayerId, endpoint: string, url: string, preset: NetworkPreset, deps: Required<ProbeDeps>): Promise<DevnetServiceView> {
  const host = loopbackHost(url);
  if (host === null) {
    return { layer, endpoint, host: url, ok: false, reason: localText('probeReason_notLoopback') };
  }
  try {
    await PROBES[endpoint]!(url, preset, deps);
    return { layer, endpoint, host, ok: true };
  } catch (err) {
    return { layer, endpoint, host, ok: false, reason: routeReason(err) };
  }
}

/** Every devnet service of every layer, asked in parallel; `found` when all of them answered. */
export async function probeDevnet(settings: Pick<Settings, 'endpoints' | 'pins'>, deps: ProbeDeps = {}): Promise<DevnetProbeView> {
  const full: Required<ProbeDeps> = {
    fetchImpl: deps.fetchImpl ?? ((input, init) => fetch(input, init)),
    webSocket: deps.webSocket ?? defaultWebSocket,
    timeoutMs: deps.timeoutMs ?? DEVNET_PROBE_TIMEOUT_MS,
  };
  const asks: Promise<DevnetServiceView>[] = [];
  for (const layer of LAYER_IDS) {
    if (!findPreset(layer, DEVNET_PRESET_ID)) continue;
    const preset = resolvePreset(layer, DEVNET_PRESET_ID, settings.endpoints, settings.pins) as NetworkPreset;
    for (const [endpoint, url] of Object.entries(preset.endpoints)) {
      if (PROBES[endpoint] && url) asks.push(probeOne(layer, endpoint, url, preset, full));
    }
  }
  const services = await Promise.all(asks);
  return { found: services.length > 0 && services.every((s) => s.ok), services };
}
