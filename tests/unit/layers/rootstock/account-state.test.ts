/**
 * A Rootstock refresh reads the head, both balances and the mined nonce in one
 * JSON-RPC batch (JSON-RPC 2.0 §6; RSKj and anvil take batches, and the receive
 * scan already sends them): one HTTP request instead of four. Each answer in the
 * batch stands on its own, as the four calls did: a node refusing the `pending`
 * tag costs only the pending balance.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RootstockRpc } from '../../../../src/layers/rootstock/rpc';
import { HttpClient } from '../../../../src/shared/http';
import { WalletError } from '../../../../src/shared/errors';

type Call = { jsonrpc: string; id: number; method: string; params: unknown[] };
type Answer = (call: Call) => { result: unknown } | { error: { code: number; message: string } } | null;

const ME = '0xB0153cC82ECb403BE26e660EDfcEa7C688992672';
let server: Server | undefined;

/** A loopback JSON-RPC node: answers each call of a batch with `answer` (null leaves it out), in reverse order, after one reply for an id nobody sent. */
async function node(answer: Answer, whole?: (calls: Call[]) => unknown): Promise<{ url: string; requests: Call[][] }> {
  const requests: Call[][] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const parsed = JSON.parse(body) as Call | Call[];
      const calls = Array.isArray(parsed) ? parsed : [parsed];
      requests.push(calls);
      const replies = calls.flatMap((c) => {
        const a = answer(c);
        return a ? [{ jsonrpc: '2.0', id: c.id, ...a }] : [];
      });
      const out = whole ? whole(calls) : Array.isArray(parsed) ? [{ jsonrpc: '2.0', id: 999_999, result: '0xdead' }, ...replies.reverse()] : replies[0];
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out));
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

const honest: Answer = (c) => {
  if (c.method === 'eth_blockNumber') return { result: '0x1f' };
  if (c.method === 'eth_getBalance') return { result: c.params[1] === 'pending' ? '0x2386f26fc10000' : '0x2386f26fc0fc18' };
  if (c.method === 'eth_getTransactionCount') return { result: '0x3' };
  return { error: { code: -32601, message: 'Method not found' } };
};

const rpcAt = (url: string) => new RootstockRpc(new HttpClient(url, { retries: 0 }));

describe('Rootstock account state in one request', () => {
  it('reads the head, both balances and the mined nonce in one batch, each matched by its id', async () => {
    const { url, requests } = await node(honest);
    const state = await rpcAt(url).accountState(ME);
    expect(state).toEqual({ head: 31, confirmed: 0x2386f26fc0fc18n, pending: 0x2386f26fc10000n, minedNonce: 3n });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.map((c) => [c.method, c.params])).toEqual([
      ['eth_blockNumber', []],
      ['eth_getBalance', [ME.toLowerCase(), 'latest']],
      ['eth_getBalance', [ME.toLowerCase(), 'pending']],
      ['eth_getTransactionCount', [ME.toLowerCase(), 'latest']],
    ]);
  });

  it('gives no pending balance where the node refuses the pending tag, or answers it with no number', async () => {
    for (const pending of [{ error: { code: -32602, message: 'invalid block tag' } }, { result: 'lots' }]) {
      const { url } = await node((c) => (c.method === 'eth_getBalance' && c.params[1] === 'pending' ? pending : honest(c)));
      const state = await rpcAt(url).accountState(ME);
      expect(state.pending).toBeNull();
      expect(state.confirmed).toBe(0x2386f26fc0fc18n);
      await new Promise<void>((r) => server!.close(() => r()));
      server = undefined;
    }
  });

  it('fails with the node’s own refusal of a read the refresh needs', async () => {
    const { url } = await node((c) => (c.method === 'eth_getTransactionCount' ? { error: { code: -32602, message: 'unknown account' } } : honest(c)));
    const err = await rpcAt(url).accountState(ME).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalletError);
    expect((err as WalletError).code).toBe('backend_error');
    expect((err as WalletError).message).toContain('unknown account');
  });

  it('refuses a batch answer that leaves out a read the refresh needs, or is not a list', async () => {
    const partial = await node((c) => (c.method === 'eth_blockNumber' ? null : honest(c)));
    await expect(rpcAt(partial.url).accountState(ME)).rejects.toMatchObject({ code: 'backend_error', message: expect.stringContaining('left out part of a batch') });
    await new Promise<void>((r) => server!.close(() => r()));
    const single = await node(honest, () => ({ jsonrpc: '2.0', id: 1, result: '0x1' }));
    await expect(rpcAt(single.url).accountState(ME)).rejects.toMatchObject({ code: 'backend_error', message: expect.stringContaining('as a list') });
  });

  it('refuses a head or a balance that is not a number', async () => {
    const { url } = await node((c) => (c.method === 'eth_blockNumber' ? { result: 'soon' } : honest(c)));
    await expect(rpcAt(url).accountState(ME)).rejects.toBeInstanceOf(WalletError);
  });
});
