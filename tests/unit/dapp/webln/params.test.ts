/** WebLN params as the page sends them: strict types, whole sats only, WebLN's makeInvoice rules. */
import { describe, expect, it } from 'vitest';
import { DappError } from '../../../../src/dapp/family';
import { invoiceParams, lnurlParams, messageParams, paymentRequestParams, verifyParams } from '../../../../src/dapp/webln/params';
import { asDappError, weblnError } from '../../../../src/dapp/webln/errors';
import { WalletError } from '../../../../src/shared/errors';

function refused(fn: () => unknown): DappError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DappError);
    return err as DappError;
  }
  throw new Error('not refused');
}

describe('makeInvoice params', () => {
  it('take amount, or defaultAmount within the bounds, in whole sats as numbers or digit strings', () => {
    expect(invoiceParams({ amount: 21 })).toEqual({ amountMsat: 21_000n, memo: '' });
    expect(invoiceParams({ amount: '1000', defaultMemo: 'tip' })).toEqual({ amountMsat: 1_000_000n, memo: 'tip' });
    expect(invoiceParams({ defaultAmount: 500, minimumAmount: 100, maximumAmount: 1000 })).toEqual({ amountMsat: 500_000n, memo: '' });
    expect(invoiceParams({ amount: Number.MAX_SAFE_INTEGER }).amountMsat).toBe(BigInt(Number.MAX_SAFE_INTEGER) * 1000n);
  });

  it('refuse floats, exponents, negatives, unsafe integers, zero, unknown keys and no amount at all', () => {
    for (const bad of [{ amount: 1.5 }, { amount: '1.5' }, { amount: '1e3' }, { amount: -1 }, { amount: '-1' }, { amount: 2 ** 53 }, { amount: '9007199254740993' }, { amount: 0 }, { amount: ' 5' }, { amount: true }]) {
      expect(refused(() => invoiceParams(bad)).refusal).toBe('invalid_params');
    }
    expect(refused(() => invoiceParams({ amount: 5, extra: 1 })).message).toMatch(/extra.*no such field/);
    expect(refused(() => invoiceParams({ minimumAmount: 1, maximumAmount: 10 })).message).toMatch(/set amount/);
    expect(refused(() => invoiceParams({ defaultAmount: 50, maximumAmount: 10 })).message).toMatch(/outside/);
    expect(refused(() => invoiceParams({ amount: 5, minimumAmount: 10, maximumAmount: 1 })).message).toMatch(/minimumAmount is above/);
    expect(refused(() => invoiceParams({ amount: 5, defaultMemo: 'é'.repeat(400) })).message).toMatch(/639 bytes/);
  });
});

describe('other params', () => {
  it('are single strings of bounded size', () => {
    expect(paymentRequestParams({ paymentRequest: ' lnbcrt1x ' })).toBe('lnbcrt1x');
    expect(messageParams({ message: '' })).toBe('');
    expect(verifyParams({ signature: 'rd', message: 'm' })).toEqual({ signature: 'rd', message: 'm' });
    expect(lnurlParams({ lnurl: 'LNURL1X' })).toBe('LNURL1X');
    expect(refused(() => paymentRequestParams({})).refusal).toBe('invalid_params');
    expect(refused(() => paymentRequestParams({ paymentRequest: 42 })).refusal).toBe('invalid_params');
    expect(refused(() => paymentRequestParams('lnbc1')).refusal).toBe('invalid_params');
    expect(refused(() => messageParams({ message: 'x'.repeat(65_536) })).refusal).toBe('invalid_params');
  });
});

describe('WebLN errors', () => {
  it("carry Alby's rejection message with code 4001, and EIP-1193 / JSON-RPC codes for the rest", () => {
    expect(weblnError('user_rejected', 'The user closed the window')).toEqual({ code: 4001, message: 'User rejected' });
    expect(weblnError('unauthorized', 'Connect first')).toEqual({ code: 4100, message: 'Connect first' });
    expect(weblnError('unsupported_method', 'no')).toMatchObject({ code: 4200 });
    expect(weblnError('wrong_network', 'no')).toMatchObject({ code: 4901 });
    expect(weblnError('invalid_params', 'no', { field: 'amount' })).toEqual({ code: -32602, message: 'no', data: { field: 'amount' } });
  });

  it("never pass on the layer's words about the user's NWC link", () => {
    const leaky = new WalletError('payment_unknown', 'alice@wallet.example (Nostr Wallet Connect) did not answer pay_invoice in time.');
    const e = asDappError(leaky);
    expect(e.refusal).toBe('internal');
    expect(e.message).not.toMatch(/alice|wallet\.example/);
    expect(asDappError(new WalletError('unsupported', 'alice@wallet.example: NOT_IMPLEMENTED')).message).not.toMatch(/alice/);
    expect(asDappError(new Error('boom at /src/x.ts')).message).toBe('Layerhop could not complete the request.');
    // About the site's own input, the wallet's words help it.
    expect(asDappError(new WalletError('wrong_network', 'This invoice is for Bitcoin testnet')).refusal).toBe('wrong_network');
    expect(asDappError(new WalletError('bad_invoice', 'The invoice checksum is wrong.'))).toMatchObject({ refusal: 'invalid_params', message: 'The invoice checksum is wrong.' });
  });
});
