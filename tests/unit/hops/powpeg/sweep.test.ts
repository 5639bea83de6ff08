/**
 * The PowPeg's Bitcoin side (src/hops/powpeg/bitcoin-side.ts, sweep.ts): the
 * RSKIP-170 peg-in OP_RETURN, the P2PKH address of the Rootstock key (where the
 * Bridge pays peg-outs and refunds peg-ins), and the sweep of such a coin into the
 * wallet, against a loopback Esplora scripted per test that can lie about the
 * coin. Addresses are derived here with @scure/btc-signer, not bitcoinjs-lib.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { Address, OutScript, p2pkh } from '@scure/btc-signer';
import { Transaction } from 'bitcoinjs-lib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { peginOpReturn, rootstockBtcKey } from '../../../../src/hops/powpeg/bitcoin-side';
import { SWEEP_WEIGHT, sweepIntoWallet } from '../../../../src/hops/powpeg/sweep';
import type { HopRecord } from '../../../../src/hops/types';
import { bitcoinNetwork } from '../../../../src/layers/bitcoin/keys';
import { DevServer, HttpReply, Text } from '../../../devnet/http-server';
import { hopWallet } from '../../../helpers/hop-context';
import { ABANDON } from '../../../helpers/layer-deps';
import { BTC, hopFixture, RBTC } from '../../../helpers/hop-record';

const REGTEST = { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef };

describe('RSKIP-170 peg-in OP_RETURN', () => {
  const rsk = '0x' + 'Ab'.repeat(20);
  const refund = hexToBytes('cd'.repeat(20));

  it('is OP_RETURN <46 bytes>: "RSKT", version 1, the RSK address, then refund type 1 (P2PKH) and its hash', () => {
    const out = peginOpReturn(rsk, refund);
    expect(bytesToHex(out)).toBe(`6a2e52534b5401${'ab'.repeat(20)}01${'cd'.repeat(20)}`);
  });

  it('refuses an RSK address or refund hash that is not 20 bytes', () => {
    expect(() => peginOpReturn('0x' + 'ab'.repeat(19), refund)).toThrow();
    expect(() => peginOpReturn(rsk, refund.slice(1))).toThrow();
  });
});

describe('The Rootstock key’s P2PKH address', () => {
  it('is the P2PKH of the key behind the wallet’s Rootstock address (the Bridge pays the sender’s key)', () => {
    const w = hopWallet({ mnemonic: ABANDON, endpoints: {} });
    const key = rootstockBtcKey(w.ctx.root, bitcoinNetwork({ bech32: 'bcrt' }));
    expect(bytesToHex(key.script)).toBe(bytesToHex(p2pkh(key.publicKey, REGTEST).script));
    expect(key.address).toBe(p2pkh(key.publicKey, REGTEST).address);
    // The same key signs for the Rootstock account: its Ethereum-style address is keccak(uncompressed key)[12..].
    const uncompressed = secp256k1.Point.fromHex(bytesToHex(key.publicKey)).toBytes(false);
    expect(`0x${bytesToHex(keccak_256(uncompressed.slice(1)).slice(12))}`).toBe(w.rootstock.address.toLowerCase());
    expect(bytesToHex(secp256k1.getPublicKey(key.privateKey, true))).toBe(bytesToHex(key.publicKey));
  });
});

describe('sweepIntoWallet', () => {
  let server: DevServer;
  let txs: Map<string, { json: object; hex: string }>;
  let hexLie: string | null;
  let feeRate: number;
  let events: string[];
  let broadcast: string[];

  beforeAll(async () => {
    server = new DevServer();
    // electrs src/rest.rs routes, as the wallet reads them.
    server.get('/tx/:txid', (req) => {
      const t = txs.get(req.params.txid!);
      if (!t) throw new HttpReply(404, 'Transaction not found');
      return t.json;
    });
    server.get('/tx/:txid/hex', (req) => {
      const t = txs.get(req.params.txid!);
      if (!t) throw new HttpReply(404, 'Transaction not found');
      return new Text(hexLie ?? t.hex);
    });
    server.get('/fee-estimates', () => ({ '1': feeRate, '6': feeRate, '144': 1 }));
    server.get('/address/:address/txs', () => []);
    server.get('/address/:address/txs/chain/:last', () => []);
    server.get('/address/:address', (req) => ({ address: req.params.address, chain_stats: { funded_txo_sum: 0, spent_txo_sum: 0, tx_count: 0 }, mempool_stats: { funded_txo_sum: 0, spent_txo_sum: 0, tx_count: 0 } }));
    server.get('/blocks/tip/height', () => new Text('200'));
    server.post('/tx', (req) => {
      events.push('broadcast');
      broadcast.push(req.body);
      return new Text(Transaction.fromHex(req.body).getId());
    });
    await server.listen();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    txs = new Map();
    hexLie = null;
    feeRate = 2;
    events = [];
    broadcast = [];
  });

  function setup() {
    const w = hopWallet({ mnemonic: ABANDON, endpoints: { 'bitcoin.esplora': server.url, 'rootstock.rpc': server.url } });
    const saved: HopRecord[] = [];
    w.ctx.save = async (r) => {
      events.push('save');
      saved.push(r);
    };
    const key = rootstockBtcKey(w.ctx.root, bitcoinNetwork(w.ctx.presets.bitcoin.params));
    return { w, saved, key };
  }

  /** A release paying `value` to `script` at output 1, registered on the server (JSON value possibly misreported). */
  function release(script: Uint8Array, value: bigint, jsonValue = value): string {
    const tx = new Transaction();
    tx.version = 2;
    tx.addInput(hexToBytes('11'.repeat(32)), 0);
    tx.addOutput(hexToBytes('0014' + '22'.repeat(20)), 5_000n);
    tx.addOutput(script, value);
    const txid = tx.getId();
    const json = {
      txid, version: 2, locktime: 0, size: 100, weight: 400, fee: 100,
      vin: [{ txid: '11'.repeat(32), vout: 0, prevout: null, is_coinbase: false, sequence: 0xffffffff }],
      vout: [{ scriptpubkey: '0014' + '22'.repeat(20), value: 5_000 }, { scriptpubkey: bytesToHex(script), value: Number(jsonValue) }],
      status: { confirmed: true, block_height: 150 },
    };
    txs.set(txid, { json, hex: tx.toHex() });
    return txid;
  }

  const record = (): HopRecord<'powpeg-pegout'> =>
    hopFixture({
      mechanism: 'powpeg-pegout', from: RBTC, to: BTC, send: 0n, state: 'released',
      steps: [{ key: 'sweep', label: 'Move the BTC into this wallet', status: 'waiting' }],
      data: { btcAddress: '', confirmations: 3 },
    });

  it('spends the coin the transaction itself pays our key (not the JSON’s value) into our receive address, saved before broadcast', async () => {
    const { w, saved, key } = setup();
    // The server's JSON understates the coin: the sweep must not give the difference to the miner.
    const paid = release(key.script, 300_000n, 1_000n);
    const out = await sweepIntoWallet(w.ctx, record(), paid, key.address);
    expect(out.done).toBe(false);
    expect(events).toEqual(['save', 'broadcast']);
    const data = saved[0]!.data as { sweepTxid: string; sweepHex: string };
    expect(broadcast).toEqual([data.sweepHex]);
    const sweep = Transaction.fromHex(data.sweepHex);
    expect(sweep.getId()).toBe(data.sweepTxid);
    expect(bytesToHex(sweep.ins[0]!.hash.slice().reverse())).toBe(paid);
    expect(sweep.ins[0]!.index).toBe(1);
    const fee = BigInt(Math.ceil(SWEEP_WEIGHT / 4)) * 2n;
    expect(sweep.outs).toHaveLength(1);
    expect(sweep.outs[0]!.value).toBe(300_000n - fee);
    const receive = await w.bitcoin.receive();
    expect(bytesToHex(sweep.outs[0]!.script)).toBe(bytesToHex(OutScript.encode(Address(REGTEST).decode(receive.address))));
    expect(out.record.steps[0]).toMatchObject({ status: 'active', txid: data.sweepTxid });
  });

  it('once stored, it is rebroadcast as it is while unseen, never re-signed, and done once the network has it', async () => {
    const { w, key } = setup();
    const paid = release(key.script, 300_000n);
    const first = await sweepIntoWallet(w.ctx, record(), paid, key.address);
    const { sweepTxid, sweepHex } = first.record.data as { sweepTxid: string; sweepHex: string };
    events = [];
    feeRate = 9;
    const again = await sweepIntoWallet(w.ctx, first.record, paid, key.address);
    expect(again.done).toBe(false);
    expect(events).toEqual(['broadcast']);
    expect(broadcast.at(-1)).toBe(sweepHex);
    txs.set(sweepTxid, { json: { ...txs.get(paid)!.json, txid: sweepTxid }, hex: sweepHex });
    const done = await sweepIntoWallet(w.ctx, again.record, paid, key.address);
    expect(done.done).toBe(true);
    expect(done.record.steps[0]).toMatchObject({ status: 'done', txid: sweepTxid });
  });

  it('refuses a server that answers another transaction’s hex than the txid asked: nothing signed, saved or sent', async () => {
    const { w, key } = setup();
    const paid = release(key.script, 300_000n);
    const other = release(key.script, 900_000n);
    hexLie = txs.get(other)!.hex;
    await expect(sweepIntoWallet(w.ctx, record(), paid, key.address)).rejects.toThrow(/another transaction than .*Nothing was sent/);
    expect(events).toEqual([]);
  });

  it('refuses a transaction that pays nothing to our key, a coin too small for the fee, and a fee above the cap', async () => {
    const { w, key } = setup();
    const elsewhere = release(p2pkh(hexToBytes('02' + '77'.repeat(32)), REGTEST).script, 300_000n);
    await expect(sweepIntoWallet(w.ctx, record(), elsewhere, key.address)).rejects.toThrow(/pays nothing to/);
    const fee = BigInt(Math.ceil(SWEEP_WEIGHT / 4)) * 2n;
    const tiny = release(key.script, fee + 294n);
    await expect(sweepIntoWallet(w.ctx, record(), tiny, key.address)).rejects.toMatchObject({ code: 'insufficient_funds' });
    feeRate = 5_000;
    const capped = release(key.script, 300_000n);
    await expect(sweepIntoWallet(w.ctx, record(), capped, key.address)).rejects.toThrow();
    expect(events).toEqual([]);
  });

  it('a release not yet seen by the server: waits, nothing signed', async () => {
    const { w, key } = setup();
    const out = await sweepIntoWallet(w.ctx, record(), 'ee'.repeat(32), key.address);
    expect(out.done).toBe(false);
    expect(out.record.nextCheckAt).toBeGreaterThan(0);
    expect(events).toEqual([]);
  });
});
