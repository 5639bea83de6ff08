/** A chain's reasons are locale keys all the way down: the mechanism's own keyed sentence, not its English. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { legHopId } from '../../../../src/hops/chained/runner';
import { worstCase } from '../../../../src/hops/chained/worst-case';
import type { RouteQuote } from '../../../../src/hops/types';
import { WalletError } from '../../../../src/shared/errors';
import { localText, renderText } from '../../../../src/shared/local-text';
import { translator } from '../../../helpers/locale';
import { sources } from '../../../helpers/source-scan';
import { BTC, chainedQuote, LN, newWorld, SBTC, worker } from './fake-legs';

const root = join(import.meta.dirname, '../../../..');
const zh = translator('zh_CN');
/** English words of four letters or more left in a text rendered in Chinese (names and symbols aside). */
const english = (s: string) => s.replace(/Boltz|Lightning|sBTC|BTC|Stacks|Liquid|Rootstock|LNURL/g, '').match(/[A-Za-z]{4,}/g) ?? [];

describe('chain texts', () => {
  it('a next leg refused with a keyed error stops the chain with that key, and the continue that fails throws a keyed error', async () => {
    const world = newWorld();
    const w = worker(world);
    const chain = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    const noPair = localText('err_boltz_noPair', '127.0.0.1', localText('hopText_boltzKind_submarine'), 'BTC', 'BTC');
    const create = w.engine['mechanisms'][1]!.create;
    w.engine['mechanisms'][1]!.create = async () => {
      throw new WalletError('backend_error', noPair);
    };
    await w.engine.tick(w.ctx, true);
    const stopped = (await w.runner.tick(w.ctx))[0]!;
    expect(stopped).toMatchObject({ status: 'stopped', reason: { key: 'chainStopped_unavailable' } });
    expect(stopped.reason!.params![1]).toEqual(noPair);
    expect(english(renderText(stopped.reason!, zh))).toEqual([]);

    const re = await w.runner.requote(w.ctx, chain.id);
    const refused = await w.runner.continue(w.ctx, chain.id, re.quote, re.finalReceive).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WalletError);
    expect((refused as WalletError).text).toEqual(localText('err_chain_continue_refused', noPair, '0.00099 BTC'));
    w.engine['mechanisms'][1]!.create = create;
  });

  it('a first leg that cannot be set up fails the chain with the keyed reason', async () => {
    const world = newWorld();
    const w = worker(world);
    w.engine['mechanisms'][0]!.create = async () => {
      throw new WalletError('backend_error', localText('err_route_unreachable'));
    };
    await expect(w.runner.start(w.ctx, await chainedQuote(w, 100_000n))).rejects.toThrow();
    const failed = (await w.runner.list())[0]!;
    expect(failed.reason).toEqual({ key: 'chainFailed_notStarted', params: [{ key: 'err_route_unreachable' }] });
  });

  it('the worst case names layers and Lightning in the popup\'s language', () => {
    const leg = (from: typeof SBTC, to: typeof SBTC, mechanism: string): RouteQuote =>
      ({ mechanism, from, to, send: '100000', receive: '99000' }) as unknown as RouteQuote;
    const lines = worstCase([leg(SBTC, BTC, 'sbtc-withdrawal'), leg(BTC, LN, 'boltz-submarine')]);
    for (const l of lines) expect(english(renderText(l, zh))).toEqual([]);
  });

  it('src/hops/chained holds no English sentence outside comments and locale keys', () => {
    const found = sources(join(root, 'src/hops/chained')).flatMap(({ path, text }) => {
      const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/\s\/\/ .*$/gm, '');
      return [...code.matchAll(/(['`])([A-Z][a-z]+ [^'`]*?[a-z]{2,}[^'`]*)\1/g)].map((m) => `${path.slice(root.length + 1)}: ${m[2]}`);
    });
    expect(found).toEqual([]);
  });
});
