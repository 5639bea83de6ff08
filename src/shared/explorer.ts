/**
 * Which explorer a preset's transaction links may point at. The local devnet presets'
 * explorer endpoints are the devnet services' own URLs, which answer JSON APIs and serve
 * no transaction page, so a link there opens an error; a URL set in Settings is taken.
 */
import { pageExplorer } from './links';
import { endpointKey, findPreset, isLocalDevnet, PRESETS, type NetworkPreset } from './networks';
import { LAYER_IDS } from './layers';

/** The explorer with transaction pages on `preset` (endpoints as Settings resolved them), or none. */
export function presetPageExplorer(preset: NetworkPreset): string | undefined {
  const base = pageExplorer(preset.endpoints);
  if (!base || !isLocalDevnet(preset)) return base;
  return base === findPreset(preset.layer, preset.id)?.endpoints.explorer ? undefined : base;
}

/** The devnet presets' own explorer bases that Settings leave as they are: links under them have no page. */
export function pagelessExplorers(endpointOverrides: Readonly<Record<string, string>>): string[] {
  const bases: string[] = [];
  for (const layer of LAYER_IDS) {
    for (const p of PRESETS[layer] as readonly NetworkPreset[]) {
      const base = p.endpoints.explorer;
      if (!isLocalDevnet(p) || !base) continue;
      const set = endpointOverrides[endpointKey(layer, p.id, 'explorer')];
      if (set === undefined || set === base) bases.push(base);
    }
  }
  return bases;
}
