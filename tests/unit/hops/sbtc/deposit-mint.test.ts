/**
 * When an sBTC deposit counts as minted, and for how much, from a loopback Emily
 * and Esplora scripted per test. Emily's `confirmed` with a fulfillment is
 * believed only once Bitcoin shows the named sweep spending our deposit output in a
 * block; the fee Emily states is believed only within the deposit's max fee, the
 * most the signers may keep (stacks-network/sbtc sbtc/src/deposits.rs
 * DepositInfo.max_fee; signer/src/bitcoin/utxo.rs assesses each deposit's fee
 * against it).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sbtcDeposit } from '../../../../src/hops/sbtc/deposit';
import type { HopRecord } from '../../../../src/hops/types';
import { DevServer, HttpReply, Text } from '../../../devnet/http-server';
import { hopWallet } from '../../../helpers/hop-context';
import { ABANDON } from '../../../helpers/layer-deps';
import { BTC, hopFixture, SBTC } from '../../../helpers/hop-record';
import { englishOf } from '../../../helpers/english-of';

const FUNDING = 'f0'.repeat(32);
const SWEEP = '5e'.repeat(32);
const DEPOSIT_ADDRESS = 'bcrt1pqqqsyqcyq5rqwzqfpg9scrgwpugpzysnzs23v9ccrydpk8qarc0jqzj2v6s';
const SEND = 200_000n;
const MAX_FEE = 10_000;

let server: DevServer;
let btcFee: unknown;
let sweepConfirmed: boolean;
let sweepTxid: string;

beforeAll(async () => {
  server = new DevServer();
  // emily/handler/src/api/handlers/deposit.rs get_deposit: confirmed, with the fulfillment.
  server.get('/deposit/:txid/:vout', (req) => {
    if (req.params.txid !== FUNDING) throw new HttpReply(404, { message: 'Deposit not found' });
    return {
      bitcoinTxid: FUNDING, bitcoinTxOutputIndex: 0, recipient: '', amount: Number(SEND), lastUpdateHeight: 120, lastUpdateBlockHash: '', status: 'confirmed', statusMessage: '',
      parameters: { maxFee: MAX_FEE, lockTime: 6 }, reclaimScript: '', depositScript: '',
      fulfillment: { BitcoinTxid: SWEEP, BitcoinTxIndex: 0, StacksTxid: 'dd'.repeat(32), BitcoinBlockHash: 'ee'.repeat(32), BitcoinBlockHeight: 120, BtcFee: btcFee },
    };
  });
  // electrs src/rest.rs
  const tx = (txid: string, confirmed: boolean, vin: object[], vout: object[]) => ({
    txid, version: 2, locktime: 0, size: 200, weight: 800, fee: 300, vin, vout,
    status: confirmed ? { confirmed: true, block_height: txid === FUNDING ? 100 : 120 } : { confirmed: false },
  });
  const funding = () => tx(FUNDING, true, [], [{ scriptpubkey: '5120' + '00'.repeat(32), scriptpubkey_address: DEPOSIT_ADDRESS, scriptpubkey_type: 'v1_p2tr', value: Number(SEND) }]);
  server.get('/tx/:txid', (req) => {
    if (req.params.txid !== FUNDING) throw new HttpReply(404, 'Transaction not found');
    return funding();
  });
  server.get('/address/:address/txs', (req) => {
    if (req.params.address !== DEPOSIT_ADDRESS) return [];
    const sweep = tx(sweepTxid, sweepConfirmed, [{ txid: FUNDING, vout: 0, prevout: null, is_coinbase: false, sequence: 0xfffffffd }], [{ scriptpubkey: '5120' + '11'.repeat(32), scriptpubkey_type: 'v1_p2tr', value: 190_000 }]);
    return [sweep, funding()];
  });
  server.get('/blocks/tip/height', () => new Text('125'));
  await server.listen();
});
afterAll(() => server.close());
beforeEach(() => {
  btcFee = 2_000;
  sweepConfirmed = true;
  sweepTxid = SWEEP;
});

function funded(): HopRecord<'sbtc-deposit'> {
  return hopFixture({
    id: 'd1', mechanism: 'sbtc-deposit', from: BTC, to: SBTC, send: SEND, expectedReceive: SEND - BigInt(MAX_FEE), state: 'awaiting-signers',
    steps: ['fund', 'notify', 'sweep', 'mint'], done: ['fund', 'notify'],
    data: {
      recipient: 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG', depositAddress: DEPOSIT_ADDRESS, depositScript: '', reclaimScript: '', reclaimControlBlock: '', signersKey: '',
      maxFee: MAX_FEE, lockTime: 6, fundingTxid: FUNDING, fundingHex: '00', fundingVout: 0, fundingHeight: 100, notified: true,
    },
  });
}

const wallet = () => hopWallet({ mnemonic: ABANDON, endpoints: { 'stacks.emily': server.url, 'stacks.api': server.url, 'bitcoin.esplora': server.url } }).ctx;

describe('sBTC deposit: minted', () => {
  it('Emily confirmed, and Bitcoin shows that sweep spending our output in a block: minted, less the fee Emily states', async () => {
    const r = await sbtcDeposit.advance(wallet(), funded());
    expect(r).toMatchObject({ state: 'minted', outcome: 'completed', expectedReceive: (SEND - 2_000n).toString() });
    expect(englishOf(r.lastError)).toBeUndefined();
  });

  it('the sweep is not in a block yet: swept, not minted', async () => {
    sweepConfirmed = false;
    expect(await sbtcDeposit.advance(wallet(), funded())).toMatchObject({ state: 'swept', outcome: 'in-progress' });
  });

  it('Emily names another sweep than the one that spent our output: not minted, the doubt shown', async () => {
    sweepTxid = '66'.repeat(32);
    const r = await sbtcDeposit.advance(wallet(), funded());
    expect(r.outcome).toBe('in-progress');
    expect(englishOf(r.lastError)).toMatch(/does not count it as minted/);
  });

  for (const fee of [MAX_FEE + 1, -5, 1.5, '2000', null]) {
    it(`a stated fee of ${JSON.stringify(fee)} (not whole sats within the ${MAX_FEE}-sat max fee) is not believed: minted, counting the max fee, the doubt shown`, async () => {
      btcFee = fee;
      const r = await sbtcDeposit.advance(wallet(), funded());
      expect(r).toMatchObject({ state: 'minted', outcome: 'completed', expectedReceive: (SEND - BigInt(MAX_FEE)).toString() });
      expect(englishOf(r.lastError)).toMatch(/Emily states a signers' fee of .* the most the signers may keep/);
    });
  }
});
