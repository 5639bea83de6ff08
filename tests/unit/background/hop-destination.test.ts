/** What a Move to Lightning accepts as its destination, before anything is quoted. */
import { describe, expect, it } from 'vitest';
import { parseHopDestination } from '../../../src/background/hop-destination';
import type { HopContext } from '../../../src/hops/mechanism';
import { resolvePreset } from '../../../src/shared/networks';
import { DevLightningLedger } from '../../devnet/lightning/ledger';

const ledger = new DevLightningLedger('bcrt');
const shop = ledger.addNode('shop');
const ctx = { presets: { lightning: resolvePreset('lightning', 'devnet', {}) }, now: () => Date.now() } as unknown as HopContext;

describe('parseHopDestination', () => {
  it('takes a regtest invoice with its amount in sats, with or without a lightning: prefix', () => {
    const inv = ledger.createInvoice(shop, 25_000_000n).invoice;
    expect(parseHopDestination(ctx, inv)).toEqual({ invoice: { text: inv, sats: 25_000n } });
    expect(parseHopDestination(ctx, ` lightning:${inv.toUpperCase()} `).invoice?.sats).toBe(25_000n);
  });

  it('refuses invoices Boltz cannot pay: no amount, a fraction of a sat, expired, another network', () => {
    expect(() => parseHopDestination(ctx, ledger.createInvoice(shop, null).invoice)).toThrow(/whole satoshis/);
    expect(() => parseHopDestination(ctx, ledger.createInvoice(shop, 1_500n).invoice)).toThrow(/whole satoshis/);
    const old = ledger.createInvoice(shop, 1_000_000n, { timestamp: Math.floor(Date.now() / 1000) - 7200, expirySeconds: 60 }).invoice;
    expect(() => parseHopDestination(ctx, old)).toThrow(/expired/i);
    const testnet = ledger.createInvoice(shop, 1_000_000n, { currency: 'tb' }).invoice;
    expect(() => parseHopDestination(ctx, testnet)).toThrow();
  });

  it('keeps a Lightning Address as an LNURL-pay to ask once the amount is known; refuses other text', () => {
    expect(parseHopDestination(ctx, 'Alice@Example.com')).toEqual({
      lnurl: { url: 'https://example.com/.well-known/lnurlp/alice', lightningAddress: 'alice@example.com' },
    });
    expect(() => parseHopDestination(ctx, 'bcrt1qxyz')).toThrow();
  });
});
