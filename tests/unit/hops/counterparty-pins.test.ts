/**
 * The public presets as shipped: a peg-in and an sBTC deposit need the
 * counterparty's address / key pinned in Settings; the local devnet, whose
 * federators and signers are made fresh each run, goes without.
 */
import { describe, expect, it } from 'vitest';
import type { HopContext } from '../../../src/hops/mechanism';
import { federationUnpinned } from '../../../src/hops/powpeg/federation';
import { signersKeyUnpinned } from '../../../src/hops/sbtc/signers-key';
import { LAYER_IDS, type LayerId } from '../../../src/shared/layers';
import { pinKey, PRESETS, resolvePreset } from '../../../src/shared/networks';
import { englishOf } from '../../helpers/english-of';

/** The presets Settings would give: `ids` per layer (devnet elsewhere), with these pin overrides. */
function ctxOn(ids: Partial<Record<LayerId, string>>, pins: Record<string, string> = {}): HopContext {
  const presets = Object.fromEntries(LAYER_IDS.map((l) => [l, resolvePreset(l, ids[l] ?? 'devnet', {}, pins)]));
  return { presets } as unknown as HopContext;
}

const FEDERATION = '2N2y8Kwg7TXZfPhRLGAeyKh8CbwhQ9m6T3e';
const SIGNERS_KEY = `02${'ab'.repeat(32)}`;

describe('counterparty pins on public presets', () => {
  it('every public Rootstock preset with a PowPeg refuses peg-ins until the federation address is pinned', () => {
    const publics = PRESETS.rootstock.filter((p) => p.id !== 'devnet' && p.params.powpeg);
    expect(publics.map((p) => p.id)).toEqual(['testnet']);
    for (const p of publics) {
      expect(englishOf(federationUnpinned(ctxOn({ rootstock: p.id })) ?? undefined)).toMatch(/not pinned for RSK testnet.*Settings under Rootstock, "PowPeg federation address".*Nothing was sent/);
      expect(federationUnpinned(ctxOn({ rootstock: p.id }, { [pinKey('rootstock', p.id, 'powpegFederation')]: FEDERATION }))).toBeNull();
    }
    expect(federationUnpinned(ctxOn({ rootstock: 'devnet' }))).toBeNull();
  });

  it('every public Stacks preset with sBTC refuses deposits until the signers’ key is pinned', () => {
    const publics = PRESETS.stacks.filter((p) => p.id !== 'devnet' && p.params.sbtc);
    expect(publics.map((p) => p.id)).toEqual(['testnet']);
    for (const p of publics) {
      expect(englishOf(signersKeyUnpinned(ctxOn({ stacks: p.id })) ?? undefined)).toMatch(/not pinned for Stacks Testnet.*Settings under Stacks, "sBTC signers' key".*Nothing was sent/);
      expect(signersKeyUnpinned(ctxOn({ stacks: p.id }, { [pinKey('stacks', p.id, 'sbtcSignersKey')]: SIGNERS_KEY }))).toBeNull();
    }
    expect(signersKeyUnpinned(ctxOn({ stacks: 'devnet' }))).toBeNull();
  });
});
