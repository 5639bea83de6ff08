/** Points the extension at local devnet services through the settings screen, as a user would. */
import type { Driver } from './popup-flows';

export interface DevnetEndpoint {
  layer: string;
  key: string;
  url: string;
}

/** `alsoDevnet`: layers switched to their devnet preset with no endpoint to fill (Lightning's regtest invoices). */
export async function useDevnet(d: Driver, endpoints: DevnetEndpoint[], alsoDevnet: string[] = []): Promise<void> {
  await d.click('[data-testid=nav-settings]');
  await d.waitFor('[data-testid=settings]');
  for (const layer of new Set([...endpoints.map((e) => e.layer), ...alsoDevnet])) await d.select(`[data-testid=preset-${layer}]`, 'devnet');
  for (const e of endpoints) await d.fill(`[data-testid=endpoint-${e.layer}-${e.key}]`, e.url);
  await d.click('[data-testid=settings-save]');
  await d.waitFor('[data-testid=settings-saved]');
  await d.click('[data-testid=nav-home]');
}
