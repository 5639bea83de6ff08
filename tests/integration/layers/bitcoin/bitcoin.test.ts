/**
 * The Bitcoin layer against the devnet: a bcoin regtest full node (whose mempool
 * acceptance is the verdict on every transaction the wallet signs) behind an
 * Esplora facade. P2TR spends are also checked by an independent verifier.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BitcoinService } from '../../../../src/layers/bitcoin/service';
import { signTransaction } from '../../../../src/layers/bitcoin/signing';
import { hexToBytes } from '@noble/hashes/utils.js';
import { startBitcoinDevnet, type BitcoinDevnet } from '../../../devnet/bitcoin';
import { ABANDON, testDeps } from '../../../helpers/layer-deps';

let devnet: BitcoinDevnet;
const wallet = (mnemonic?: string) => {
  const deps = testDeps('bitcoin', 'devnet', { esplora: devnet.esploraUrl, explorer: devnet.url }, mnemonic);
  return { deps, svc: new BitcoinService(deps) };
};
const balance = async (svc: BitcoinService) => {
  const b = (await svc.overview()).balances[0]!;
  return { confirmed: BigInt(b.confirmed), pending: BigInt(b.pending) };
};
const normal = { kind: 'normal' } as const;

beforeAll(async () => {
  devnet = await startBitcoinDevnet();
});
afterAll(async () => devnet?.stop());

describe('Bitcoin on the devnet', () => {
  it('discovers funds across receive indexes and both schemes, confirmed and pending', async () => {
    const { svc } = wallet(ABANDON);
    await devnet.faucet(svc.keys.address('p2wpkh', 0, 0).address, 1_000_000n);
    await devnet.faucet(svc.keys.address('p2wpkh', 0, 7).address, 200_000n);
    await devnet.faucet(svc.keys.address('p2tr', 0, 2).address, 300_000n);
    await devnet.faucet(svc.keys.address('p2wpkh', 0, 1).address, 50_000n, { confirm: false });
    const b = await balance(svc);
    expect(b.confirmed).toBe(1_500_000n);
    expect(b.pending).toBe(50_000n);
    const overview = await svc.overview();
    expect(overview.activity.filter((a) => a.direction === 'in')).toHaveLength(4);
    expect(overview.activity[0]).toMatchObject({ status: 'pending', confirmations: 0 });
    expect(overview.activity.at(-1)!.explorerUrl).toMatch(new RegExp(`^${devnet.url}/tx/[0-9a-f]{64}$`));
    // The next unused receive address is after the last used one (index 7).
    expect((await svc.receive()).address).toBe(svc.keys.address('p2wpkh', 0, 8).address);
    await devnet.mine();
  });

  it('sends to another wallet, returns change to the change chain, and the node accepts it', async () => {
    const a = wallet();
    const b = wallet();
    await devnet.faucet(a.svc.keys.address('p2wpkh', 0, 0).address, 500_000n);
    const to = (await b.svc.receive()).address;
    const quote = await a.svc.quote({ to, amount: '0.001', fee: normal });
    expect(quote).toMatchObject({ amount: 100_000n, highFee: false });
    expect(quote.total).toBe(quote.amount + quote.fee);
    const accepted = devnet.facade.broadcasts.filter((x) => x.accepted).length;
    const { txid } = await a.svc.send({ to, amount: '0.001', fee: normal });
    expect(devnet.facade.broadcasts.filter((x) => x.accepted).length).toBe(accepted + 1);
    const tx = await a.svc.esplora.tx(txid);
    const changeScript = a.svc.keys.address('p2wpkh', 1, 0).script;
    expect(tx!.vout.find((o) => o.script === changeScript)?.value).toBe(500_000n - 100_000n - quote.fee);
    await devnet.mine();
    expect((await balance(b.svc)).confirmed).toBe(100_000n);
    expect((await balance(a.svc)).confirmed).toBe(400_000n - quote.fee);
  });

  it('spends a Taproot coin; the independent verifier checks it and refuses a forged signature', async () => {
    const a = wallet();
    const b = wallet();
    await devnet.faucet(a.svc.keys.address('p2tr', 0, 0).address, 200_000n);
    const to = (await b.svc.receive()).address;
    const { txid } = await a.svc.send({ to, amount: '0.0005', fee: normal });
    const hex = await a.svc.esplora.txHex(txid);
    expect(hex).toMatch(/^02000000/);
    await devnet.mine();
    expect((await balance(b.svc)).confirmed).toBe(50_000n);

    // Forge: same spend of the Taproot change coin, signature corrupted.
    const c = wallet();
    await devnet.faucet(c.svc.keys.address('p2tr', 0, 0).address, 80_000n);
    const [utxo] = await (await fetch(`${devnet.esploraUrl}/address/${c.svc.keys.address('p2tr', 0, 0).address}/utxo`)).json();
    const signed = signTransaction(
      c.svc.keys,
      [{ txid: utxo.txid, vout: utxo.vout, value: BigInt(utxo.value), owner: c.svc.keys.address('p2tr', 0, 0) }],
      [{ script: hexToBytes(b.svc.keys.address('p2wpkh', 0, 5).script), value: 70_000n }],
    );
    const sigAt = signed.hex.length - 8 - 2 * 64; // witness signature sits right before the locktime
    const forged = signed.hex.slice(0, sigAt) + (signed.hex[sigAt] === '0' ? '1' : '0') + signed.hex.slice(sigAt + 1);
    await expect(c.svc.esplora.broadcast(forged)).rejects.toMatchObject({ code: 'broadcast_rejected', message: /Taproot/ });
    await expect(c.svc.esplora.broadcast(signed.hex)).resolves.toBe(signed.txid);
  });

  it('bumps the fee of an unconfirmed send by replacement (RBF)', async () => {
    const a = wallet();
    const b = wallet();
    await devnet.faucet(a.svc.keys.address('p2wpkh', 0, 0).address, 300_000n);
    const to = (await b.svc.receive()).address;
    const first = await a.svc.send({ to, amount: '0.001', fee: { kind: 'slow' } }, { bumpable: true });
    const activity = (await a.svc.overview()).activity.find((x) => x.id === first.txid)!;
    expect(activity).toMatchObject({ direction: 'out', status: 'pending', canSpeedUp: true });
    const review = await a.svc.bumpReview(first.txid, { kind: 'fast' });
    const bumped = await a.svc.bump(first.txid, { kind: 'fast' }, review.reviewId);
    expect(bumped.replaced).toBe(first.txid);
    expect(bumped.fee).toBeGreaterThan(first.quote.fee);
    expect(await a.svc.esplora.tx(first.txid)).toBeNull(); // evicted from bcoin's mempool
    const replacement = await a.svc.esplora.tx(bumped.txid);
    expect(replacement!.vout.some((o) => o.script === b.svc.keys.address('p2wpkh', 0, 0).script && o.value === 100_000n)).toBe(true);
    // A bump below the minimum increment is refused before anything is signed.
    await expect(a.svc.bumpReview(bumped.txid, { kind: 'custom', satPerVb: '1' })).rejects.toMatchObject({ code: 'bad_fee_rate' });
    await devnet.mine();
    expect((await balance(b.svc)).confirmed).toBe(100_000n);
    expect((await balance(a.svc)).confirmed).toBe(300_000n - 100_000n - bumped.fee);
  });

  it('refuses a double spend', async () => {
    const a = wallet();
    await devnet.faucet(a.svc.keys.address('p2wpkh', 0, 0).address, 100_000n);
    const [utxo] = await (await fetch(`${devnet.esploraUrl}/address/${a.svc.keys.address('p2wpkh', 0, 0).address}/utxo`)).json();
    const input = [{ txid: utxo.txid, vout: utxo.vout, value: BigInt(utxo.value), owner: a.svc.keys.address('p2wpkh', 0, 0) }];
    const pay = (n: number, value: bigint) => signTransaction(a.svc.keys, input, [{ script: hexToBytes(a.svc.keys.address('p2wpkh', 0, n).script), value }]);
    const first = pay(1, 90_000n);
    await a.svc.esplora.broadcast(first.hex);
    // A conflicting spend paying less fee cannot replace it.
    await expect(a.svc.esplora.broadcast(pay(2, 95_000n).hex)).rejects.toMatchObject({ code: 'broadcast_rejected' });
    await devnet.mine();
    // Once confirmed, any other spend of that coin is refused outright.
    await expect(a.svc.esplora.broadcast(pay(3, 50_000n).hex)).rejects.toMatchObject({ code: 'broadcast_rejected', message: /missingorspent/ });
  });

  it('sends the maximum and leaves nothing behind, dust included', async () => {
    const a = wallet();
    const b = wallet();
    await devnet.faucet(a.svc.keys.address('p2wpkh', 0, 0).address, 120_000n);
    await devnet.faucet(a.svc.keys.address('p2tr', 0, 0).address, 45_678n);
    const to = (await b.svc.receive()).address;
    const quote = await a.svc.quote({ to, max: true, fee: normal });
    expect(quote.change).toBe(0n);
    expect(quote.amount + quote.fee).toBe(165_678n);
    const { txid } = await a.svc.send({ to, max: true, fee: normal });
    expect((await a.svc.esplora.tx(txid))!.vout).toHaveLength(1);
    await devnet.mine();
    expect(await balance(a.svc)).toEqual({ confirmed: 0n, pending: 0n });
    expect((await balance(b.svc)).confirmed).toBe(quote.amount);
  });

  it('offers no explorer link on the devnet preset left as it is: the devnet serves no transaction page', async () => {
    const svc = new BitcoinService(testDeps('bitcoin', 'devnet', { esplora: devnet.esploraUrl }));
    const txid = await devnet.faucet(svc.keys.address('p2wpkh', 0, 0).address, 10_000n);
    expect((await fetch(`${devnet.url}/tx/${txid}`)).status).toBe(404);
    const [item] = (await svc.overview()).activity;
    expect(item).toMatchObject({ id: txid });
    expect(item!.explorerUrl).toBeUndefined();
  });

  it('refuses bad input with a clear error and broadcasts nothing', async () => {
    const a = wallet();
    await devnet.faucet(a.svc.keys.address('p2wpkh', 0, 0).address, 300_000n);
    const to = wallet().svc.keys.address('p2wpkh', 0, 0).address;
    const before = devnet.facade.broadcasts.length;
    const cases: [object, string, RegExp][] = [
      [{ to: 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu', amount: '0.0001' }, 'wrong_network', /mainnet/],
      [{ to: 'tb1q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkl', amount: '0.0001' }, 'wrong_network', /testnet/],
      [{ to: 'bcrt1qnotanaddress', amount: '0.0001' }, 'bad_address', /not a valid/],
      [{ to, amount: '0.01' }, 'insufficient_funds', /more than the spendable/],
      [{ to, amount: '0.00000100' }, 'below_dust', /dust/],
      [{ to, amount: '0' }, 'bad_amount', /more than zero/],
      [{ to, amount: '-0.001' }, 'bad_amount', /positive/],
      [{ to, amount: '0.000000001' }, 'bad_amount', /8 decimal places/],
      [{ to, amount: 'abc' }, 'bad_amount', /not a number/],
      [{ to, amount: '0.0005', fee: { kind: 'custom', satPerVb: '0.5' } }, 'bad_fee_rate', /at least 1 sat\/vB/],
      [{ to, amount: '0.0015', fee: { kind: 'custom', satPerVb: '150' } }, 'fee_too_high', /Confirm the high fee/],
      // Over 20% of a small amount: refused even when confirmed (about 21,000 sats on 50,000).
      [{ to, amount: '0.0005', fee: { kind: 'custom', satPerVb: '150' }, confirmHighFee: true }, 'fee_too_high', /above the wallet's limit of 0\.0001 BTC/],
      [{ to: `bitcoin:${to}?amount=0.0001&req-pop=1` }, 'unsupported', /req-pop/],
    ];
    for (const [draft, code, message] of cases) {
      await expect(a.svc.send({ fee: normal, ...(draft as { to: string }) }), JSON.stringify(draft)).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    }
    expect(devnet.facade.broadcasts.length).toBe(before);
    // The high fee goes through once confirmed.
    const { txid } = await a.svc.send({ to, amount: '0.0015', fee: { kind: 'custom', satPerVb: '150' }, confirmHighFee: true });
    expect(txid).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a fee estimate the server inflates is refused above the cap, confirmed or not; only the reviewed fee is signed', async () => {
    const a = wallet();
    await devnet.faucet(a.svc.keys.address('p2wpkh', 0, 0).address, 1_000_000n);
    const to = wallet().svc.keys.address('p2wpkh', 0, 0).address;
    const before = devnet.facade.broadcasts.length;
    const honest = devnet.facade.feeEstimates;
    // 1,000 sat/vB for every target: the sanity check relative to "fast" no longer warns.
    devnet.facade.feeEstimates = Object.fromEntries(Object.keys(honest).map((k) => [k, 1000]));
    try {
      await expect(a.svc.quote({ to, amount: '0.001', fee: normal })).rejects.toMatchObject({ code: 'fee_too_high', message: /limit of 0\.0002 BTC/ });
      await expect(a.svc.send({ to, amount: '0.001', fee: normal, confirmHighFee: true })).rejects.toMatchObject({ code: 'fee_too_high' });
    } finally {
      devnet.facade.feeEstimates = honest;
    }
    const q = await a.svc.quote({ to, amount: '0.001', fee: normal });
    await expect(a.svc.send({ to, amount: '0.001', fee: normal, reviewedFee: q.fee - 1n })).rejects.toMatchObject({ code: 'fee_changed' });
    expect(devnet.facade.broadcasts.length).toBe(before);
    const { txid } = await a.svc.send({ to, amount: '0.001', fee: normal, reviewedFee: q.fee });
    expect((await a.svc.esplora.tx(txid))!.fee).toBe(q.fee);
  });

  it('takes amount and label from a BIP21 URI', async () => {
    const a = wallet();
    await devnet.faucet(a.svc.keys.address('p2wpkh', 0, 0).address, 100_000n);
    const to = wallet().svc.keys.address('p2wpkh', 0, 0).address;
    const quote = await a.svc.quote({ to: `bitcoin:${to}?amount=0.0002&label=Coffee&lightning=lnbcrt1xyz`, fee: normal });
    expect(quote).toMatchObject({ amount: 20_000n, label: 'Coffee', lightning: 'lnbcrt1xyz', to });
  });

  it('finishes a send that was signed but not broadcast when the worker died', async () => {
    const a = wallet();
    await devnet.faucet(a.svc.keys.address('p2wpkh', 0, 0).address, 100_000n);
    const [utxo] = await (await fetch(`${devnet.esploraUrl}/address/${a.svc.keys.address('p2wpkh', 0, 0).address}/utxo`)).json();
    const signed = signTransaction(
      a.svc.keys,
      [{ txid: utxo.txid, vout: utxo.vout, value: BigInt(utxo.value), owner: a.svc.keys.address('p2wpkh', 0, 0) }],
      [{ script: hexToBytes(a.svc.keys.address('p2wpkh', 0, 1).script), value: 99_000n }],
    );
    // What the store holds if the worker is killed between persisting and broadcasting.
    await a.deps.store.set({ 'bitcoin.devnet.sends': [{ txid: signed.txid, hex: signed.hex, state: 'signed', createdAt: Date.now(), max: false }] });
    expect(await a.svc.esplora.tx(signed.txid)).toBeNull();
    const restarted = new BitcoinService(a.deps);
    await restarted.overview();
    expect((await restarted.esplora.tx(signed.txid))?.txid).toBe(signed.txid);
  });
});
