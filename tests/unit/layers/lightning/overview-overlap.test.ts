/**
 * Lightning is the slowest layer of Home's refresh: its balance is a round trip to
 * the connected wallet over a relay. That round trip starts with the refresh, while
 * the pending payments are looked up, instead of after them.
 */
import { describe, expect, it } from 'vitest';
import type { InvoiceStatus } from '../../../../src/layers/lightning/funding';
import { LightningService } from '../../../../src/layers/lightning/service';
import { DevLightningLedger } from '../../../devnet/lightning/ledger';
import { LedgerFunding } from '../../../devnet/lightning/ledger-funding';
import { lightningDeps } from '../../../helpers/lightning-deps';

describe('Lightning overview', () => {
  it('asks the connected wallet for its balance while a pending payment is being looked up', async () => {
    const ledger = new DevLightningLedger('bcrt');
    const wallet = ledger.addNode('wallet', 1_000_000n);
    const order: string[] = [];
    let balanceAsked!: () => void;
    const asked = new Promise<void>((r) => (balanceAsked = r));
    const funding = new (class extends LedgerFunding {
      override async lookupInvoice(paymentHash: string): Promise<InvoiceStatus> {
        order.push('lookup asked');
        // Answers once the balance was asked, or after 300 ms when it never is meanwhile.
        await Promise.race([asked, new Promise((r) => setTimeout(r, 300))]);
        order.push('lookup answered');
        return super.lookupInvoice(paymentHash);
      }
      override async getBalance(): Promise<bigint> {
        order.push('balance asked');
        balanceAsked();
        return super.getBalance();
      }
    })(ledger, wallet);
    const ln = new LightningService(lightningDeps('devnet'), funding);
    const invoice = await ln.createInvoice({ amountMsat: 21_000n, description: 'tip', expirySeconds: 600 });
    const overview = await ln.overview();
    expect([...order].sort()).toEqual(['balance asked', 'lookup answered', 'lookup asked']);
    expect(order.indexOf('balance asked')).toBeLessThan(order.indexOf('lookup answered'));
    expect(overview.balances[0]).toMatchObject({ confirmed: wallet.balanceMsat.toString(), pending: '0' });
    expect(overview.activity[0]).toMatchObject({ id: invoice.paymentHash, status: 'pending' });
  });
});
