import { describe, expect, it } from 'vitest';
import { checkPassword } from '../../../src/shared/password';

describe('password strength', () => {
  it.each([
    ['short1A!', 'too_short'],
    ['abcdefghij', 'too_simple'],
    ['Password123', 'too_common'],
    ['aaaaaaaaaaaaaaaaaaaa', 'too_simple'],
  ])('refuses %s (%s)', (pw, problem) => {
    expect(checkPassword(pw)).toEqual({ ok: false, problem });
  });

  it.each(['Correct-Horse-42', 'correct horse battery staple'])('accepts %s', (pw) => {
    expect(checkPassword(pw).ok).toBe(true);
  });
});
