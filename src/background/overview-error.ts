/**
 * A layer's overview that failed, as Home shows it on that layer's row: which server
 * (the host of the preset endpoint the overview reads) and why, in words. A failure
 * that is not a server's (locked, switched off) passes unchanged; an unexpected one
 * says only that the answer could not be read, never its internal text.
 */
import { WalletError, type ErrorCode } from '../shared/errors';
import type { LayerId } from '../shared/layers';
import type { NetworkPreset } from '../shared/networks';
import { localText } from '../shared/local-text';

/** The endpoint each layer's overview reads; Lightning's is the connected wallet's relay, which names itself. */
const OVERVIEW_ENDPOINT: Record<LayerId, string | null> = { bitcoin: 'esplora', liquid: 'esplora', rootstock: 'rpc', stacks: 'api', lightning: null };

/** Refusals of the wallet itself, not of a server. */
const NOT_A_SERVER: readonly ErrorCode[] = ['locked', 'no_wallet', 'layer_disabled', 'vault_corrupt', 'host_permission'];

function endpointHost(layer: LayerId, preset: NetworkPreset): string | undefined {
  const key = OVERVIEW_ENDPOINT[layer];
  const url = key ? preset.endpoints[key] : undefined;
  if (!url) return undefined;
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}

export function overviewFailure(err: unknown, layer: LayerId, preset: NetworkPreset): unknown {
  if (err instanceof WalletError && (err.host || NOT_A_SERVER.includes(err.code))) return err;
  const host = endpointHost(layer, preset);
  if (!host) return err;
  if (err instanceof WalletError) return new WalletError(err.code, err.text ?? err.message, host, err.message);
  return new WalletError('backend_error', localText('err_overview_unreadable', host), host);
}
