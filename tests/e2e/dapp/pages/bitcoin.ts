/**
 * The test dApp's Bitcoin page: Sats Connect's `request(method, params, providerId)` with
 * Layerhop's WBIP004 id, one button per method. Inputs are typed in by the test; Sats
 * Connect answers `{ status: 'error', error }` instead of throwing, so an error is thrown
 * here for the button to write `{ error: { code, message } }`.
 */
import { addListener, request } from 'sats-connect';
import { button } from './ui';

const PROVIDER_ID = 'LayerhopProviders.BitcoinProvider';

function input(testId: string, label: string): HTMLInputElement {
  const field = document.createElement('input');
  field.dataset.testid = testId;
  field.placeholder = label;
  field.size = 80;
  document.getElementById('app')!.append(field, document.createElement('br'));
  return field;
}

const registered = document.createElement('p');
registered.dataset.testid = 'btc-providers';
registered.textContent = JSON.stringify(((window as unknown as { btc_providers?: { id: string }[] }).btc_providers ?? []).map((p) => p.id));
document.getElementById('app')!.append(registered);

const to = input('to', 'recipient address');
const amount = input('amount', 'amount (sats)');
const psbt = input('psbt', 'PSBT (base64)');
const signInputs = input('sign-inputs', 'signInputs (JSON: address -> indexes)');
const broadcast = input('broadcast', 'broadcast (true/false)');
const address = input('address', 'signing address');
const message = input('message', 'message');

// Wallet events Sats Connect delivers through the provider's addListener, in order.
const events = document.createElement('p');
events.dataset.testid = 'wallet-events';
document.getElementById('app')!.append(events);
addListener('disconnect', (e: { type: string }) => {
  events.textContent = `${events.textContent ?? ''}${e.type};`;
}, PROVIDER_ID);

async function call(method: string, params: unknown): Promise<unknown> {
  const res = await request(method as never, params as never, PROVIDER_ID);
  if (res.status === 'error') throw res.error;
  return res.result;
}

button('connect', 'getAddresses', () => call('getAddresses', { purposes: ['payment', 'ordinals'], message: 'Layerhop test dApp' }));
button('balance', 'getBalance', () => call('getBalance', null));
button('send', 'sendTransfer', () => call('sendTransfer', { recipients: [{ address: to.value, amount: Number(amount.value) }] }));
button('sign-psbt', 'signPsbt', () => call('signPsbt', { psbt: psbt.value, signInputs: JSON.parse(signInputs.value || '{}'), broadcast: broadcast.value === 'true' }));
button('sign-message', 'signMessage', () => call('signMessage', { address: address.value, message: message.value }));
