/**
 * Lightning timings on the devnet (lnurl-node on 127.0.0.1, ledger funding): from a
 * pasted LNURL to the review screen's data (fetch the pay request, ask for the
 * invoice, check amount and description hash), and a whole pay. Measured in Node
 * against the service the background runs; the network is loopback, so this is
 * our parsing and checking plus lnurl-node's answer time.
 * `npx tsx -e "import('./bench/lightning.ts').then(m => m.benchLightning()).then(console.log)"`.
 */
import { LightningService } from '../src/layers/lightning/service';
import { DevLightningLedger } from '../tests/devnet/lightning/ledger';
import { LedgerFunding } from '../tests/devnet/lightning/ledger-funding';
import { startLnurlServer } from '../tests/devnet/lightning/lnurl-server';
import { lightningDeps } from '../tests/helpers/lightning-deps';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function benchLightning(runs = 7): Promise<Record<string, number>> {
  const ledger = new DevLightningLedger('bcrt');
  const server = await startLnurlServer({ ledger });
  try {
    const ln = new LightningService(lightningDeps('devnet'), new LedgerFunding(ledger, ledger.addNode('bench', 1_000_000_000n)));
    const metadata = JSON.stringify([['text/plain', 'Bench coffee']]);
    const review: number[] = [];
    const pay: number[] = [];
    for (let i = 0; i < runs; i++) {
      const link = await server.createPayLink({ minSendable: 1000, maxSendable: 1_000_000, metadata });
      let t = performance.now();
      await ln.inspect(link.encoded);
      await ln.payPreview({ text: link.encoded, amountMsat: 21_000n });
      review.push(performance.now() - t);
      t = performance.now();
      await ln.pay({ text: link.encoded, amountMsat: 21_000n });
      pay.push(performance.now() - t);
    }
    return {
      'lightning: paste LNURL-pay to review (devnet, Node), ms': Math.round(median(review) * 10) / 10,
      'lightning: LNURL-pay invoice checked and paid (devnet ledger, Node), ms': Math.round(median(pay) * 10) / 10,
    };
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchLightning());
