/** Errors carry a key and parameters the popup renders in its language, with English for logs. */
import { describe, expect, it } from 'vitest';
import { parseBitcoinAddress } from '../../../src/layers/bitcoin/address';
import { planSend } from '../../../src/layers/bitcoin/plan';
import { parseLightningInput } from '../../../src/layers/lightning/parse';
import { errorInLanguage, shapeText, toErrorShape, WalletError } from '../../../src/shared/errors';
import { localText } from '../../../src/shared/local-text';
import { parseAmount } from '../../../src/shared/units';
import { translator } from '../../helpers/locale';

const zh = translator('zh_CN');
const en = translator('en');

function thrown(f: () => unknown): WalletError {
  try {
    f();
  } catch (err) {
    if (err instanceof WalletError) return err;
    throw err;
  }
  throw new Error('did not throw');
}

/** What the popup shows after the error crossed the message boundary. */
function shown(err: WalletError, translate = zh): string {
  const shape = JSON.parse(JSON.stringify(toErrorShape(err))) as ReturnType<typeof toErrorShape>;
  return errorInLanguage(new WalletError(shape.code, shapeText(shape) ?? shape.message, shape.host, shape.message), translate);
}

describe('a keyed WalletError', () => {
  it('keeps an English message for logs, nested texts rendered, and sends key and params', () => {
    const err = thrown(() => parseBitcoinAddress('bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu', { bech32: 'tb' }));
    expect(err.message).toBe('This is a mainnet address; this wallet is on Bitcoin testnet. Nothing was sent.');
    expect(toErrorShape(err)).toEqual({
      code: 'wrong_network',
      message: err.message,
      key: 'err_btc_wrong_network',
      params: [{ key: 'btcNet_mainnet' }, { key: 'btcNet_here_testnet' }],
    });
    expect(shown(err)).toBe('这是主网地址；本钱包使用的是比特币测试网。未发送任何资金。');
    expect(shown(err, en)).toBe(err.message);
  });

  it('English-only sites keep working as before', () => {
    const err = new WalletError('backend_error', 'The server failed.', 'example.test');
    expect(toErrorShape(err)).toEqual({ code: 'backend_error', message: 'The server failed.', host: 'example.test' });
    expect(shown(err)).toBe('The server failed.');
  });

  it('falls back to the English message when the popup does not know a key (an older popup)', () => {
    const err = new WalletError('bad_amount', localText('err_not_in_any_locale', '5'), undefined, 'Five is wrong.');
    expect(shown(err)).toBe('Five is wrong.');
    expect(shown(new WalletError('bad_amount', localText('err_amount_decimals', '8', localText('nope_missing'))))).toMatch(/^At most 8 decimal places for nope_missing\.$/);
  });

  it('a malformed key or params from the background is not rendered, the message is', () => {
    const base = { code: 'bad_amount' as const, message: 'English.' };
    expect(shapeText({ ...base, key: 'err_amount_zero' })).toEqual({ key: 'err_amount_zero' });
    expect(shapeText({ ...base, key: 'err_amount_decimals', params: ['8', { key: 'unit_this' }] })).toEqual({ key: 'err_amount_decimals', params: ['8', { key: 'unit_this' }] });
    expect(shapeText(base)).toBeUndefined();
    expect(shapeText({ ...base, key: '__proto__.x' })).toBeUndefined();
    expect(shapeText({ ...base, key: 'err_amount_zero', params: [5] } as never)).toBeUndefined();
    let deep: unknown = 'x';
    for (let i = 0; i < 10; i++) deep = { key: 'unit_this', params: [deep] };
    expect(shapeText({ ...base, key: 'err_amount_zero', params: [deep] } as never)).toBeUndefined();
  });
});

describe('the errors a user meets first read in Chinese', () => {
  it('amounts: empty, not a number, too many decimals, zero, negative', () => {
    expect(shown(thrown(() => parseAmount('', 8, 'BTC')))).toBe('请输入金额。');
    expect(shown(thrown(() => parseAmount('1,5', 8, 'BTC')))).toBe('“1,5”不是数字。');
    expect(shown(thrown(() => parseAmount('0.000000001', 8, 'BTC')))).toBe('BTC 最多 8 位小数。');
    expect(shown(thrown(() => parseAmount('1.5', 0)))).toBe('以 该单位 计的金额必须是整数。');
    expect(shown(thrown(() => parseAmount('0', 8, 'BTC')))).toBe('金额必须大于零。');
    expect(shown(thrown(() => parseAmount('-1', 8, 'BTC')))).toBe('金额必须为正数。');
  });

  it('an amount above the balance names both amounts with the shared formatter', () => {
    const utxo = { txid: '00'.repeat(32), vout: 0, value: 1_500_000n, confirmed: true, trusted: true, owner: { scheme: 'p2wpkh' } };
    const to = { address: 'x', script: new Uint8Array(22), kind: 'p2wpkh' };
    const err = thrown(() => planSend({ to, amount: 2_000_000_000n, feeRate: 1000n, longTermFeeRate: 1000n, utxos: [utxo], changeAddress: { script: '00'.repeat(22) } } as never));
    expect(err.code).toBe('insufficient_funds');
    expect(shown(err)).toMatch(/^金额（20 BTC）超过可用余额（0\.015 BTC）。未发送任何资金。$/);
  });

  it('a malformed LNURL', () => {
    expect(shown(thrown(() => parseLightningInput('lnurl1dp68gurn8ghj7', { bolt11: 'tb' } as never)))).toBe('此 LNURL 已损坏（bech32 校验和或字符有误）。');
    expect(shown(thrown(() => parseLightningInput('lnurlp', { bolt11: 'tb' } as never)))).toBe('此 LNURL 不完整或已损坏。');
  });

  it("a service's refusal is quoted as its own words inside a sentence naming it", () => {
    const err = new WalletError('lnurl_error', localText('err_lnurl_refused', 'pay.example', 'Amount too small'));
    expect(shown(err)).toBe('pay.example 拒绝了请求：“Amount too small”');
    expect(err.message).toBe('pay.example refused: “Amount too small”');
  });
});

describe('an error that is not a WalletError', () => {
  it('reads in Chinese as a failure inside the wallet, without its details', () => {
    const shape = toErrorShape(new Error('secret internals'));
    expect(shape).toEqual({ code: 'internal', message: 'Something went wrong inside the wallet. Please try again.', key: 'err_internal' });
    expect(errorInLanguage(new WalletError(shape.code, shapeText(shape) ?? shape.message, shape.host, shape.message), zh)).toBe('钱包内部出了问题。请重试。');
  });
});
