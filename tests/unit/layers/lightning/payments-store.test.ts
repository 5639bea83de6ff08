/**
 * The Lightning activity list is bounded, but a payment whose outcome is still
 * open (pending, unknown) is what stops the wallet from paying it again: it is
 * never the one dropped, however many newer records come after it.
 */
import { describe, expect, it } from 'vitest';
import { PaymentsStore, type LightningPaymentRecord, type PaymentStatus } from '../../../../src/layers/lightning/payments-store';
import { MemoryArea } from '../../../helpers/memory-ports';

const hash = (n: number) => n.toString(16).padStart(64, '0');

function record(n: number, status: PaymentStatus, over: Partial<LightningPaymentRecord> = {}): LightningPaymentRecord {
  return {
    id: hash(n),
    direction: 'out',
    kind: 'bolt11',
    amountMsat: '1000',
    status,
    createdAt: n,
    invoice: `lnbcrt${n}`,
    expiresAt: 2_000_000_000,
    description: `payment ${n}`,
    ...over,
  };
}

describe('PaymentsStore keeps every open payment', () => {
  it('never evicts an unknown or pending payment, so paying it again stays refused', async () => {
    const store = new PaymentsStore(new MemoryArea(), 'devnet');
    await store.put(record(1, 'unknown'));
    await store.put(record(2, 'pending'));
    await store.put(record(3, 'confirmed'));
    for (let n = 10; n < 260; n++) await store.put(record(n, n % 2 ? 'confirmed' : 'failed'));

    const all = await store.list();
    expect(all.find((r) => r.id === hash(1))?.status).toBe('unknown');
    expect(all.find((r) => r.id === hash(2))?.status).toBe('pending');
    // The settled ones make room: the list stays at its bound, newest first.
    expect(all).toHaveLength(200);
    expect(all[0]!.id).toBe(hash(259));
    expect(all.some((r) => r.id === hash(3))).toBe(false);

    // claim() is what pay() relies on: the open record is still found after the churn.
    const again = await store.claim(record(1, 'pending', { createdAt: 999 }));
    expect(again).toMatchObject({ id: hash(1), status: 'unknown' });
  });

  it('claim() writes through the same bound without evicting open payments', async () => {
    const store = new PaymentsStore(new MemoryArea(), 'devnet');
    await store.put(record(1, 'unknown'));
    for (let n = 10; n < 260; n++) expect(await store.claim(record(n, 'confirmed'))).toBeUndefined();
    const all = await store.list();
    expect(all).toHaveLength(200);
    expect(all.at(-1)).toMatchObject({ id: hash(1), status: 'unknown' });
  });
});

describe('PaymentsStore: one open payment per pay link', () => {
  const link = 'https://bank.example/.well-known/lnurlp/alice';

  it('claim() returns the open payment to the same link instead of writing a second one', async () => {
    const store = new PaymentsStore(new MemoryArea(), 'devnet');
    expect(await store.claim(record(1, 'pending', { kind: 'lnurl-pay', payLink: link }))).toBeUndefined();
    // Another invoice (another payment hash) from the same link, claimed at the same time.
    const [a, b] = await Promise.all([
      store.claim(record(2, 'pending', { kind: 'lnurl-pay', payLink: link })),
      store.claim(record(3, 'pending', { kind: 'lnurl-pay', payLink: `${link}x` })),
    ]);
    expect(a).toMatchObject({ id: hash(1) });
    expect(b).toBeUndefined();
    await store.update(hash(1), { status: 'unknown' });
    expect(await store.openPaymentTo(link)).toMatchObject({ id: hash(1), status: 'unknown' });
    expect(await store.claim(record(4, 'pending', { kind: 'lnurl-pay', payLink: link }))).toMatchObject({ id: hash(1) });
    // Settled either way, the link can be paid again.
    await store.update(hash(1), { status: 'failed' });
    expect(await store.openPaymentTo(link)).toBeUndefined();
    expect(await store.claim(record(5, 'pending', { kind: 'lnurl-pay', payLink: link }))).toBeUndefined();
  });
});
