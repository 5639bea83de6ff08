/**
 * Minimum password strength. Shared so the popup can show feedback while typing;
 * the background enforces the same rule before it encrypts anything.
 */
export const MIN_PASSWORD_LENGTH = 10;

const COMMON = new Set([
  'password123', 'password1234', 'qwertyuiop', '1234567890', 'iloveyou123', 'letmein123',
  'passw0rd123', 'administrator', 'welcome123', 'abc1234567', 'qwerty12345', '0123456789',
]);

export interface PasswordVerdict {
  ok: boolean;
  /** Why it is refused; empty when ok. */
  problem: '' | 'too_short' | 'too_simple' | 'too_common';
}

function characterClasses(pw: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(pw)).length;
}

/** At least 10 characters, and either three kinds of character or 16 or more characters. */
export function checkPassword(pw: string): PasswordVerdict {
  if (pw.length < MIN_PASSWORD_LENGTH) return { ok: false, problem: 'too_short' };
  if (COMMON.has(pw.toLowerCase())) return { ok: false, problem: 'too_common' };
  if (new Set(pw).size < 5) return { ok: false, problem: 'too_simple' };
  if (pw.length < 16 && characterClasses(pw) < 3) return { ok: false, problem: 'too_simple' };
  return { ok: true, problem: '' };
}
