import { WalletError } from '../shared/errors';
import { endpointProtocols, findPreset, isAllowedRelayUrl, PRESETS } from '../shared/networks';
import { CASE_SENSITIVE_PIN_KINDS, PIN_KINDS, PIN_PATTERNS, type PinKey, type PinKind } from '../shared/pins';
import { LAYER_IDS, type LayerId } from '../shared/layers';
import { SETTINGS_STORAGE_KEY, settingsFrom, type Settings } from '../shared/settings';
import type { KeyValueArea } from './ports';
import { localText, type LocalText } from '../shared/local-text';

const KEY = SETTINGS_STORAGE_KEY;

export interface SettingsPatch {
  autoLockMinutes?: number;
  networks?: Partial<Record<LayerId, string>>;
  endpoints?: Record<string, string>;
  resetEndpoints?: boolean;
  /** Pin overrides by `layer.preset.pin`; an empty value restores the preset's pin. */
  pins?: Record<string, string>;
  /** The layers to hide; replaces the current list. */
  hiddenLayers?: LayerId[];
}

/** An override must name a real `layer.preset.endpoint`; answers the endpoint's name. */
function checkEndpointKey(key: string): string {
  const [layer, presetId, endpoint, ...rest] = key.split('.');
  const preset = LAYER_IDS.includes(layer as LayerId) && presetId ? findPreset(layer as LayerId, presetId) : undefined;
  if (!preset || !endpoint || rest.length || !Object.hasOwn(preset.endpoints, endpoint)) {
    throw new WalletError('bad_params', localText('err_setting_unknown_endpoint', key.slice(0, 120)));
  }
  return endpoint;
}

/** What a pin of each kind must be, as the refusal of a malformed one says. */
const PIN_KIND_TEXT: Record<PinKind, LocalText> = {
  'evm-address': localText('pinKind_evmAddress'),
  hash32: localText('pinKind_hash32'),
  sats: localText('pinKind_sats'),
  'btc-p2sh-address': localText('pinKind_btcP2sh'),
  pubkey33: localText('pinKind_pubkey33'),
};

/** A pin override must name a pin the preset has, in that pin's format (hex is stored lower-case). */
function checkPin(key: string, value: string): string {
  const [layer, presetId, pin, ...rest] = key.split('.');
  const preset = LAYER_IDS.includes(layer as LayerId) && presetId ? findPreset(layer as LayerId, presetId) : undefined;
  if (!preset || !pin || rest.length || !Object.hasOwn(preset.pins ?? {}, pin)) throw new WalletError('bad_params', localText('err_setting_unknown_pin', key.slice(0, 120)));
  const kind = PIN_KINDS[pin as PinKey];
  const normal = CASE_SENSITIVE_PIN_KINDS.includes(kind) ? value.trim() : value.trim().toLowerCase();
  if (!PIN_PATTERNS[kind].test(normal)) {
    throw new WalletError('bad_params', localText('err_pin_format', value.trim().slice(0, 120), PIN_KIND_TEXT[kind]));
  }
  return normal;
}

/** An http(s) URL (ws(s) for a relay) without credentials, normalised without a trailing slash. */
function checkEndpointUrl(endpoint: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new WalletError('bad_url', localText('err_url_invalid', url));
  }
  const protocols = endpointProtocols(endpoint);
  if (!protocols.includes(parsed.protocol)) {
    const [first = '', second = ''] = protocols.map((p) => `${p}//`);
    if (protocols.includes('wss:')) throw new WalletError('bad_url', localText('err_relay_url_scheme', first, second));
    throw new WalletError('bad_url', localText('err_endpoint_url_scheme', first, second));
  }
  if (protocols.includes('wss:') && !isAllowedRelayUrl(parsed)) throw new WalletError('bad_url', localText('err_relay_url_rule'));
  if (parsed.username || parsed.password) {
    throw new WalletError('bad_url', localText('err_url_credentials'));
  }
  return parsed.toString().replace(/\/$/, '');
}

export class SettingsStore {
  private readonly listeners: ((before: Settings, after: Settings) => void)[] = [];
  /**
   * The settings as last read or saved, shared by requests at once (Home's five
   * refreshes read them fifteen times). Kept only where the area reports changes:
   * a change from another context drops it; a save replaces it before answering.
   */
  private memo: Promise<Settings> | null = null;
  private readonly keepsCopy: boolean;
  /** Change reports of the settings received so far. */
  private reports = 0;

  constructor(private readonly local: KeyValueArea) {
    this.keepsCopy = typeof local.onChanged === 'function';
    local.onChanged?.((keys) => {
      if (!keys.includes(KEY)) return;
      this.reports++;
      this.memo = null;
    });
  }

  /** Called after each saved update with the settings before and after it (the dApp core tells pages of a network switch). */
  onChange(listener: (before: Settings, after: Settings) => void): void {
    this.listeners.push(listener);
  }

  async get(): Promise<Settings> {
    if (!this.keepsCopy) return this.read();
    let memo = this.memo;
    if (!memo) {
      const read = (memo = this.memo = this.read());
      // A failed read is not kept: the next request reads again.
      read.catch(() => {
        if (this.memo === read) this.memo = null;
      });
    }
    // A copy each: what one caller changes in its answer reaches nobody else.
    return structuredClone(await memo);
  }

  private async read(): Promise<Settings> {
    return settingsFrom((await this.local.get([KEY]))[KEY] as Partial<Settings> | undefined);
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    // Built on storage, not the copy: another context's write whose report is still on its way is kept, not overwritten.
    const current = await this.read();
    const next: Settings = {
      autoLockMinutes: patch.autoLockMinutes ?? current.autoLockMinutes,
      networks: { ...current.networks },
      endpoints: patch.resetEndpoints ? {} : { ...current.endpoints },
      pins: { ...current.pins },
      hiddenLayers: patch.hiddenLayers ? LAYER_IDS.filter((l) => patch.hiddenLayers!.includes(l)) : current.hiddenLayers,
    };
    if (next.hiddenLayers.length >= LAYER_IDS.length) throw new WalletError('bad_params', localText('err_one_layer_shown'));
    for (const [layer, id] of Object.entries(patch.networks ?? {}) as [LayerId, string][]) {
      if (!findPreset(layer, id)) {
        const known = PRESETS[layer].map((p) => p.id).join(', ');
        throw new WalletError('bad_params', localText('err_setting_unknown_network', localText(`layer_${layer}`), String(id).slice(0, 64), known));
      }
      next.networks[layer] = id;
    }
    for (const [key, url] of Object.entries(patch.endpoints ?? {})) {
      const endpoint = checkEndpointKey(key);
      // An empty URL removes the override and restores the preset's default.
      if (url.trim() === '') delete next.endpoints[key];
      else next.endpoints[key] = checkEndpointUrl(endpoint, url);
    }
    for (const [key, value] of Object.entries(patch.pins ?? {})) {
      if (value.trim() === '') delete next.pins[key];
      else next.pins[key] = checkPin(key, value);
    }
    const reports = this.reports;
    await this.local.set({ [KEY]: next });
    // The next request sees this save whether or not storage has reported it yet (a read begun earlier is not kept over it).
    // A report during the write may be another context's write after it: then the next request reads storage instead.
    if (this.keepsCopy) this.memo = this.reports === reports ? Promise.resolve(structuredClone(next)) : null;
    for (const listener of this.listeners) {
      try {
        listener(current, next);
      } catch {
        // what a listener does with it never undoes the saved settings
      }
    }
    return next;
  }
}
