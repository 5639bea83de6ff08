/** Every network preset has a name in both languages, so no preset shows its English label in a Chinese popup. */
import { describe, expect, it } from 'vitest';
import { LAYER_IDS } from '../../../src/shared/layers';
import { renderText } from '../../../src/shared/local-text';
import { PRESETS, presetName } from '../../../src/shared/networks';
import { loadMessages } from '../../helpers/locale';

describe('presetName', () => {
  const en = loadMessages('en');
  const zh = loadMessages('zh_CN');
  const all = LAYER_IDS.flatMap((layer) => PRESETS[layer].map((p) => ({ layer, p })));

  it('has an English entry equal to the preset label and a Chinese entry, for every preset', () => {
    expect(all.length).toBeGreaterThanOrEqual(10);
    for (const { layer, p } of all) {
      const { key } = presetName({ layer, id: p.id });
      expect(en[key]?.message, key).toBe(p.label);
      expect(zh[key]?.message, key).toBeTruthy();
    }
  });

  it('reads in Chinese where the label is words', () => {
    const zhT = (key: string) => zh[key]!.message;
    expect(renderText(presetName({ layer: 'bitcoin', id: 'devnet' }), zhT)).toBe('本地开发网（regtest）');
    expect(renderText(presetName({ layer: 'bitcoin', id: 'sbtc-testnet' }), zhT)).toBe('sBTC 测试网 regtest');
  });
});
