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
import { overviewFailure } from '../../../src/background/overview-error';
import { WalletError } from '../../../src/shared/errors';
import { localText } from '../../../src/shared/local-text';
import { DEFAULT_NETWORKS, resolvePreset } from '../../../src/shared/networks';
import { RPC_TAG, type RpcReply } from '../../../src/shared/rpc';
import { DevServer, HttpReply } from '../../devnet/http-server';
import { background, importWallet } from '../../helpers/background';

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
  await importWallet(bg.wallet, bg.ports);
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

describe('overviewFailure keeps the words in the popup’s language', () => {
  const preset = resolvePreset('bitcoin', DEFAULT_NETWORKS.bitcoin, { [`bitcoin.${DEFAULT_NETWORKS.bitcoin}.esplora`]: 'http://127.0.0.1:1/api' }, {});

  it('a keyed error without a host gets the host and keeps its key and parameters', () => {
    const out = overviewFailure(new WalletError('backend_error', localText('err_http_not_json', 'x', '/tx')), 'bitcoin', preset) as WalletError;
    expect(out.host).toBe('127.0.0.1:1');
    expect(out.toShape()).toMatchObject({ code: 'backend_error', key: 'err_http_not_json', params: ['x', '/tx'] });
  });

  it('an answer it could not read is said with a key that names the host', () => {
    const out = overviewFailure(new TypeError('x is undefined'), 'bitcoin', preset) as WalletError;
    expect(out.toShape()).toMatchObject({ code: 'backend_error', host: '127.0.0.1:1', key: 'err_overview_unreadable', params: ['127.0.0.1:1'] });
  });
});
