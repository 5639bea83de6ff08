/** Every string the popup asks for exists in English and Simplified Chinese. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAYER_IDS } from '../../../src/shared/layers';
import { PRESETS } from '../../../src/shared/networks';

const root = join(import.meta.dirname, '../../..');
const load = (loc: string) => JSON.parse(readFileSync(join(root, 'public/_locales', loc, 'messages.json'), 'utf8')) as Record<string, { message: string }>;
const en = load('en');
const zh = load('zh_CN');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(n) ? [readFileSync(p, 'utf8')] : [];
  });
}

describe('locales', () => {
  it('English and Chinese have the same keys, none empty', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const v of [...Object.values(en), ...Object.values(zh)]) expect(v.message.trim()).not.toBe('');
  });

  it('every key the popup uses exists', () => {
    const used = new Set<string>();
    for (const src of sources(join(root, 'src/popup'))) for (const m of src.matchAll(/\bt\('([A-Za-z0-9_]+)'/g)) used.add(m[1]!);
    for (const layer of LAYER_IDS) used.add(`layer_${layer}`);
    for (const p of ['too_short', 'too_simple', 'too_common']) used.add(`password_${p}`);
    for (const d of ['in', 'out', 'self']) used.add(`direction_${d}`);
    for (const st of ['pending', 'unknown', 'confirmed', 'failed', 'dropped', 'replaced']) used.add(`status_${st}`);
    for (const f of ['slow', 'normal', 'fast', 'custom']) used.add(`fee_${f}`);
    for (const r of ['recipient', 'change', 'yours', 'data']) used.add(`bumpRole_${r}`);
    for (const a of ['login', 'register', 'link', 'auth']) used.add(`lnAuthAction_${a}`);
    for (const k of ['bolt11', 'lnurl_pay', 'lnurl_withdraw', 'invoice']) used.add(`lnKind_${k}`);
    for (const o of ['in_progress', 'completed', 'refunded', 'failed', 'expired']) used.add(`outcome_${o}`);
    for (const s of ['running', 'stopped', 'completed', 'failed', 'left']) used.add(`chainStatus_${s}`);
    for (const m of ['boltz_submarine', 'boltz_reverse', 'boltz_chain', 'sbtc_deposit', 'sbtc_withdrawal', 'powpeg_pegin', 'powpeg_pegout']) used.add(`mechanism_${m}`);
    for (const layer of LAYER_IDS) for (const preset of PRESETS[layer]) for (const k of Object.keys(preset.endpoints)) used.add(`endpoint_${k}`);
    for (const layer of LAYER_IDS) for (const preset of PRESETS[layer]) for (const k of Object.keys(preset.pins ?? {})) used.add(`pin_${k}`);
    expect(used.size).toBeGreaterThan(40);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
  });

  it('the manifest names come from the locales', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
    expect(manifest.default_locale).toBe('en');
    expect(manifest.name).toBe('__MSG_extName__');
    expect(zh.extDescription!.message).not.toBe(en.extDescription!.message);
  });
});
