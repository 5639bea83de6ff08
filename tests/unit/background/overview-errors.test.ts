/**
 * A layer's overview that fails names the server (the host of the preset endpoint it
 * read) and why, in words, through the real dispatcher: Home shows both on that
 * layer's row. Nothing else of the failure (a stack, an internal message) goes out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../src/background/handlers';
import { LabelStore } from '../../../src/background/labels/store';
import { layerGate } from '../../../src/background/layer-gate';
import { handleMessage } from '../../../src/background/rpc';
import { DEFAULT_NETWORKS } from '../../../src/shared/networks';
import { RPC_TAG, type RpcReply } from '../../../src/shared/rpc';
import { DevServer, HttpReply } from '../../devnet/http-server';
import { ABANDON, background, PASSWORD } from '../../helpers/background';

const self = { id: 'abcdefghijklmnop', baseUrl: 'chrome-extension://abcdefghijklmnop/' };
const popup = { id: self.id, url: 'chrome-extension://abcdefghijklmnop/popup.html' };

/** An Esplora that answers every read with JSON of the wrong shape, and a JSON-RPC node that refuses every call. */
const esplora = new DevServer();
const node = new DevServer();
let closedUrl = '';

beforeAll(async () => {
  esplora.on('GET', '/api/:a', () => ({ unexpected: true }));
  esplora.on('GET', '/api/:a/:b', () => ({ unexpected: true }));
  esplora.on('GET', '/api/:a/:b/:c', () => ({ unexpected: true }));
  esplora.on('GET', '/api/:a/:b/:c/:d', () => ({ unexpected: true }));
  await esplora.listen();
  node.post('/', () => Promise.reject(new HttpReply(403, 'forbidden')));
  await node.listen();
  // A port nothing listens on: a server that is down.
  const gone = new DevServer();
  closedUrl = await gone.listen();
  await gone.close();
});
afterAll(async () => {
  await esplora.close();
  await node.close();
});

async function setup(endpoints: Record<string, string>) {
  const bg = background();
  await bg.wallet.importPhrase(ABANDON, PASSWORD);
  await bg.settings.update({ endpoints });
  const handlers = createHandlers(bg.wallet, bg.settings, bg.layers, bg.hops, new LabelStore(bg.ports.local));
  return (method: string, params: unknown = {}) =>
    handleMessage({ tag: RPC_TAG, method, params }, popup, self, handlers, undefined, undefined, layerGate(bg.settings)) as Promise<RpcReply<any>>;
}

const hostOf = (url: string) => new URL(url).host;

describe('layers.overview failures name the host and the reason', () => {
  it('an answer the wallet cannot read: the host, in words, and no internal detail', async () => {
    const call = await setup({ [`bitcoin.${DEFAULT_NETWORKS.bitcoin}.esplora`]: `${esplora.url}/api` });
    const reply = await call('layers.overview', { layer: 'bitcoin' });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.host).toBe(hostOf(esplora.url));
    expect(reply.error.message).toContain(hostOf(esplora.url));
    expect(reply.error.message).not.toMatch(/undefined|not a function|TypeError|at \w+ \(/);
  });

  it('a server that is down: network_error with its host', async () => {
    const call = await setup({ [`bitcoin.${DEFAULT_NETWORKS.bitcoin}.esplora`]: `${closedUrl}/api` });
    const reply = await call('layers.overview', { layer: 'bitcoin' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'network_error', host: hostOf(closedUrl) } });
  });

  it('a node that refuses: its host and its status', async () => {
    const call = await setup({ [`rootstock.${DEFAULT_NETWORKS.rootstock}.rpc`]: node.url });
    const reply = await call('layers.overview', { layer: 'rootstock' });
    expect(reply).toMatchObject({ ok: false, error: { host: hostOf(node.url), message: expect.stringContaining('403') } });
  });
});
