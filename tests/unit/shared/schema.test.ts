/** The message validators: what they refuse, and that the refusal reads in the user's language. */
import { describe, expect, it } from 'vitest';
import { int, obj, str } from '../../../src/shared/schema';
import { WalletError } from '../../../src/shared/errors';
import { shownError } from '../../helpers/locale';

function refusal(f: () => unknown): WalletError {
  try {
    f();
  } catch (err) {
    if (err instanceof WalletError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('obj', () => {
  const shape = obj({ amount: str({ max: 10 }) });

  it('refuses a field it does not list, even one every object inherits', () => {
    for (const k of ['extra', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(refusal(() => shape({ amount: '1', [k]: 'x' }, '')), k).toMatchObject({ code: 'bad_params', message: `Invalid parameter “${k}”: expected no such field. Nothing was done.` });
    }
    expect(shape({ amount: '1' }, '')).toEqual({ amount: '1' });
  });

  it('says what it expected, in Chinese too', () => {
    const err = refusal(() => obj({ n: int({ min: 1, max: 5 }) })({ n: 9 }, 'p'));
    expect(err.message).toBe('Invalid parameter “p.n”: expected an integer from 1 to 5. Nothing was done.');
    expect(shownError(err)).toBe('参数“p.n”无效：应为1 到 5 之间的整数。未执行任何操作。');
  });
});
