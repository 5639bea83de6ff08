/**
 * Every link, address and faucet `npm start` prints is usable for what a user does
 * with it, moves included: it starts the same devnet (local-devnet.ts, on free ports)
 * and checks each printed line against what the devnet's own counterparties serve
 * (Boltz's pairs, Emily's limits, the Bridge's minimum), never against copied numbers.
 * LNURL is spoken here with the `lnurl` and `bolt11` packages, not the wallet's code.
 */
import * as bolt11 from 'bolt11';
import lnurl from 'lnurl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { DEVNET_FAUCET_SATS } from '../../../src/layers/bitcoin/handlers';
import { FAUCET_AMOUNT as LIQUID_FAUCET_SATS } from '../../../src/layers/liquid/handlers';
import { DEVNET_FAUCET_WEI } from '../../../src/layers/rootstock/handlers';
import type { WebSocketLike } from '../../../src/layers/lightning/nostr/relay';
import { NwcFunding } from '../../../src/layers/lightning/nwc';
import { parseNwcUri } from '../../../src/layers/lightning/nwc-uri';
import { FEE_CAPS } from '../../../src/shared/fee-caps';
import { findPreset } from '../../../src/shared/networks';
import { startLocalDevnet, type LocalDevnet, type PrintedService } from '../../devnet/local-devnet';

let devnet: LocalDevnet;
beforeAll(async () => {
  devnet = await startLocalDevnet({ pace: 'manual' });
}, 180_000);
afterAll(async () => {
  await devnet?.stop();
});

type Limits = { minimal: number; maximal: number };
/** Boltz's pairs of one swap type as the devnet Boltz serves them: [from][to].limits. Lightning is `BTC` on its side. */
async function boltzPairs(type: 'submarine' | 'reverse' | 'chain'): Promise<{ from: string; to: string; limits: Limits }[]> {
  const table = (await (await fetch(`${devnet.boltz.url}/swap/${type}`)).json()) as Record<string, Record<string, { limits: Limits }>>;
  return Object.entries(table).flatMap(([from, tos]) => Object.entries(tos).map(([to, p]) => ({ from, to, limits: p.limits })));
}
const sats = (n: number) => BigInt(n);
const getJson = async <T>(url: string): Promise<T> => (await fetch(url)).json() as Promise<T>;

/** Moves to Lightning are Boltz submarine swaps (Lightning on the `to` side): the smallest invoice each pays. */
async function submarineMinimums(): Promise<bigint[]> {
  const pairs = (await boltzPairs('submarine')).filter((p) => p.to === 'BTC');
  expect(pairs.length).toBeGreaterThan(0);
  return pairs.map((p) => sats(p.limits.minimal));
}

/** The smallest amount Lightning must pay for each move from Lightning (reverse swaps; their limits are on the invoice). */
async function reverseMinimums(): Promise<bigint[]> {
  const pairs = (await boltzPairs('reverse')).filter((p) => p.from === 'BTC');
  expect(pairs.length).toBeGreaterThan(0);
  return pairs.map((p) => sats(p.limits.minimal));
}

interface PayRequest {
  tag: string;
  callback: string;
  minSendable: number;
  maxSendable: number;
}

/** A move pays the destination an invoice of what the route delivers: every smallest delivery must be inside its range, and it must issue that invoice. */
async function assertMoveDestination(pr: PayRequest) {
  expect(pr.tag).toBe('payRequest');
  for (const min of await submarineMinimums()) {
    expect(BigInt(pr.minSendable)).toBeLessThanOrEqual(min * 1000n);
    expect(BigInt(pr.maxSendable)).toBeGreaterThanOrEqual(min * 1000n);
    const cb = new URL(pr.callback);
    cb.searchParams.set('amount', String(min * 1000n));
    const { pr: invoice } = await getJson<{ pr: string }>(cb.toString());
    const decoded = bolt11.decode(invoice, { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] });
    expect(BigInt(decoded.millisatoshis!)).toBe(min * 1000n);
  }
}

/** The printed sample with this use; each is printed once. */
const printed = (use: PrintedService['use']): PrintedService[] => devnet.printed.filter((s) => s.use === use);

describe('what `npm start` prints', () => {
  it('the Lightning Address takes every amount a move to Lightning can deliver, and issues the invoice', async () => {
    const [address] = printed('lightning-address');
    const [name, host] = address!.url.split('@');
    await assertMoveDestination(await getJson<PayRequest>(`http://${host}/.well-known/lnurlp/${name}`));
  });

  it('the LNURL-pay link is a move destination too', async () => {
    const [link] = printed('lnurl-pay');
    await assertMoveDestination(await getJson<PayRequest>(lnurl.decode(link!.url)));
  });

  it('the LNURL-withdraw link pays, more than once, enough for the smallest move from Lightning', async () => {
    const [link] = printed('lnurl-withdraw');
    const wr = await getJson<{ tag: string; callback: string; k1: string; minWithdrawable: number; maxWithdrawable: number }>(lnurl.decode(link!.url));
    expect(wr.tag).toBe('withdrawRequest');
    for (const min of await reverseMinimums()) expect(BigInt(wr.maxWithdrawable)).toBeGreaterThanOrEqual(min * 1000n);
    // Its largest withdrawal, twice: the service can pay what it offers, and the link outlives one use.
    const { ledger } = devnet.lightning;
    const payee = ledger.addNode('samples-withdraw');
    for (let i = 0; i < 2; i++) {
      const inv = ledger.createInvoice(payee, BigInt(wr.maxWithdrawable), { description: 'withdraw' });
      const cb = new URL(wr.callback);
      cb.searchParams.set('k1', wr.k1);
      cb.searchParams.set('pr', inv.invoice);
      expect(await getJson(cb.toString())).toEqual({ status: 'OK' });
      await expect.poll(() => ledger.invoice(inv.paymentHash)?.state).toBe('settled');
    }
    expect(payee.balanceMsat).toBe(2n * BigInt(wr.maxWithdrawable));
  });

  it('the NWC wallet holds enough to pay the smallest move from Lightning', async () => {
    const [nwc] = printed('nwc');
    const funding = new NwcFunding(parseNwcUri(nwc!.url), { webSocket: (url) => new WebSocket(url) as unknown as WebSocketLike, timeoutMs: 10_000 });
    try {
      const balance = await funding.getBalance();
      for (const min of await reverseMinimums()) expect(balance).toBeGreaterThan(min * 1000n);
    } finally {
      await funding.close();
    }
  });

  it('the LNURL-auth login logs in a linking key', async () => {
    const [login] = printed('lnurl-auth');
    const url = new URL(lnurl.decode(login!.url));
    expect(url.searchParams.get('tag')).toBe('login');
    const { privKey, pubKey } = lnurl.generateRandomLinkingKey();
    url.searchParams.set('sig', lnurl.createAuthorizationSignature(url.searchParams.get('k1')!, privKey).toString('hex'));
    url.searchParams.set('key', pubKey.toString('hex'));
    expect(await getJson(url.toString())).toEqual({ status: 'OK' });
    expect(devnet.lightning.logins.map((l) => l.key)).toContain(pubKey.toString('hex'));
  });

  it('each faucet pays more than the smallest move from its layer needs, with its network fee', async () => {
    expect(printed('esplora+faucet').map((s) => s.url).sort()).toEqual([devnet.bitcoin.esploraUrl, devnet.liquid.url].sort());
    const [sub, chain] = await Promise.all([boltzPairs('submarine'), boltzPairs('chain')]);
    const boltzFrom = (currency: string) => [...sub, ...chain].filter((p) => p.from === currency).map((p) => sats(p.limits.minimal));

    // BTC: Boltz swaps, the peg-in (the Bridge's minimum) and the sBTC deposit (Emily's minimum and the signers' fee).
    const limits = await getJson<{ perDepositMinimum: number | null }>(`${devnet.sbtc.url}/limits`);
    const stacks = findPreset('stacks', 'devnet')!;
    const fromBtc = [...boltzFrom('BTC'), devnet.powpeg.minLockSats, sats(limits.perDepositMinimum ?? 0) + sats(stacks.params.sbtc!.maxSignerFee)];
    expect(fromBtc.length).toBeGreaterThan(3);
    for (const min of fromBtc) expect(DEVNET_FAUCET_SATS).toBeGreaterThanOrEqual(min + FEE_CAPS.bitcoin.floor);

    for (const min of boltzFrom('L-BTC')) expect(LIQUID_FAUCET_SATS).toBeGreaterThanOrEqual(min + FEE_CAPS.liquid.floor);

    // RBTC (1 sat = 10^10 wei): Boltz's chain swap and the peg-out, with the most gas a send may cost.
    expect(printed('rpc+faucet').map((s) => s.url)).toEqual([devnet.rootstock.url]);
    const rootstock = findPreset('rootstock', 'devnet')!;
    for (const min of [...boltzFrom('RBTC'), sats(rootstock.params.powpeg!.minPegOutSats)]) {
      expect(DEVNET_FAUCET_WEI).toBeGreaterThanOrEqual(min * 10n ** 10n + FEE_CAPS.rootstock.absolute);
    }

    // STX pays an sBTC withdrawal's fee: the faucet covers the largest fee the wallet would sign.
    const [api] = printed('api+faucet');
    const who = 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG';
    const before = devnet.stacks.stx(who);
    const r = await fetch(`${api!.url}/extended/v1/faucets/stx?address=${who}`, { method: 'POST' });
    expect(r.status).toBe(200);
    expect(devnet.stacks.stx(who) - before).toBeGreaterThanOrEqual(FEE_CAPS.stacks.absolute);
  });

  it('the federation address is a Bitcoin address of the devnet chain, and every service answers', async () => {
    const [fed] = printed('peg-in address');
    expect((await fetch(`${devnet.bitcoin.esploraUrl}/address/${fed!.url}`)).status).toBe(200);
    for (const s of printed('service')) expect((await fetch(s.url)).status).toBeLessThan(500);
  });

  it('the relay the move journal and NWC use answers a subscription to the end of its stored events', async () => {
    const [relay] = printed('relay');
    const ws = new WebSocket(relay!.url);
    const eose = await new Promise<unknown>((resolve, reject) => {
      ws.on('open', () => ws.send(JSON.stringify(['REQ', 'sample', { kinds: [30078], limit: 1 }])));
      ws.on('message', (m) => resolve(JSON.parse(String(m))));
      ws.on('error', reject);
    });
    ws.close();
    expect(eose).toEqual(['EOSE', 'sample']);
  });

  it('every printed line is one of the kinds checked above', () => {
    const checked: PrintedService['use'][] = ['relay', 'lightning-address', 'lnurl-pay', 'lnurl-withdraw', 'nwc', 'lnurl-auth', 'esplora+faucet', 'rpc+faucet', 'api+faucet', 'peg-in address', 'service'];
    for (const s of devnet.printed) expect(checked).toContain(s.use);
    expect(new Set(devnet.printed.map((s) => s.use))).toEqual(new Set(checked));
  });
});
