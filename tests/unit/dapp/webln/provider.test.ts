/** window.webln as the `webln` package's requestProvider() finds it, over a recording transport. */
import { afterEach, describe, expect, it } from 'vitest';
import { requestProvider } from 'webln';
import { installWebln } from '../../../../src/inject/providers/webln';
import { ProviderRpcError, type PageTransport } from '../../../../src/inject/transport';

type Sent = { family: string; method: string; params?: unknown };

function transport(answer: (s: Sent) => unknown): PageTransport & { sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    request: async (family, method, params) => {
      const s = { family, method, ...(params !== undefined ? { params } : {}) };
      sent.push(s);
      return answer(s);
    },
    onEvent: () => undefined,
  };
}

const g = globalThis as { window?: unknown };
afterEach(() => {
  delete g.window;
});

describe('window.webln', () => {
  it('is enabled by requestProvider() and sends each method with its params', async () => {
    const t = transport((s) => (s.method === 'sendPayment' ? { preimage: 'ab' } : s.method === 'verifyMessage' ? null : { ok: s.method }));
    const page = {} as Window & { webln?: { enabled: boolean } };
    installWebln(t, page);
    g.window = page;
    const webln = await requestProvider();
    expect(webln).toBe(page.webln);
    expect(page.webln!.enabled).toBe(true);
    expect(await webln.sendPayment('lnbcrt1…')).toEqual({ preimage: 'ab' });
    await webln.makeInvoice(21);
    await webln.makeInvoice('42');
    await webln.makeInvoice({ defaultAmount: 5, minimumAmount: 1, defaultMemo: 'm', ...({ junk: 1 } as object) });
    await webln.signMessage('hi');
    expect(await webln.verifyMessage('sig', 'hi')).toBeUndefined();
    expect(t.sent).toEqual([
      { family: 'webln', method: 'enable' },
      { family: 'webln', method: 'sendPayment', params: { paymentRequest: 'lnbcrt1…' } },
      { family: 'webln', method: 'makeInvoice', params: { amount: 21 } },
      { family: 'webln', method: 'makeInvoice', params: { amount: '42' } },
      { family: 'webln', method: 'makeInvoice', params: { defaultAmount: 5, minimumAmount: 1, defaultMemo: 'm' } },
      { family: 'webln', method: 'signMessage', params: { message: 'hi' } },
      { family: 'webln', method: 'verifyMessage', params: { signature: 'sig', message: 'hi' } },
    ]);
  });

  it("rejects requestProvider() with the wallet's error when the user refuses to connect, and stays not enabled", async () => {
    const t = transport(() => {
      throw new ProviderRpcError({ code: 4001, message: 'User rejected' });
    });
    const page = {} as Window & { webln?: { enabled: boolean } };
    installWebln(t, page);
    g.window = page;
    await expect(requestProvider()).rejects.toMatchObject({ code: 4001, message: 'User rejected' });
    expect(page.webln!.enabled).toBe(false);
  });

  it('leaves a webln another wallet installed', () => {
    const theirs = { enable: async () => undefined };
    const page = { webln: theirs } as unknown as Window & { webln: unknown };
    installWebln(transport(() => null), page);
    expect(page.webln).toBe(theirs);
  });
});
