/**
 * The test dApp's WebLN page: the `webln` package's requestProvider() and one button per
 * method. Inputs are typed in by the test; each answer (or error, with its code) is
 * written as JSON into `result-<method>` and `data-state` says when it arrived.
 */
import { requestProvider, type WebLNProvider } from 'webln';

let webln: WebLNProvider | undefined;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string>, text = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.textContent = text;
  return e;
}

const input = (id: string, label: string) => {
  const field = el('input', { 'data-testid': id, placeholder: label, size: '80' });
  document.body.append(el('label', {}, `${label} `), field, el('br', {}));
  return field;
};

const invoice = input('invoice', 'paymentRequest');
const amount = input('amount', 'makeInvoice amount (sats)');
const message = input('message', 'message');
const signature = input('signature', 'signature');
const link = input('lnurl', 'LNURL');

const provider = (): WebLNProvider & { lnurl(l: string): Promise<unknown>; getBalance(): Promise<unknown> } => {
  if (!webln) throw new Error('Connect first');
  return webln as WebLNProvider & { lnurl(l: string): Promise<unknown>; getBalance(): Promise<unknown> };
};

const actions: Record<string, () => Promise<unknown>> = {
  connect: async () => {
    webln = await requestProvider();
    return { enabled: true };
  },
  getInfo: () => provider().getInfo(),
  sendPayment: () => provider().sendPayment(invoice.value),
  makeInvoice: () => provider().makeInvoice(amount.value),
  signMessage: () => provider().signMessage(message.value),
  verifyMessage: async () => {
    await provider().verifyMessage(signature.value, message.value);
    return { valid: true };
  },
  lnurl: () => provider().lnurl(link.value),
  getBalance: () => provider().getBalance(),
};

for (const [name, act] of Object.entries(actions)) {
  const out = el('pre', { 'data-testid': `result-${name}`, 'data-state': 'idle' });
  const button = el('button', { 'data-testid': `webln-${name}` }, name);
  button.addEventListener('click', () => {
    out.setAttribute('data-state', 'pending');
    act().then(
      (result) => {
        out.textContent = JSON.stringify({ result });
        out.setAttribute('data-state', 'done');
      },
      (err: { message?: string; code?: number; constructor?: { name?: string } }) => {
        out.textContent = JSON.stringify({ error: { message: err?.message, code: err?.code, name: err?.constructor?.name } });
        out.setAttribute('data-state', 'done');
      },
    );
  });
  document.body.append(button, out);
}
