/** Hop step labels and notes are locale keys the popup renders in its language. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setStep, step } from '../../../src/hops/steps';
import type { HopRecord } from '../../../src/hops/types';
import { localText, renderText } from '../../../src/shared/local-text';
import { loadMessages, translator } from '../../helpers/locale';
import { paramCount, sources } from '../../helpers/source-scan';

const root = join(import.meta.dirname, '../../..');

/** Every `localText('key', ...)` in src/hops, with its number of parameters. */
function usedTexts(): { key: string; params: number; where: string }[] {
  return sources(join(root, 'src/hops')).flatMap(({ path, text }) =>
    [...text.matchAll(/\blocalText\('([A-Za-z0-9_]+)'/g)].map((m) => ({ key: m[1]!, params: paramCount(text, m.index! + m[0].length), where: path })),
  );
}

const placeholders = (message: string) => new Set([...message.matchAll(/\$(P\d)\$/g)].map((m) => m[1]!));

describe('hop step texts', () => {
  const en = loadMessages('en');
  const zh = loadMessages('zh_CN');
  const used = usedTexts();

  it('are found in the mechanisms', () => {
    expect(new Set(used.map((u) => u.key)).size).toBeGreaterThan(30);
    // Chains' reasons, chained routes' worst cases and the route grid's reasons and quotes' fee lines are hop texts too.
    expect(used.filter((u) => !/^(hop(Step|Note|Text)|chain(Stopped|Failed|Worst|Refund)|matrixNone|chainReason|routeReason|err|fee|layer|pin)_/.test(u.key))).toEqual([]);
  });

  it('exist in English and Chinese with the placeholders each call fills', () => {
    const wrong = used.flatMap(({ key, params, where }) => {
      const e = en[key];
      const z = zh[key];
      if (!e || !z) return [`${key} (${where}): missing in ${!e ? 'en' : 'zh_CN'}`];
      const want = new Set(Array.from({ length: params }, (_, i) => `P${i + 1}`));
      const problems: string[] = [];
      for (const [loc, m] of [['en', e], ['zh_CN', z]] as const) {
        const got = placeholders(m.message);
        if ([...want].some((p) => !got.has(p)) || [...got].some((p) => !want.has(p))) problems.push(`${key} (${where}): ${loc} has ${[...got].join(',') || 'none'}, the call passes ${params}`);
        for (const p of got) if (m.placeholders?.[p.toLowerCase()]?.content !== `$${p.slice(1)}`) problems.push(`${key}: ${loc} placeholder ${p} is not defined`);
      }
      // Names and Boltz's status words (minerfee.paid) stay as they are.
      if (/[A-Za-z]{4,}/.test(z.message.replace(/\$P\d\$|[a-z]+\.[a-z]+|PowPeg|Bridge|Boltz|Emily|JSON|HTTP|Stacks|Rootstock|LNURL|sBTC|RBTC|BTC|Esplora|SegWit|Taproot|OP_RETURN|EtherSwap|eth_[A-Za-z]+|keccak256|DOMAIN_SEPARATOR|Liquid/g, ''))) problems.push(`${key}: zh_CN is not translated`);
      return problems;
    });
    expect(wrong).toEqual([]);
  });

  it('render in the language of the popup: a hop started under English reads in Chinese after a switch', () => {
    const record = {
      steps: [step('confirm', localText('hopStep_pegin_confirm', '3')), step('sweep', localText('hopStep_sbtc_accept'))],
    } as HopRecord;
    const r = setStep(record, 'sweep', { status: 'active', label: localText('hopStep_sbtc_accept_status', localText('hopText_emily_unseen'), localText('hopText_reclaimable_after', '812')) }, 1);
    const inEnglish = r.steps.map((s) => renderText(s.label, translator('en')));
    const inChinese = r.steps.map((s) => renderText(s.label, translator('zh_CN')));
    expect(inEnglish).toEqual(['Wait for 3 Bitcoin confirmations', 'Signers accept the deposit (not yet seen; reclaimable after block 812)']);
    expect(inChinese).toEqual(['等待 3 个比特币确认', '签名者接受存入（尚未看到；区块 812 之后可取回）']);
  });

  it('a record stored before steps had keys still shows its English sentence', () => {
    const old = { key: 'fund', label: 'Send BTC to the sBTC deposit address', note: 'Accepted means the signers plan to sweep it.', status: 'done' as const };
    expect(renderText(old.label, translator('zh_CN'))).toBe('Send BTC to the sBTC deposit address');
    expect(renderText(old.note, translator('zh_CN'))).toBe('Accepted means the signers plan to sweep it.');
  });

  it("a step's time moves when its status changes, not when only its text does", () => {
    const r = { steps: [step('pay', localText('hopStep_boltz_pay_invoice'))] } as HopRecord;
    const active = setStep(r, 'pay', { status: 'active' }, 10);
    const relabeled = setStep(active, 'pay', { status: 'active', label: localText('hopStep_boltz_invoice_waiting') }, 20);
    expect(relabeled.steps[0]).toMatchObject({ status: 'active', at: 10, label: { key: 'hopStep_boltz_invoice_waiting' } });
    expect(setStep(relabeled, 'pay', { status: 'done' }, 30).steps[0]!.at).toBe(30);
  });
});
