/**
 * Boltz's texts in the user's language: Boltz's own words (its HTTP `error`) are shown
 * quoted as Boltz's inside a translated sentence, and a record written before texts had
 * keys (a plain English `refundOnly`) still reads as it was.
 */
import { describe, expect, it } from 'vitest';
import { boltzError, BoltzHttpError } from '../../../../src/hops/boltz/api';
import { mismatch } from '../../../../src/hops/boltz/verify';
import { HttpError } from '../../../../src/shared/http';
import { localText, renderText } from '../../../../src/shared/local-text';
import { translator } from '../../../helpers/locale';

const zh = translator('zh_CN');
const en = translator('en');

describe('Boltz texts', () => {
  it("quotes Boltz's own error words, naming Boltz, in English and in Chinese", () => {
    const err = boltzError(new HttpError(400, JSON.stringify({ error: 'could not find pair with id: BTC/BTC' }), 'HTTP 400', '127.0.0.1:9001'), '127.0.0.1:9001');
    expect(err).toBeInstanceOf(BoltzHttpError);
    const e = err as BoltzHttpError;
    expect(e).toMatchObject({ code: 'backend_error', status: 400, reason: 'could not find pair with id: BTC/BTC', said: 'could not find pair with id: BTC/BTC' });
    expect(e.message).toBe('Boltz (127.0.0.1:9001) refused: “could not find pair with id: BTC/BTC”');
    expect(renderText(e.text!, zh)).toBe('Boltz（127.0.0.1:9001）拒绝了请求：“could not find pair with id: BTC/BTC”');
  });

  it('an empty error body names the HTTP status instead of quoting nothing', () => {
    const e = boltzError(new HttpError(502, '  ', 'HTTP 502'), 'boltz.example') as BoltzHttpError;
    expect(e.message).toBe('Boltz (boltz.example) refused: HTTP 502');
    expect(renderText(e.text!, zh)).toBe('Boltz（boltz.example）拒绝了请求：HTTP 502');
  });

  it("a check of Boltz's answer reads in Chinese, the nested part translated too", () => {
    const e = mismatch(localText('hopText_mismatch_amount', localText('hopText_boltzWhat_amount_to_lock'), '1000', '1200'));
    expect(e.message).toBe("Boltz's answer does not match what was agreed: the amount to lock is 1000 sats, expected 1200. Nothing was sent.");
    expect(renderText(e.text!, zh)).toBe('Boltz 的应答与约定不符：要锁定的金额为 1000 聪，应为 1200 聪。没有发送任何资金。');
  });

  it('a refund reason stored as English by an older version still shows as it was', () => {
    const old = 'Boltz rejected our lockup (blocked address) and offers no new quote for it. Our lockup is refunded.';
    expect(renderText(old, zh)).toBe(old);
    expect(renderText(localText('hopText_both', old, localText('err_boltz_refund_wait', '812')), en)).toBe(`${old} Boltz did not co-sign the refund; it becomes possible at block 812.`);
  });
});
