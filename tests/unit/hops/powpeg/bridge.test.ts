/**
 * Reading Rootstock's Bridge (src/hops/powpeg/bridge.ts) from a loopback JSON-RPC
 * node scripted per test. Return values and logs are ABI-encoded here by hand
 * (not with the wallet's abi.ts), following rskj Bridge.java (method signatures)
 * and BridgeEvents.java / BridgeEventLoggerImpl.java (event signatures, which
 * arguments are indexed, the order of the data words).
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BRIDGE_ADDRESS, BridgeClient } from '../../../../src/hops/powpeg/bridge';
import { RootstockRpc } from '../../../../src/layers/rootstock/rpc';
import { HttpClient } from '../../../../src/shared/http';
import { DevServer } from '../../../devnet/http-server';

const kec = (s: string) => bytesToHex(keccak_256(new TextEncoder().encode(s)));
const sel = (sig: string) => `0x${kec(sig).slice(0, 8)}`;
const topic = (sig: string) => `0x${kec(sig)}`;
/** A two's-complement 256-bit word. */
const word = (n: bigint) => (n < 0n ? (1n << 256n) + n : n).toString(16).padStart(64, '0');
const dynamic = (b: Uint8Array) => `${word(32n)}${word(BigInt(b.length))}${bytesToHex(b).padEnd(Math.ceil(b.length / 32) * 64, '0')}`;
const str = (s: string) => `0x${dynamic(new TextEncoder().encode(s))}`;

const SENDER = '0x1111111111111111111111111111111111111111';
const senderTopic = `0x${'0'.repeat(24)}${SENDER.slice(2)}`;
const BTC_TXID = 'AB'.repeat(32);
const KEYS = ['02' + '11'.repeat(32), '03' + '22'.repeat(32), '02' + '33'.repeat(32)];

interface Call {
  method: string;
  params: unknown[];
}

let server: DevServer;
let calls: Call[];
/** eth_call answers by selector; a function of the call data. */
let answers: Map<string, (data: string) => string>;
let logs: (filter: { fromBlock: string; toBlock: string; topics: unknown[] }) => unknown[];

beforeAll(async () => {
  server = new DevServer();
  const one = (req: { id: number; method: string; params: unknown[] }) => {
    calls.push({ method: req.method, params: req.params });
    if (req.method === 'eth_call') {
      const { to, data } = req.params[0] as { to: string; data: string };
      expect(to).toBe(BRIDGE_ADDRESS);
      const answer = answers.get(data.slice(0, 10));
      if (!answer) return { jsonrpc: '2.0', id: req.id, error: { code: -32000, message: 'execution reverted' } };
      return { jsonrpc: '2.0', id: req.id, result: answer(data) };
    }
    if (req.method === 'eth_getLogs') return { jsonrpc: '2.0', id: req.id, result: logs(req.params[0] as never) };
    return { jsonrpc: '2.0', id: req.id, error: { code: -32601, message: 'method not found' } };
  };
  server.post('/', (req) => {
    const body = req.json<unknown>();
    return Array.isArray(body) ? body.map(one) : one(body as never);
  });
  await server.listen();
});
afterAll(() => server.close());
beforeEach(() => {
  calls = [];
  logs = () => [];
  answers = new Map([
    [sel('getFederationAddress()'), () => str('2N7ZgQyhFKm17RbaLqygYbS7KLrQfapyZzu')],
    [sel('getFederationSize()'), () => `0x${word(3n)}`],
    [sel('getFederationThreshold()'), () => `0x${word(2n)}`],
    [sel('getActivePowpegRedeemScript()'), () => `0x${dynamic(hexToBytes('52ae'))}`],
    // The member index is the first argument word.
    [sel('getFederatorPublicKeyOfType(int256,string)'), (data: string) => `0x${dynamic(hexToBytes(KEYS[Number(BigInt(`0x${data.slice(10, 74)}`))]!))}`],
    [sel('getMinimumLockTxValue()'), () => `0x${word(500_000n)}`],
  ]);
});

const bridge = () => new BridgeClient(new RootstockRpc(new HttpClient(server.url, { retries: 0 })));

describe('BridgeClient.federation', () => {
  it('reads address, size, threshold, redeem script and each member’s BTC key in the Bridge’s order', async () => {
    const fed = await bridge().federation();
    expect(fed).toMatchObject({ address: '2N7ZgQyhFKm17RbaLqygYbS7KLrQfapyZzu', size: 3, threshold: 2 });
    expect(bytesToHex(fed.redeemScript)).toBe('52ae');
    expect(fed.keys.map(bytesToHex)).toEqual(KEYS);
    // Asked as getFederatorPublicKeyOfType(i, "btc").
    const keyCalls = calls.filter((c) => (c.params[0] as { data: string }).data.startsWith(sel('getFederatorPublicKeyOfType(int256,string)')));
    expect(keyCalls).toHaveLength(3);
    expect((keyCalls[2]!.params[0] as { data: string }).data).toContain(bytesToHex(new TextEncoder().encode('btc')));
  });

  for (const size of [0n, -1n, 65n, 1n << 200n]) {
    it(`a node reporting ${size} members is refused before it is asked for keys`, async () => {
      answers.set(sel('getFederationSize()'), () => `0x${word(size)}`);
      await expect(bridge().federation()).rejects.toMatchObject({ code: 'backend_error', message: expect.stringMatching(/PowPeg federation of .* members\. Nothing was sent\./) });
      expect(calls.filter((c) => (c.params[0] as { data: string }).data.startsWith(sel('getFederatorPublicKeyOfType(int256,string)')))).toHaveLength(0);
    });
  }

  it('the minimum peg-in is the int256 getMinimumLockTxValue answers, in sats', async () => {
    expect(await bridge().minimumLockTxValue()).toBe(500_000n);
  });
});

describe('BridgeClient peg-out logs', () => {
  const RECEIVED = [topic('release_request_received(address,string,uint256)'), topic('release_request_received(address,bytes,uint256)')];

  it('pegoutRequests reads the amount (second data word, after the destination’s offset) of both event forms, filtered by sender', async () => {
    logs = (filter) => {
      expect(filter).toMatchObject({ fromBlock: '0x64', toBlock: 'latest', topics: [RECEIVED, senderTopic] });
      return [
        { transactionHash: '0xAA' + '00'.repeat(31), topics: [RECEIVED[0], senderTopic], data: `0x${word(96n)}${word(3_000_000_000_000_000n)}${dynamic(new TextEncoder().encode('mzBc4XEFSdzCDcTxAgf6EZXgsZWpztRhef')).slice(64)}` },
        { transactionHash: '0xbb' + '00'.repeat(31), topics: [RECEIVED[1], senderTopic], data: `0x${word(96n)}${word(300_000n)}${word(0n)}` },
      ];
    };
    expect(await bridge().pegoutRequests(SENDER, 100)).toEqual([
      { hash: '0xaa' + '00'.repeat(31), amount: 3_000_000_000_000_000n },
      { hash: '0xbb' + '00'.repeat(31), amount: 300_000n },
    ]);
  });

  it('pegoutRejection finds our transaction’s release_request_rejected in its block and reads the reason (second word)', async () => {
    const REJECTED = topic('release_request_rejected(address,uint256,int256)');
    const hash = '0x' + 'cd'.repeat(32);
    logs = (filter) => {
      expect(filter).toMatchObject({ fromBlock: '0x7', toBlock: '0x7', topics: [REJECTED, senderTopic] });
      return [
        { transactionHash: '0x' + 'ee'.repeat(32), topics: [REJECTED, senderTopic], data: `0x${word(1n)}${word(3n)}` },
        { transactionHash: hash.toUpperCase().replace('0X', '0x'), topics: [REJECTED, senderTopic], data: `0x${word(1n)}${word(1n)}` },
      ];
    };
    expect(await bridge().pegoutRejection(SENDER, hash, 7)).toBe(1);
    logs = () => [{ transactionHash: '0x' + 'ee'.repeat(32), topics: [REJECTED, senderTopic], data: `0x${word(1n)}${word(3n)}` }];
    expect(await bridge().pegoutRejection(SENDER, hash, 7)).toBeNull();
  });
});

describe('BridgeClient.peginOutcome', () => {
  const PEGIN_BTC = topic('pegin_btc(address,bytes32,int256,int256)');
  const REJECTED = topic('rejected_pegin(bytes32,int256)');
  const UNREFUNDABLE = topic('unrefundable_pegin(bytes32,int256)');
  const ours = `0x${BTC_TXID.toLowerCase()}`;
  const theirs = `0x${'99'.repeat(32)}`;
  const receiver = (a: string) => `0x${'0'.repeat(24)}${a}`;
  const processedAt = (height: bigint) => answers.set(sel('getBtcTxHashProcessedHeight(string)'), (data) => {
    // The txid is passed lower-case, as a string.
    expect(data).toContain(bytesToHex(new TextEncoder().encode(BTC_TXID.toLowerCase())));
    return `0x${word(height)}`;
  });

  it('not processed (height -1): pending, with the Bridge’s minimum from the same batch', async () => {
    processedAt(-1n);
    expect(await bridge().peginOutcome(BTC_TXID)).toEqual({ kind: 'pending', minimum: 500_000n });
    expect(calls.filter((c) => c.method === 'eth_getLogs')).toHaveLength(0);
  });

  it('credited: receiver from the first indexed topic, sats from the first data word; another peg-in’s credit is not ours', async () => {
    processedAt(42n);
    logs = (filter) => {
      expect(filter).toMatchObject({ fromBlock: '0x2a', toBlock: '0x2a', topics: [[PEGIN_BTC, REJECTED, UNREFUNDABLE]] });
      return [
        { transactionHash: '0x01', topics: [PEGIN_BTC, receiver('f'.repeat(40)), theirs], data: `0x${word(9n)}${word(1n)}` },
        { transactionHash: '0x02', topics: [PEGIN_BTC, receiver('AbCd'.repeat(10)), ours], data: `0x${word(750_000n)}${word(1n)}` },
      ];
    };
    expect(await bridge().peginOutcome(BTC_TXID)).toEqual({ kind: 'credited', receiver: `0x${'abcd'.repeat(10)}`, sats: 750_000n });
  });

  it('rejected, refundable or not (rskj RejectedPeginReason, NonRefundablePeginReason)', async () => {
    processedAt(42n);
    logs = () => [{ transactionHash: '0x03', topics: [REJECTED, ours], data: `0x${word(4n)}` }];
    expect(await bridge().peginOutcome(BTC_TXID)).toEqual({ kind: 'rejected', reason: 4 });
    logs = () => [
      { transactionHash: '0x03', topics: [REJECTED, ours], data: `0x${word(5n)}` },
      { transactionHash: '0x03', topics: [UNREFUNDABLE, ours], data: `0x${word(3n)}` },
    ];
    expect(await bridge().peginOutcome(BTC_TXID)).toEqual({ kind: 'rejected', reason: 5, unrefundable: 3 });
  });

  it('processed, but the block holds no event for this peg-in (only another’s): an error, not a guess', async () => {
    processedAt(42n);
    logs = () => [{ transactionHash: '0x01', topics: [PEGIN_BTC, receiver('f'.repeat(40)), theirs], data: `0x${word(9n)}${word(1n)}` }];
    await expect(bridge().peginOutcome(BTC_TXID)).rejects.toMatchObject({ code: 'backend_error', message: expect.stringMatching(/no credit or rejection of it/) });
  });
});
