/**
 * How a PowPeg hop reads its outcome once its money has moved (src/hops/powpeg/
 * pegin.ts, pegout.ts), from a loopback node and Esplora scripted per test:
 * confirmations before the Bridge is asked, a peg-in below the Bridge's minimum
 * that will never be refunded, credits to our address only, rejections with
 * rskj's reasons (RejectedPeginReason, NonRefundablePeginReason,
 * RejectedPegoutReason), and which coin at our Rootstock key's P2PKH is a peg-out's
 * release. Events are ABI-encoded here by hand, following rskj BridgeEvents.java.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { powpegPegin } from '../../../../src/hops/powpeg/pegin';
import { powpegPegout } from '../../../../src/hops/powpeg/pegout';
import type { HopRecord } from '../../../../src/hops/types';
import { DevServer, HttpReply, Text } from '../../../devnet/http-server';
import { hopWallet } from '../../../helpers/hop-context';
import { ABANDON } from '../../../helpers/layer-deps';
import { english } from '../../../helpers/locale';
import { BTC, hopFixture, RBTC } from '../../../helpers/hop-record';
import { englishOf } from '../../../helpers/english-of';

const kec = (s: string) => bytesToHex(keccak_256(new TextEncoder().encode(s)));
const sel = (sig: string) => `0x${kec(sig).slice(0, 8)}`;
const topic = (sig: string) => `0x${kec(sig)}`;
const word = (n: bigint) => (n < 0n ? (1n << 256n) + n : n).toString(16).padStart(64, '0');
const WEI_PER_SAT = 10_000_000_000n;
const FUNDING = 'fa'.repeat(32);

let server: DevServer;
let tip: number;
let fundingHeight: number | null;
let processedHeight: bigint;
let minimum: bigint;
let events: { topics: string[]; data: string; transactionHash: string }[];
let receipt: object | null;
let addressTxs: object[];

beforeAll(async () => {
  server = new DevServer();
  const rpc = (req: { id: number; method: string; params: unknown[] }) => {
    const ok = (result: unknown) => ({ jsonrpc: '2.0', id: req.id, result });
    if (req.method === 'eth_call') {
      const data = (req.params[0] as { data: string }).data;
      if (data.startsWith(sel('getBtcTxHashProcessedHeight(string)'))) return ok(`0x${word(processedHeight)}`);
      if (data.startsWith(sel('getMinimumLockTxValue()'))) return ok(`0x${word(minimum)}`);
    }
    if (req.method === 'eth_getLogs') {
      const wanted = (req.params[0] as { topics: (string | string[])[] }).topics[0]!;
      return ok(events.filter((e) => (Array.isArray(wanted) ? wanted : [wanted]).includes(e.topics[0]!)));
    }
    if (req.method === 'eth_getTransactionReceipt') return ok(receipt);
    return { jsonrpc: '2.0', id: req.id, error: { code: -32601, message: 'method not found' } };
  };
  server.post('/', (req) => {
    const body = req.json<unknown>();
    return Array.isArray(body) ? body.map(rpc) : rpc(body as never);
  });
  // electrs src/rest.rs
  server.get('/blocks/tip/height', () => new Text(String(tip)));
  server.get('/tx/:txid', (req) => {
    if (req.params.txid !== FUNDING) throw new HttpReply(404, 'Transaction not found');
    return {
      txid: FUNDING, version: 2, locktime: 0, size: 200, weight: 800, fee: 300, vin: [], vout: [],
      status: fundingHeight === null ? { confirmed: false } : { confirmed: true, block_height: fundingHeight },
    };
  });
  server.get('/address/:address/txs', () => addressTxs);
  await server.listen();
});
afterAll(() => server.close());
beforeEach(() => {
  tip = 110;
  fundingHeight = 100;
  processedHeight = -1n;
  minimum = 500_000n;
  events = [];
  receipt = null;
  addressTxs = [];
});

const wallet = () => hopWallet({ mnemonic: ABANDON, endpoints: { 'rootstock.rpc': server.url, 'bitcoin.esplora': server.url } });

function pegin(send: bigint, rskAddress: string): HopRecord<'powpeg-pegin'> {
  return hopFixture({
    id: 'p1', mechanism: 'powpeg-pegin', from: BTC, to: RBTC, send, expectedReceive: send * WEI_PER_SAT, state: 'funded',
    steps: ['fund', 'confirm', 'credit'], done: ['fund'],
    data: { federationAddress: '2N7ZgQyhFKm17RbaLqygYbS7KLrQfapyZzu', rskAddress, refundAddress: 'mzBc4XEFSdzCDcTxAgf6EZXgsZWpztRhef', fundingTxid: FUNDING, fundingHex: '00', confirmations: 10 },
  });
}

describe('peg-in outcome', () => {
  const PEGIN_BTC = topic('pegin_btc(address,bytes32,int256,int256)');
  const REJECTED = topic('rejected_pegin(bytes32,int256)');
  const UNREFUNDABLE = topic('unrefundable_pegin(bytes32,int256)');
  const ours = `0x${FUNDING}`;

  it('waits for the preset’s confirmations before asking the Bridge', async () => {
    const w = wallet();
    tip = 108; // 9 confirmations of 10
    const r = await powpegPegin.advance(w.ctx, pegin(600_000n, w.rootstock.address));
    expect(r).toMatchObject({ state: 'confirming', outcome: 'in-progress' });
    expect(english(r.steps.find((s) => s.key === 'confirm')!.label)).toMatch(/\(9 so far\)/);
  });

  it('not processed yet and at least the minimum: awaiting the credit; below the minimum: failed, not refunded, and says the BTC stays with the federation', async () => {
    const w = wallet();
    expect(await powpegPegin.advance(w.ctx, pegin(500_000n, w.rootstock.address))).toMatchObject({ state: 'awaiting-credit', outcome: 'in-progress' });
    const below = await powpegPegin.advance(w.ctx, pegin(499_999n, w.rootstock.address));
    expect(below).toMatchObject({ state: 'rejected', outcome: 'failed' });
    expect(englishOf(below.lastError)).toMatch(/below the Bridge's minimum, and will not refund it: the Bridge does not refund a peg-in below its minimum\. The 0\.00499999 BTC stays with the PowPeg federation/);
  });

  it('credited to our address: completed with the credited sats in wei', async () => {
    const w = wallet();
    processedHeight = 77n;
    events = [{ transactionHash: '0x01', topics: [PEGIN_BTC, `0x${'0'.repeat(24)}${w.rootstock.address.slice(2).toLowerCase()}`, ours], data: `0x${word(599_000n)}${word(1n)}` }];
    const r = await powpegPegin.advance(w.ctx, pegin(600_000n, w.rootstock.address));
    expect(r).toMatchObject({ state: 'credited', outcome: 'completed', expectedReceive: (599_000n * WEI_PER_SAT).toString() });
  });

  it('credited to another address: failed, naming both', async () => {
    const w = wallet();
    processedHeight = 77n;
    const other = `0x${'5'.repeat(40)}`;
    events = [{ transactionHash: '0x01', topics: [PEGIN_BTC, `0x${'0'.repeat(24)}${other.slice(2)}`, ours], data: `0x${word(600_000n)}${word(1n)}` }];
    const r = await powpegPegin.advance(w.ctx, pegin(600_000n, w.rootstock.address));
    expect(r).toMatchObject({ state: 'credited-elsewhere', outcome: 'failed' });
    expect(englishOf(r.lastError)).toContain(other);
  });

  it('rejected and unrefundable: failed with both of rskj’s reasons', async () => {
    const w = wallet();
    processedHeight = 77n;
    events = [
      { transactionHash: '0x01', topics: [REJECTED, ours], data: `0x${word(1n)}` },
      { transactionHash: '0x01', topics: [UNREFUNDABLE, ours], data: `0x${word(4n)}` },
    ];
    const r = await powpegPegin.advance(w.ctx, pegin(600_000n, w.rootstock.address));
    expect(r).toMatchObject({ state: 'rejected', outcome: 'failed' });
    expect(englishOf(r.lastError)).toMatch(/because it would pass the PowPeg’s locking cap, and will not refund it: it paid federations of different types/);
  });

  it('rejected and refundable: follows the refund to our Rootstock key’s address (steps refund and sweep added)', async () => {
    const w = wallet();
    processedHeight = 77n;
    events = [{ transactionHash: '0x01', topics: [REJECTED, ours], data: `0x${word(4n)}` }];
    const r = await powpegPegin.advance(w.ctx, pegin(600_000n, w.rootstock.address));
    expect(r).toMatchObject({ state: 'refunding', outcome: 'in-progress', data: expect.objectContaining({ rejection: { key: 'hopText_pegin_why_4' } }) });
    expect(r.steps.map((s) => s.key)).toEqual(['fund', 'confirm', 'credit', 'refund', 'sweep']);
    expect(englishOf(r.lastError)).toMatch(/returns the BTC after its own confirmations/);
  });
});

describe('peg-out outcome', () => {
  const REJECTED = topic('release_request_rejected(address,uint256,int256)');
  const HASH = '0x' + 'ab'.repeat(32);
  const SATS = 300_000n;

  function pegout(btcAddress: string, extra: Record<string, unknown> = {}): HopRecord<'powpeg-pegout'> {
    return hopFixture({
      id: 'o1', mechanism: 'powpeg-pegout', from: RBTC, to: BTC, send: SATS * WEI_PER_SAT, expectedReceive: 0n, state: 'requested',
      steps: ['request', 'release', 'sweep'], done: ['request'],
      data: { btcAddress, fromBlock: 1, pegoutHash: HASH, confirmations: 3, ...extra },
    });
  }
  const rawTx = (txid: string, outs: { address: string; value: number }[], spends: { txid: string; vout: number }[] = []) => ({
    txid, version: 2, locktime: 0, size: 200, weight: 800, fee: 300,
    vin: spends.map((s) => ({ ...s, prevout: null, is_coinbase: false, sequence: 0xffffffff })),
    vout: outs.map((o) => ({ scriptpubkey: '76a914' + '00'.repeat(20) + '88ac', scriptpubkey_address: o.address, scriptpubkey_type: 'p2pkh', value: o.value })),
    status: { confirmed: true, block_height: 100 },
  });

  it('a reverted request: failed; a request the Bridge logged as rejected: refunded in RBTC, with rskj’s reason', async () => {
    const w = wallet();
    const address = `0x${'0'.repeat(24)}${w.rootstock.address.slice(2).toLowerCase()}`;
    receipt = { transactionHash: HASH, blockNumber: '0x10', status: '0x0', gasUsed: '0x5208' };
    expect(await powpegPegout.advance(w.ctx, pegout('mzBc4XEFSdzCDcTxAgf6EZXgsZWpztRhef'))).toMatchObject({ outcome: 'failed' });
    receipt = { transactionHash: HASH, blockNumber: '0x10', status: '0x1', gasUsed: '0x5208' };
    events = [{ transactionHash: HASH, topics: [REJECTED, address], data: `0x${word(SATS * WEI_PER_SAT)}${word(1n)}` }];
    const r = await powpegPegout.advance(w.ctx, pegout('mzBc4XEFSdzCDcTxAgf6EZXgsZWpztRhef'));
    expect(r).toMatchObject({ state: 'rejected', outcome: 'refunded' });
    expect(englishOf(r.lastError)).toMatch(/because it is below the minimum peg-out, and sent the RBTC back/);
  });

  it('the release is the unspent coin at our key’s address worth 90–100% of the peg-out; others there are not it', async () => {
    const w = wallet();
    const btcAddress = 'mzBc4XEFSdzCDcTxAgf6EZXgsZWpztRhef';
    receipt = { transactionHash: HASH, blockNumber: '0x10', status: '0x1', gasUsed: '0x5208' };
    const small = 'a1'.repeat(32);
    const spentOne = 'a2'.repeat(32);
    const tooBig = 'a3'.repeat(32);
    const release = 'a4'.repeat(32);
    addressTxs = [
      rawTx(small, [{ address: btcAddress, value: Number((SATS * 9n) / 10n) - 1 }]),
      rawTx(spentOne, [{ address: btcAddress, value: Number(SATS) - 2_000 }]),
      rawTx('b1'.repeat(32), [{ address: 'mfWxJ45yp2SFn7UciZyNpvDKrzbhyfKrY8', value: 1 }], [{ txid: spentOne, vout: 0 }]),
      rawTx(tooBig, [{ address: btcAddress, value: Number(SATS) + 1 }]),
    ];
    const waiting = await powpegPegout.advance(w.ctx, pegout(btcAddress));
    expect(waiting).toMatchObject({ state: 'awaiting-release', outcome: 'in-progress', data: expect.objectContaining({ requestAccepted: true }) });
    expect((waiting.data as { releaseTxid?: string }).releaseTxid).toBeUndefined();
    addressTxs.push(rawTx(release, [{ address: btcAddress, value: Number(SATS) - 2_000 }]));
    // The sweep then asks for the release itself; its 404 here leaves the hop waiting with the release found.
    const found = await powpegPegout.advance(w.ctx, waiting);
    expect(found.data).toMatchObject({ releaseTxid: release });
    expect(found.steps.find((s) => s.key === 'release')).toMatchObject({ status: 'done', txid: release });
  });
});
