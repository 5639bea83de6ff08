import { describe, expect, it } from 'vitest';
import { showHidden } from '../../../src/popup/approve/visible-text';

describe('approval window: hidden characters shown', () => {
  it('names direction overrides, zero-width and control characters by code point', () => {
    expect(showHidden('invoice\u202Etxt.exe')).toBe('invoice[U+202E]txt.exe');
    expect(showHidden('tb1q\u200Babc\u2066\uFEFF')).toBe('tb1q[U+200B]abc[U+2066][U+FEFF]');
    expect(showHidden('a\u0000b\u001Bc\u2028')).toBe('a[U+0000]b[U+001B]c[U+2028]');
  });

  it('keeps ordinary text whole, and newlines only where asked', () => {
    expect(showHidden('Sign in to app.example — 你好 ✓')).toBe('Sign in to app.example — 你好 ✓');
    expect(showHidden('line 1\nline 2\tend', ['\n', '\t'])).toBe('line 1\nline 2\tend');
    expect(showHidden('addr\nline')).toBe('addr[U+000A]line');
  });
});
