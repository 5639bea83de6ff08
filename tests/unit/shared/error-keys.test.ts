/**
 * Every sentence the background sends as a key exists in English and Chinese with the
 * placeholders its call fills, so a new untranslated error fails here, not in a user's popup.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMessages } from '../../helpers/locale';
import { paramCount, sources } from '../../helpers/source-scan';

const src = join(import.meta.dirname, '../../../src');
const files = sources(src);

/** The arguments of each `new WalletError(` call: the text up to its closing parenthesis, strings skipped over. */
function walletErrorArgs(text: string): { args: string; at: number }[] {
  const out: { args: string; at: number }[] = [];
  for (const m of text.matchAll(/new WalletError\(/g)) {
    let depth = 1;
    let quote: string | undefined;
    let j = m.index! + m[0].length;
    for (; j < text.length && depth > 0; j++) {
      const c = text[j]!;
      if (quote) {
        if (c === '\\') j++;
        else if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"' || c === '`') quote = c;
      else if (c === '(') depth++;
      else if (c === ')') depth--;
    }
    out.push({ args: text.slice(m.index! + m[0].length, j - 1), at: m.index! });
  }
  return out;
}

const placeholders = (message: string) => [...new Set([...message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((m) => m[1]!.toUpperCase()))].sort();

describe('message keys used in src/', () => {
  const en = loadMessages('en');
  const zh = loadMessages('zh_CN');
  const used = files.flatMap(({ path, text }) =>
    [...text.matchAll(/\blocalText\(\s*'([A-Za-z0-9_]+)'/g)].map((m) => ({ key: m[1]!, params: paramCount(text, m.index! + m[0].length), where: path.slice(src.length + 1) })),
  );

  it('are found, errors among them', () => {
    expect(used.filter((u) => u.key.startsWith('err_')).length).toBeGreaterThan(40);
  });

  it('exist in both locale files with the placeholders each call fills, defined as $1, $2…', () => {
    const wrong = used.flatMap(({ key, params, where }) => {
      const want = Array.from({ length: params }, (_, i) => `P${i + 1}`);
      return (['en', 'zh_CN'] as const).flatMap((loc) => {
        const m = (loc === 'en' ? en : zh)[key];
        if (!m) return [`${key} (${where}): missing in ${loc}`];
        const got = placeholders(m.message);
        const problems = got.join() === want.join() ? [] : [`${key} (${where}): ${loc} has ${got.join(',') || 'none'}, the call passes ${params}`];
        for (const p of got) if (m.placeholders?.[p.toLowerCase()]?.content !== `$${p.slice(1)}`) problems.push(`${key}: ${loc} placeholder ${p} is not $${p.slice(1)}`);
        return problems;
      });
    });
    expect(wrong).toEqual([]);
  });

  it('name every fee line (fee_*), and no fee line is built with an English label', () => {
    expect(new Set(used.filter((u) => u.key.startsWith('fee_')).map((u) => u.key)).size).toBeGreaterThanOrEqual(15);
    const english = files.flatMap(({ path, text }) =>
      [...text.matchAll(/\{\s*label:\s*['"`][^'"`]*['"`],\s*amount:|\b(?:unitLine|line)\(\s*['"`]/g)].map((m) => `${path.slice(src.length + 1)}:${text.slice(0, m.index).split('\n').length}`),
    );
    expect(english).toEqual([]);
  });

  it('have Chinese entries that are not the English sentence', () => {
    const keys = [...new Set(used.map((u) => u.key))].filter((k) => k.startsWith('err_') || k.startsWith('fee_'));
    expect(keys.filter((k) => zh[k] && /[A-Za-z]{4,}/.test(zh[k].message.replace(/\$P\d\$|LNURL|Stacks|Rootstock|PowPeg|Emily|sBTC|Liquid|Lightning|signet|regtest|bech32|sats|gas|RBTC|BTC|Boltz|Layerhop|JSON|Bridge|Esplora|SegWit|Taproot|OP_RETURN|EtherSwap|eth_[A-Za-z]+|keccak256|DOMAIN_SEPARATOR|bitcoin:|HTTPS?|WebSocket|Nostr|Wallet Connect|lightning=|LNURL-withdraw|LNURL-pay|onion|npm start|WebAssembly/g, '')))).toEqual([]);
  });

  it('are how every WalletError speaks: none is built with an English sentence', () => {
    const english = files.flatMap(({ path, text }) =>
      walletErrorArgs(text)
        .filter(({ args }) => [...args.matchAll(/'((?:[^'\\\n]|\\.)*)'|`([^`]*)`|"([^"\n]*)"/g)].some((l) => /[A-Za-z]{2,} [A-Za-z]{2,}/.test(l[1] ?? l[2] ?? l[3] ?? '')))
        .map(({ at }) => `${path.slice(src.length + 1)}:${text.slice(0, at).split('\n').length}`),
    );
    expect(walletErrorArgs("new WalletError('x', `Not ${a} here.`)")).toHaveLength(1);
    expect(english).toEqual([]);
  });
});
