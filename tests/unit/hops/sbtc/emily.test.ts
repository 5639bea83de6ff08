/**
 * Emily's answers as the wallet reads them (stacks-network/sbtc emily/handler:
 * deposit.rs, withdrawal.rs, limits.rs), from a loopback server scripted per test:
 * unknown deposits and withdrawals are 404, other failures are errors, and a
 * `/limits` answer that is not whole sats is refused with a wallet error before
 * a deposit is quoted.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmilyClient } from '../../../../src/hops/sbtc/emily';
import { sbtcDeposit } from '../../../../src/hops/sbtc/deposit';
import { HttpClient } from '../../../../src/shared/http';
import { WalletError } from '../../../../src/shared/errors';
import { DevServer, HttpReply } from '../../../devnet/http-server';
import { hopWallet } from '../../../helpers/hop-context';
import { ABANDON } from '../../../helpers/layer-deps';
import { address as btcAddress } from 'bitcoinjs-lib';
import { bitcoinNetwork } from '../../../../src/layers/bitcoin/keys';
import type { HopContext } from '../../../../src/hops/mechanism';
import { englishOf } from '../../../helpers/english-of';

const BTC = { layer: 'bitcoin' as const, asset: 'BTC' };
const SBTC = { layer: 'stacks' as const, asset: 'sBTC' };
const TXID = 'ab'.repeat(32);

let server: DevServer;
let limits: unknown;
let posted: unknown[];
let failWith: number | null;

beforeAll(async () => {
  server = new DevServer();
  // emily/handler/src/api/handlers/deposit.rs get_deposit: 404 "Deposit not found" for an unknown one.
  server.get('/deposit/:txid/:vout', (req) => {
    if (failWith) throw new HttpReply(failWith, { message: 'Internal server error' });
    if (req.params.txid !== TXID) throw new HttpReply(404, { message: 'Deposit not found' });
    return { bitcoinTxid: TXID, bitcoinTxOutputIndex: Number(req.params.vout), status: 'pending' };
  });
  // emily/handler/src/api/handlers/withdrawal.rs get_withdrawal.
  server.get('/withdrawal/:id', (req) => {
    if (req.params.id !== '7') throw new HttpReply(404, { message: 'Withdrawal not found' });
    return { requestId: 7, status: 'accepted' };
  });
  // emily/handler/src/api/handlers/deposit.rs create_deposit: 201 new, 200 existing.
  server.post('/deposit', (req) => {
    posted.push(req.json());
    return {};
  });
  // emily/handler/src/api/handlers/limits.rs get_limits.
  server.get('/limits', () => limits);
  await server.listen();
});
afterAll(() => server.close());
beforeEach(() => {
  posted = [];
  failWith = null;
  limits = { pegCap: null, perDepositMinimum: null, perDepositCap: null, perWithdrawalCap: null };
});

describe('EmilyClient', () => {
  const emily = () => new EmilyClient(new HttpClient(server.url, { retries: 0 }));

  it('reads a deposit and a withdrawal; an unknown one (404) is null, not an error', async () => {
    expect(await emily().deposit(TXID, 2)).toMatchObject({ bitcoinTxid: TXID, bitcoinTxOutputIndex: 2 });
    expect(await emily().deposit('cd'.repeat(32), 0)).toBeNull();
    expect(await emily().withdrawal(7)).toMatchObject({ requestId: 7 });
    expect(await emily().withdrawal(8)).toBeNull();
  });

  it('a server failure is an error, never read as "unknown deposit"', async () => {
    failWith = 500;
    await expect(emily().deposit(TXID, 0)).rejects.toMatchObject({ status: 500 });
  });

  it('announces a deposit with the scripts and transaction as Emily’s CreateDepositRequestBody names them', async () => {
    const body = { bitcoinTxid: TXID, bitcoinTxOutputIndex: 1, reclaimScript: '5cb2', depositScript: '1e00', transactionHex: '0200' };
    await emily().createDeposit(body);
    expect(posted).toEqual([body]);
  });
});

describe('sBTC deposit quote against Emily’s limits', () => {
  const wallet = () =>
    hopWallet({ mnemonic: ABANDON, endpoints: { 'stacks.emily': server.url, 'stacks.api': server.url, 'bitcoin.esplora': server.url } });

  it('refuses below the minimum (at least the signers’ max fee plus dust) and above the per-deposit cap, before any Bitcoin call', async () => {
    limits = { pegCap: null, perDepositMinimum: 50_000, perDepositCap: 1_000_000, perWithdrawalCap: null };
    const { ctx } = wallet();
    const low = await sbtcDeposit.quote(ctx, BTC, SBTC, 50_545n);
    expect(low).toMatchObject({ available: false, min: '50546', max: '1000000' });
    expect(englishOf(low.reason)).toMatch(/at least 0\.00050546 BTC/);
    const high = await sbtcDeposit.quote(ctx, BTC, SBTC, 1_000_001n);
    expect(high).toMatchObject({ available: false });
    expect(englishOf(high.reason)).toMatch(/at most 0\.01 BTC/);
  });

  it('a minimum below the signers’ max fee still leaves the max fee plus dust as the floor', async () => {
    limits = { pegCap: null, perDepositMinimum: 1, perDepositCap: null, perWithdrawalCap: null };
    const { ctx } = wallet();
    const maxFee = BigInt(ctx.presets.stacks.params.sbtc!.maxSignerFee);
    const q = await sbtcDeposit.quote(ctx, BTC, SBTC, maxFee);
    expect(q).toMatchObject({ available: false, min: String(maxFee + 546n) });
  });

  for (const [what, lie] of [
    ['a fractional per-deposit cap', { perDepositCap: 1.5 }],
    ['a negative per-deposit cap', { perDepositCap: -1 }],
    ['a fractional per-deposit minimum', { perDepositMinimum: 20_000.5 }],
    ['a per-deposit minimum that is not a number', { perDepositMinimum: 'lots' }],
  ] as const) {
    it(`refuses ${what} from Emily with a wallet error`, async () => {
      limits = { pegCap: null, perDepositMinimum: null, perDepositCap: null, perWithdrawalCap: null, ...lie };
      const { ctx } = wallet();
      const quote = sbtcDeposit.quote(ctx, BTC, SBTC, 100_000n);
      await expect(quote).rejects.toBeInstanceOf(WalletError);
      await expect(quote).rejects.toMatchObject({ code: 'backend_error', message: expect.stringMatching(/^Emily sent an invalid per-deposit (cap|minimum)\./) });
    });
  }

  it('prices the Bitcoin network fee for paying a Taproot output (the deposit address), not the wallet’s own P2WPKH address', async () => {
    limits = { pegCap: null, perDepositMinimum: null, perDepositCap: null, perWithdrawalCap: null };
    const { ctx } = wallet();
    const network = bitcoinNetwork(ctx.presets.bitcoin.params);
    // The fee a payment costs grows with its output: here, the output script's length in sats.
    const side = async (layer: Parameters<HopContext['side']>[0]) => {
      const real = await ctx.side(layer);
      if (layer !== 'bitcoin') return real;
      return {
        ...real,
        payoutAddress: async () => btcAddress.toBech32(new Uint8Array(20).fill(7), 0, network.bech32),
        quotePayment: async (to: string) => ({ fee: BigInt(btcAddress.toOutputScript(to, network).length) }),
      };
    };
    const q = await sbtcDeposit.quote({ ...ctx, side } as HopContext, BTC, SBTC, 100_000n);
    expect(q.available).toBe(true);
    // A deposit output is P2TR (OP_1 <32 bytes>): 34 bytes, where a P2WPKH output is 22.
    expect(q.networkFees).toEqual([expect.objectContaining({ amount: '34', onTopOn: 'bitcoin' })]);
  });
});

