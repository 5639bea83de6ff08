/**
 * A peg-out request is sent once (src/hops/powpeg/pegout.ts pegoutAlreadySent):
 * before sending RBTC to the Bridge, a hop whose record lost the request's hash
 * (a worker killed between broadcast and save) looks for a request the Bridge
 * logged from our account since the hop was created, for exactly its amount (in
 * weis since RSKIP427, satoshis before: rskj BridgeEventLoggerImpl
 * logReleaseBtcRequestReceived), that no other hop owns; while a transaction of the
 * account is unmined, it waits. A loopback node answers, scripted per test; the
 * log data is ABI-encoded here by hand.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { powpegPegout } from '../../../../src/hops/powpeg/pegout';
import type { HopRecord } from '../../../../src/hops/types';
import { DevServer } from '../../../devnet/http-server';
import { hopWallet } from '../../../helpers/hop-context';
import { ABANDON } from '../../../helpers/layer-deps';
import { BTC, hopFixture, RBTC } from '../../../helpers/hop-record';

const topic = (sig: string) => `0x${bytesToHex(keccak_256(new TextEncoder().encode(sig)))}`;
const word = (n: bigint) => n.toString(16).padStart(64, '0');
const RECEIVED = topic('release_request_received(address,string,uint256)');
const WEI_PER_SAT = 10_000_000_000n;
const SATS = 300_000n;

let server: DevServer;
let nonces: { latest: number; pending: number };
let requests: { hash: string; amount: bigint }[];
let methods: string[];
let logFilter: { fromBlock?: string; topics?: unknown[] } | undefined;

beforeAll(async () => {
  server = new DevServer();
  const rpc = (req: { id: number; method: string; params: unknown[] }) => {
    methods.push(req.method);
    const ok = (result: unknown) => ({ jsonrpc: '2.0', id: req.id, result });
    if (req.method === 'eth_getTransactionCount') return ok(`0x${nonces[req.params[1] as 'latest' | 'pending'].toString(16)}`);
    if (req.method === 'eth_getLogs') {
      logFilter = req.params[0] as typeof logFilter;
      const sender = (logFilter!.topics as string[])[1]!;
      return ok(requests.map((q) => ({ transactionHash: q.hash, topics: [RECEIVED, sender], data: `0x${word(96n)}${word(q.amount)}${word(0n)}` })));
    }
    return { jsonrpc: '2.0', id: req.id, error: { code: -32601, message: `${req.method} not scripted` } };
  };
  server.post('/', (req) => {
    const body = req.json<unknown>();
    return Array.isArray(body) ? body.map(rpc) : rpc(body as never);
  });
  await server.listen();
});
afterAll(() => server.close());
beforeEach(() => {
  nonces = { latest: 4, pending: 4 };
  requests = [];
  methods = [];
  logFilter = undefined;
});

function unsent(id: string, pegoutHash?: string): HopRecord<'powpeg-pegout'> {
  return hopFixture({
    id, mechanism: 'powpeg-pegout', from: RBTC, to: BTC, send: SATS * WEI_PER_SAT, expectedReceive: 0n, state: 'created',
    steps: ['request', 'release', 'sweep'],
    data: { btcAddress: 'mzBc4XEFSdzCDcTxAgf6EZXgsZWpztRhef', fromBlock: 40, confirmations: 3, ...(pegoutHash ? { pegoutHash } : {}) },
  });
}

function wallet(others: HopRecord[] = []) {
  const w = hopWallet({ mnemonic: ABANDON, endpoints: { 'rootstock.rpc': server.url, 'bitcoin.esplora': server.url } });
  const saved: HopRecord[] = [];
  w.ctx.records = async () => others;
  w.ctx.save = async (r) => {
    saved.push(r);
  };
  return { ...w, saved };
}

describe('peg-out request sent once', () => {
  it('a transaction of the account still unmined: waits (it may be this request), sends nothing', async () => {
    nonces = { latest: 4, pending: 5 };
    const { ctx } = wallet();
    await expect(powpegPegout.advance(ctx, unsent('o1'))).rejects.toMatchObject({ code: 'waiting', message: expect.stringMatching(/nothing is sent twice/) });
    expect(methods).not.toContain('eth_sendRawTransaction');
    expect(methods).not.toContain('eth_getLogs');
  });

  for (const [unit, amount] of [
    ['weis (RSKIP427 on)', SATS * WEI_PER_SAT],
    ['satoshis (before RSKIP427)', SATS],
  ] as const) {
    it(`a request of ours for exactly the amount, logged in ${unit}, since the hop’s block: adopted and saved, nothing sent`, async () => {
      requests = [{ hash: '0x' + 'A1'.repeat(32), amount }];
      const { ctx, rootstock, saved } = wallet();
      const r = await powpegPegout.advance(ctx, unsent('o1'));
      expect(r).toMatchObject({ state: 'requested', data: expect.objectContaining({ pegoutHash: '0x' + 'a1'.repeat(32) }) });
      expect(saved.map((s) => (s.data as { pegoutHash?: string }).pegoutHash)).toEqual(['0x' + 'a1'.repeat(32)]);
      expect(logFilter).toMatchObject({ fromBlock: '0x28', topics: [expect.arrayContaining([RECEIVED]), `0x${'0'.repeat(24)}${rootstock.address.slice(2).toLowerCase()}`] });
      expect(methods).not.toContain('eth_sendRawTransaction');
    });
  }

  it('a request another hop owns is skipped; the next one of the same amount is this hop’s', async () => {
    const taken = '0x' + 'b1'.repeat(32);
    requests = [
      { hash: '0x' + 'c1'.repeat(32), amount: SATS * WEI_PER_SAT - 1n },
      { hash: taken, amount: SATS * WEI_PER_SAT },
      { hash: '0x' + 'b2'.repeat(32), amount: SATS * WEI_PER_SAT },
    ];
    const { ctx } = wallet([unsent('other', taken)]);
    const r = await powpegPegout.advance(ctx, unsent('o1'));
    expect((r.data as { pegoutHash: string }).pegoutHash).toBe('0x' + 'b2'.repeat(32));
  });
});
