/**
 * When an sBTC withdrawal counts as paid. Emily names the signers' Bitcoin
 * transaction (emily/handler withdrawal.rs, the fulfillment's BitcoinTxid); the
 * wallet checks it on Bitcoin. The signers pay a withdrawal exactly its amount to
 * the requested script (stacks-network/sbtc signer/src/bitcoin/utxo.rs
 * WithdrawalRequest::as_tx_output, value = amount), so a transaction that pays our
 * address some other amount is not this withdrawal's payment, whatever Emily says.
 * Loopback Emily and Esplora, scripted per test; the hop is past its Stacks call.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sbtcWithdrawal } from '../../../../src/hops/sbtc/withdrawal';
import type { HopRecord } from '../../../../src/hops/types';
import { DevServer, HttpReply } from '../../../devnet/http-server';
import { hopWallet } from '../../../helpers/hop-context';
import { ABANDON } from '../../../helpers/layer-deps';
import { BTC, hopFixture, SBTC } from '../../../helpers/hop-record';
import { englishOf } from '../../../helpers/english-of';

const OURS = 'bcrt1qcr8te4kr609gcawutmrza0j4xv80jy8zeqchgx';
const PAYMENT = 'cc'.repeat(32);
const AMOUNT = 100_000n;

let server: DevServer;
let paidValue: number;
let confirmed: boolean;

beforeAll(async () => {
  server = new DevServer();
  // emily/handler/src/api/handlers/withdrawal.rs get_withdrawal: confirmed, with the fulfillment.
  server.get('/withdrawal/:id', (req) => {
    if (req.params.id !== '5') throw new HttpReply(404, { message: 'Withdrawal not found' });
    return {
      requestId: 5, status: 'confirmed', statusMessage: '', amount: Number(AMOUNT), recipient: '', sender: '', parameters: { maxFee: 10_000 },
      fulfillment: { BitcoinTxid: PAYMENT, BitcoinTxIndex: 0, StacksTxid: 'dd'.repeat(32), BitcoinBlockHash: 'ee'.repeat(32), BitcoinBlockHeight: 300, BtcFee: 500 },
    };
  });
  // electrs src/rest.rs GET /tx/:txid.
  server.get('/tx/:txid', (req) => {
    if (req.params.txid !== PAYMENT) throw new HttpReply(404, 'Transaction not found');
    return {
      txid: PAYMENT, version: 2, locktime: 0, size: 200, weight: 800, fee: 500,
      vin: [{ txid: 'ab'.repeat(32), vout: 0, prevout: null, is_coinbase: false, sequence: 0xfffffffd }],
      vout: [
        { scriptpubkey: '5120' + '11'.repeat(32), scriptpubkey_type: 'v1_p2tr', value: 5_000_000 },
        { scriptpubkey: '0014' + '22'.repeat(20), scriptpubkey_address: OURS, scriptpubkey_type: 'v0_p2wpkh', value: paidValue },
      ],
      status: confirmed ? { confirmed: true, block_height: 300, block_hash: 'ee'.repeat(32) } : { confirmed: false },
    };
  });
  await server.listen();
});
afterAll(() => server.close());
beforeEach(() => {
  paidValue = Number(AMOUNT);
  confirmed = true;
});

function requested(): HopRecord<'sbtc-withdrawal'> {
  return hopFixture({
    id: 'w1', mechanism: 'sbtc-withdrawal', from: SBTC, to: BTC, send: AMOUNT, state: 'requested',
    steps: ['request', 'accept', 'pay'], done: ['request'],
    data: { recipient: OURS, version: 4, hashbytes: '22'.repeat(20), maxFee: 10_000, callTxid: 'ff'.repeat(32), callHex: '00', requestId: 5 },
  });
}

const wallet = () => hopWallet({ mnemonic: ABANDON, endpoints: { 'stacks.emily': server.url, 'stacks.api': server.url, 'bitcoin.esplora': server.url } }).ctx;

describe('sBTC withdrawal payment', () => {
  it('paid: the named transaction pays exactly the amount to our address and is in a block', async () => {
    const r = await sbtcWithdrawal.advance(wallet(), requested());
    expect(r).toMatchObject({ state: 'paid', outcome: 'completed', expectedReceive: AMOUNT.toString() });
    expect(r.steps.find((s) => s.key === 'pay')).toMatchObject({ status: 'done', txid: PAYMENT });
  });

  it('not yet in a block: paid, not completed', async () => {
    confirmed = false;
    const r = await sbtcWithdrawal.advance(wallet(), requested());
    expect(r).toMatchObject({ state: 'paid', outcome: 'in-progress' });
  });

  for (const value of [1_000, Number(AMOUNT) - 1]) {
    it(`Emily names a transaction that pays our address ${value} sats, not the ${AMOUNT} requested: not counted as paid`, async () => {
      paidValue = value;
      const r = await sbtcWithdrawal.advance(wallet(), requested());
      expect(r.outcome).toBe('in-progress');
      expect(r.state).not.toBe('paid');
      expect(r.steps.find((s) => s.key === 'pay')!.status).not.toBe('done');
      expect(englishOf(r.lastError)).toMatch(new RegExp(`${PAYMENT}.*does not pay .*0\\.001 BTC`));
      expect(r.nextCheckAt).toBeGreaterThan(0);
      // Once the named transaction is seen paying the amount, the doubt is gone.
      paidValue = Number(AMOUNT);
      const later = await sbtcWithdrawal.advance(wallet(), r);
      expect(later).toMatchObject({ state: 'paid', outcome: 'completed' });
      expect(englishOf(later.lastError)).toBeUndefined();
    });
  }
});
