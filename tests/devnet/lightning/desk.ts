/**
 * A payer and payee on the devnet's Lightning ledger, for `npm start`: a person can
 * pay the hold invoice of a move from Lightning, and get an invoice to move BTC to:
 *   curl -X POST localhost:9002/pay -d lnbcrt…     curl 'localhost:9002/invoice?sats=5000'
 */
import { DevServer, HttpReply } from '../http-server';
import type { LightningDevnet } from './index';

export async function startLightningDesk(lightning: LightningDevnet, port = 9002): Promise<{ url: string; stop(): Promise<void> }> {
  const { ledger } = lightning;
  const node = ledger.addNode('desk', 10_000_000_000n);
  const server = new DevServer();
  server.post('/pay', async (req) => {
    // Hold invoices stay in flight until Boltz settles them: report an immediate
    // refusal (unknown invoice, no balance), otherwise that the payment is on its way.
    const paying = ledger.payAsync(node, req.body.trim()).then(() => 'settled', (err: Error) => `failed: ${err.message}`);
    return { result: await Promise.race([paying, new Promise<string>((r) => setTimeout(() => r('in flight'), 200))]) };
  });
  server.get('/invoice', (req) => {
    const sats = BigInt(req.query.get('sats') ?? '0');
    if (sats <= 0n) throw new HttpReply(400, { error: 'sats must be positive' });
    const inv = ledger.createInvoice(node, sats * 1000n, { description: 'Devnet desk' });
    return { invoice: inv.invoice, paymentHash: inv.paymentHash };
  });
  server.get('/invoice/:hash', (req) => ledger.invoice(req.params.hash ?? '') ?? { state: 'unknown' });
  const url = await server.listen(port);
  return { url, stop: () => server.close() };
}
