/** A translated sentence around its parameters: nested texts translated, right-to-left words kept in their place. */
import { describe, expect, it } from 'vitest';
import { localText, renderText } from '../../../src/shared/local-text';
import { translator } from '../../helpers/locale';

const en = translator('en');

describe('renderText', () => {
  it('isolates a parameter with right-to-left letters, so what follows it is not drawn inside it', () => {
    const shown = renderText(localText('err_lnurl_refused', 'pay.example', 'المبلغ 500'), en);
    expect(shown).toBe('pay.example refused: “\u2068المبلغ 500\u2069”');
  });

  it('leaves left-to-right parameters as they are', () => {
    const shown = renderText(localText('err_lnurl_refused', 'pay.example', 'amount too low'), en);
    expect(shown).not.toMatch(/[\u2066-\u2069]/);
    expect(shown).toContain('amount too low');
  });

  it('translates nested texts and shows a plain string as it is', () => {
    expect(renderText('stored before keys', en)).toBe('stored before keys');
    expect(renderText(localText('hopText_layer_network', localText('layer_bitcoin'), 'Testnet4'), en)).toMatch(/^Bitcoin.*Testnet4/);
  });
});
