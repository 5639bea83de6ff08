/** The Rootstock protocol edge: schemas, RBTC/gwei text parsed in the background, bigints out as strings. */
import { describe, expect, it } from 'vitest';
import { parseGasPriceGwei, rootstockHandlers } from '../../../../src/layers/rootstock/handlers';
import type { LayerRuntime } from '../../../../src/layers/types';
import type { RootstockDraft, RootstockService } from '../../../../src/layers/rootstock/service';
import { WalletError } from '../../../../src/shared/errors';
import { METHODS } from '../../../../src/shared/rpc';

const TO = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const HASH = `0x${'ab'.repeat(32)}`;

function errorOf(fn: () => unknown): WalletError {
  try {
    fn();
  } catch (err) {
    if (err instanceof WalletError) return err;
    throw err;
  }
  throw new Error('expected a WalletError');
}

/** A stand-in service that records what the handlers pass it. */
function fakeLayers() {
  const drafts: RootstockDraft[] = [];
  const speedUps: [string, bigint | undefined][] = [];
  const sent = (amount: bigint, gasPrice: bigint) => ({
    hash: HASH,
    nonce: 4n,
    from: TO,
    to: TO,
    amount,
    gasPrice,
    gasLimit: 21_000n,
    fee: 21_000n * gasPrice,
    total: amount + 21_000n * gasPrice,
  });
  const service = {
    chainId: 33,
    receive: async () => ({ address: TO, uri: TO, path: "m/44'/37310'/0'/0/0" }),
    quote: async (d: RootstockDraft) => {
      drafts.push(d);
      const gasPrice = d.gasPrice ?? 1_100_000_000n;
      return { from: TO, to: TO, amount: d.amount, gasLimit: 21_000n, gasPrice, minimumGasPrice: 1_000_000_000n, fee: 21_000n * gasPrice, total: d.amount + 21_000n * gasPrice, balance: 10n ** 18n, nonce: 4n, chainId: 33 };
    },
    send: async (d: RootstockDraft) => {
      drafts.push(d);
      return sent(d.amount, d.gasPrice ?? 1n);
    },
    speedUp: async (hash: string, gasPrice?: bigint) => {
      speedUps.push([hash, gasPrice]);
      return { ...sent(5n, gasPrice ?? 7n), replaces: hash };
    },
    explorerUrl: (hash: string) => `https://explorer.example/tx/${hash}`,
  } as unknown as RootstockService;
  const layers = { service: async () => service } as unknown as LayerRuntime<'rootstock', RootstockService>;
  return { handlers: rootstockHandlers(layers), drafts, speedUps };
}

describe('gas price text (gwei)', () => {
  it('parses gwei into wei, empty meaning automatic', () => {
    expect(parseGasPriceGwei(undefined)).toBeUndefined();
    expect(parseGasPriceGwei('  ')).toBeUndefined();
    expect(parseGasPriceGwei('0.06')).toBe(60_000_000n);
    expect(parseGasPriceGwei('2')).toBe(2_000_000_000n);
    expect(parseGasPriceGwei('0.000000001')).toBe(1n);
  });

  it.each([
    ['0', /more than zero/],
    ['0.000', /more than zero/],
    ['0.0000000001', /9 decimal places/],
    ['fast', /not a number/],
    ['-1', /positive/],
  ])('refuses %s as a fee-rate error', (text, message) => {
    const err = errorOf(() => parseGasPriceGwei(text));
    expect(err.code).toBe('bad_fee_rate');
    expect(err.message).toMatch(message);
  });
});

describe('rootstock.* schemas', () => {
  it.each([
    ['rootstock.quote', { to: TO }, 'amount'],
    ['rootstock.quote', { to: TO, amount: 1 }, 'amount'],
    ['rootstock.send', { to: TO, amountWei: '1', gasPrice: '5' }, 'gasLimit'],
    ['rootstock.send', { to: TO, amountWei: '0.5', gasPrice: '5', gasLimit: '21000' }, 'amountWei'],
    ['rootstock.send', { to: TO, amountWei: '1', gasPrice: '1.5', gasLimit: '21000' }, 'gasPrice'],
    ['rootstock.speedUp', { hash: 'abcd' }, 'hash'],
    ['rootstock.speedUp', { hash: HASH, gasPriceGwei: 5 }, 'gasPriceGwei'],
    ['rootstock.devnetFaucet', { amount: '100' }, 'amount'],
  ] as const)('%s refuses %j (field %s)', (method, params, field) => {
    const err = errorOf(() => METHODS[method].params(params, ''));
    expect(err.code).toBe('bad_params');
    expect(err.message).toContain(field);
  });
});

describe('rootstock handlers', () => {
  it('parses RBTC text with 18 decimals and gwei text, and answers with integer strings', async () => {
    const { handlers, drafts } = fakeLayers();
    const q = await handlers['rootstock.quote']({ to: TO, amount: '0.25', gasPriceGwei: '1.5' });
    expect(drafts[0]).toEqual({ to: TO, amount: 250_000_000_000_000_000n, gasPrice: 1_500_000_000n });
    expect(q).toMatchObject({ amount: '250000000000000000', gasLimit: '21000', gasPrice: '1500000000', fee: '31500000000000', total: '250031500000000000', nonce: '4', chainId: 33 });

    const auto = await handlers['rootstock.quote']({ to: TO, amount: '1', gasPriceGwei: '' });
    expect(drafts[1]!.gasPrice).toBeUndefined();
    expect(auto.gasPrice).toBe('1100000000');

    // A send carries the reviewed quote's wei amounts back, never text to parse again.
    const s = await handlers['rootstock.send']({ to: TO, amountWei: '1', gasPrice: '1100000000', gasLimit: '21000' });
    expect(drafts[2]).toEqual({ to: TO, amount: 1n, gasPrice: 1_100_000_000n, gasLimit: 21_000n });
    expect(s).toMatchObject({ hash: HASH, amount: '1', nonce: '4', explorerUrl: `https://explorer.example/tx/${HASH}` });
  });

  it('refuses bad amounts before the service sees them', async () => {
    const { handlers, drafts } = fakeLayers();
    await expect(handlers['rootstock.quote']({ to: TO, amount: '0.0000000000000000001' })).rejects.toMatchObject({ code: 'bad_amount', message: /18 decimal places for RBTC/ });
    await expect(handlers['rootstock.quote']({ to: TO, amount: '1e18' })).rejects.toMatchObject({ code: 'bad_amount' });
    await expect(handlers['rootstock.quote']({ to: TO, amount: '0' })).rejects.toMatchObject({ code: 'bad_amount' });
    await expect(handlers['rootstock.quote']({ to: TO, amount: '1', gasPriceGwei: 'lots' })).rejects.toMatchObject({ code: 'bad_fee_rate' });
    expect(drafts).toEqual([]);
  });

  it('speeds up with an optional gas price and says what it replaced', async () => {
    const { handlers, speedUps } = fakeLayers();
    const r = await handlers['rootstock.speedUp']({ hash: HASH, gasPriceGwei: '3' });
    expect(speedUps[0]).toEqual([HASH, 3_000_000_000n]);
    expect(r).toMatchObject({ replaces: HASH, gasPrice: '3000000000', fee: '63000000000000' });
    await handlers['rootstock.speedUp']({ hash: HASH });
    expect(speedUps[1]).toEqual([HASH, undefined]);
  });

  it('receive adds the chain id the checksum is for', async () => {
    const { handlers } = fakeLayers();
    expect(await handlers['rootstock.receive']({})).toEqual({ address: TO, uri: TO, path: "m/44'/37310'/0'/0/0", chainId: 33 });
  });
});
