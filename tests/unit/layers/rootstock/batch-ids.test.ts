/**
 * A JSON-RPC batch answer is paired with its calls by id (JSON-RPC 2.0 §6: the
 * answers may come in any order). Two answers under one id contradict each other:
 * the wallet cannot tell which is the node's, so it takes neither.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RootstockRpc } from '../../../../src/layers/rootstock/rpc';
import { HttpClient } from '../../../../src/shared/http';

type Call = { jsonrpc: string; id: number; method: string; params: unknown[] };
const ME = '0xb0153cc82ecb403be26e660edfcea7c688992672';
let server: Server | undefined;

/** A loopback node answering each batch with `reply(calls)`. */
async function node(reply: (calls: Call[]) => unknown): Promise<string> {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply(JSON.parse(body) as Call[]))));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

const honest = (c: Call) => {
  if (c.method === 'eth_blockNumber') return '0x1f';
  if (c.method === 'eth_getBalance') return c.params[1] === 'pending' ? '0x64' : '0x63';
  if (c.method === 'eth_getTransactionCount') return '0x3';
  return { number: c.params[0], timestamp: '0x1', transactions: [] };
};
const rpcAt = (url: string) => new RootstockRpc(new HttpClient(url, { retries: 0 }));

describe('Rootstock batch answers paired by id', () => {
  it('reads answers given in any order by their ids', async () => {
    const url = await node((calls) => calls.map((c) => ({ jsonrpc: '2.0', id: c.id, result: honest(c) })).reverse());
    expect(await rpcAt(url).accountState(ME)).toEqual({ head: 31, confirmed: 0x63n, pending: 0x64n, minedNonce: 3n });
  });

  it('refuses an account read where one id is answered twice, whichever answer comes last', async () => {
    for (const second of ['0x0', '0x3']) {
      const url = await node((calls) => [
        ...calls.map((c) => ({ jsonrpc: '2.0', id: c.id, result: honest(c) })),
        { jsonrpc: '2.0', id: calls.find((c) => c.method === 'eth_getTransactionCount')!.id, result: second },
      ]);
      await expect(rpcAt(url).accountState(ME)).rejects.toMatchObject({ code: 'backend_error', message: expect.stringContaining('twice') });
      await new Promise<void>((r) => server!.close(() => r()));
      server = undefined;
    }
  });

  it('refuses blocks where one id is answered twice', async () => {
    const url = await node((calls) => [
      { jsonrpc: '2.0', id: calls[0]!.id, result: { number: '0x9', timestamp: '0x1', transactions: [] } },
      ...calls.map((c) => ({ jsonrpc: '2.0', id: c.id, result: honest(c) })),
    ]);
    await expect(rpcAt(url).getBlocks([1, 2], false)).rejects.toMatchObject({ code: 'backend_error', message: expect.stringContaining('twice') });
  });
});
