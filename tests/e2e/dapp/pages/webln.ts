/**
 * The test dApp's WebLN page: the `webln` package's requestProvider() and one button per
 * method (pages/ui.ts). The test types an invoice, amount, message or LNURL into the inputs.
 */
import { requestProvider, type WebLNProvider } from 'webln';
import { button } from './ui';

type Provider = WebLNProvider & { lnurl(link: string): Promise<unknown>; getBalance(): Promise<unknown> };
let webln: Provider | undefined;

function input(testId: string, label: string): HTMLInputElement {
  const field = document.createElement('input');
  field.dataset.testid = testId;
  field.placeholder = label;
  field.size = 80;
  document.getElementById('app')!.append(field, document.createElement('br'));
  return field;
}

const invoice = input('invoice', 'paymentRequest');
const amount = input('amount', 'makeInvoice amount (sats)');
const message = input('message', 'message to sign or verify');
const signature = input('signature', 'signature to verify');
const link = input('lnurl', 'LNURL');

const provider = (): Provider => {
  if (!webln) throw new Error('Connect first');
  return webln;
};

button('webln-connect', 'requestProvider()', async () => {
  webln = (await requestProvider()) as Provider;
  return { enabled: (webln as unknown as { enabled: boolean }).enabled };
});
button('webln-info', 'getInfo', () => provider().getInfo());
button('webln-send', 'sendPayment', () => provider().sendPayment(invoice.value));
button('webln-invoice', 'makeInvoice', () => provider().makeInvoice(amount.value));
button('webln-sign', 'signMessage', () => provider().signMessage(message.value));
button('webln-verify', 'verifyMessage', async () => {
  await provider().verifyMessage(signature.value, message.value);
  return { verified: true };
});
button('webln-lnurl', 'lnurl', () => provider().lnurl(link.value));
button('webln-balance', 'getBalance', () => provider().getBalance());
// A request straight to the wallet, as a page that skipped enable() would send it.
button('webln-send-unconnected', 'sendPayment without enable', () => (window as unknown as { webln: Provider }).webln.sendPayment(invoice.value));
