/**
 * What the Lightning layer tells the user reads in Chinese on a zh_CN popup: invoice
 * refusals, LNURL services' refusals (their words quoted as theirs), NWC links,
 * relay failures and payment notes, including notes stored before they had keys.
 */
import { describe, expect, it } from 'vitest';
import { decodeBolt11 } from '../../../../src/layers/lightning/bolt11';
import { lnurlGet, type HttpFactory } from '../../../../src/layers/lightning/lnurl-http';
import { RelayConnection, type WebSocketLike } from '../../../../src/layers/lightning/nostr/relay';
import { parseNwcUri } from '../../../../src/layers/lightning/nwc-uri';
import { PaymentsStore } from '../../../../src/layers/lightning/payments-store';
import { LightningService } from '../../../../src/layers/lightning/service';
import { WalletError } from '../../../../src/shared/errors';
import type { HttpClient } from '../../../../src/shared/http';
import { renderText, type LocalText } from '../../../../src/shared/local-text';
import { DevLightningLedger } from '../../../devnet/lightning/ledger';
import { LedgerFunding } from '../../../devnet/lightning/ledger-funding';
import { englishOf } from '../../../helpers/english-of';
import { lightningDeps } from '../../../helpers/lightning-deps';
import { translator } from '../../../helpers/locale';

const zh = (x: string | LocalText | undefined) => (x === undefined ? undefined : renderText(x, translator('zh_CN')));

function thrown(fn: () => unknown): WalletError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(WalletError);
    return err as WalletError;
  }
  throw new Error('expected a refusal');
}

/** BOLT-11's "coffee" example (mainnet). */
const COFFEE =
  'lnbc2500u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpu9qrsgquk0rl77nj30yxdy8j9vdx85fkpmdla2087ne0xh8nhedh8w27kyke0lp53ut353s06fv3qfegext0eh0ymjpf39tuven09sam30g4vgpfna3rh';

describe('in Chinese', () => {
  it('an invoice refusal, with the networks named in Chinese', () => {
    expect(zh(thrown(() => decodeBolt11('lnbc1Qqq')).text)).toBe('发票混用了大小写字母。');
    const wrong = thrown(() => decodeBolt11(COFFEE, 'bcrt'));
    expect(wrong.code).toBe('wrong_network');
    expect(zh(wrong.text)).toBe('这张发票属于 比特币主网（lnbc…），但钱包当前在 比特币 regtest 回归测试网（lnbcrt…）。');
  });

  it("an LNURL service's refusal, its words quoted as it sent them", async () => {
    const http: HttpFactory = () => ({ getText: async () => JSON.stringify({ status: 'ERROR', reason: 'Amount too small' }) }) as unknown as HttpClient;
    const err = await lnurlGet(http, new URL('https://pay.example.com/cb')).then(
      () => undefined,
      (e: unknown) => e as WalletError,
    );
    expect(zh(err?.text)).toBe('pay.example.com 拒绝了请求：“Amount too small”');
    const silent: HttpFactory = () => ({ getText: async () => JSON.stringify({ status: 'ERROR' }) }) as unknown as HttpClient;
    const none = await lnurlGet(silent, new URL('https://pay.example.com/cb')).catch((e: unknown) => e as WalletError);
    expect(zh((none as WalletError).text)).toBe('pay.example.com 拒绝了请求：“未说明原因”');
  });

  it('an unusable Nostr Wallet Connect link', () => {
    const err = thrown(() => parseNwcUri(`nostr+walletconnect://${'ab'.repeat(32)}?secret=${'cd'.repeat(32)}`));
    expect(zh(err.text)).toBe('这不是可用的 Nostr Wallet Connect 链接：它没有指定中继。');
    expect(err.message).toBe('This is not a usable Nostr Wallet Connect link: it names no relay.');
  });

  it("a relay's refusal, its words quoted, in the failure a caller reports", async () => {
    // A socket that opens, then answers the event with OK false and the relay's reason.
    const socket: WebSocketLike = {
      readyState: 0,
      send(data: string) {
        const [, event] = JSON.parse(data) as [string, { id: string }];
        queueMicrotask(() => socket.onmessage?.({ data: JSON.stringify(['OK', event.id, false, 'rate-limited: \u202Eslow down']) }));
      },
      close() {},
      onopen: null,
      onmessage: null,
      onerror: null,
      onclose: null,
    };
    const conn = new RelayConnection('ws://127.0.0.1:1', () => {
      queueMicrotask(() => {
        (socket as { readyState: number }).readyState = 1;
        socket.onopen?.({});
      });
      return socket;
    });
    const err = await conn.publish({ id: 'ee'.repeat(32), pubkey: 'aa'.repeat(32), created_at: 1, kind: 1, tags: [], content: '', sig: 'bb'.repeat(64) }).catch((e: unknown) => e as { text: LocalText; mayHaveDelivered: boolean });
    expect(err).toMatchObject({ text: { key: 'err_relay_refused', params: ['rate-limited: slow down'] }, mayHaveDelivered: true });
    expect(zh((err as { text: LocalText }).text)).toBe('中继拒绝了该请求，原话：“rate-limited: slow down”');
  });

  it('a payment note, and a note an older version stored as English still shows as it was', async () => {
    let now = 1_800_000_000_000;
    const ledger = new DevLightningLedger('bcrt');
    const wallet = ledger.addNode('wallet', 1_000_000n);
    const deps = lightningDeps('devnet', () => now);
    const ln = new LightningService(deps, new LedgerFunding(ledger, wallet));
    const view = await ln.createInvoice({ amountMsat: 21_000n, description: 'tip', expirySeconds: 60 });
    await new PaymentsStore(deps.store, 'devnet').put({
      id: 'ff'.repeat(32),
      direction: 'out',
      kind: 'bolt11',
      amountMsat: '1000',
      status: 'failed',
      createdAt: now,
      invoice: 'lnbcrt1old',
      expiresAt: now / 1000,
      description: 'old',
      note: 'The payment failed; nothing was paid.',
    });
    now += 61_000;
    await ln.refreshPending();
    const list = await ln.paymentsList();
    const expired = list.find((p) => p.id === view.paymentHash)!;
    expect(expired.note).toEqual({ key: 'lnNote_expired_unpaid' });
    expect(zh(expired.note)).toBe('发票已过期，未被支付。');
    expect(englishOf(expired.note)).toBe('The invoice expired unpaid.');
    const old = list.find((p) => p.id === 'ff'.repeat(32))!;
    expect(zh(old.note)).toBe('The payment failed; nothing was paid.');
  });
});
