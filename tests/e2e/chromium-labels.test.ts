/**
 * Labels through the real extension in Chromium, against the bcoin devnet: a label set on
 * a transaction is exported as BIP-329 JSON Lines (a real download), the profile is thrown
 * away, and a fresh profile importing the same phrase picks the file and shows the label again.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { readLabels } from '../../src/shared/labels';
import type { BitcoinDevnet } from '../devnet/bitcoin';
import { launchExtension, type LoadedExtension } from './chromium';
import { useDevnet } from './devnet-settings';
import { phraseFor, test } from './devnets';
import { importWalletThroughPopup, playwrightDriver as drive } from './popup-flows';

const PHRASE = phraseFor('chromium-labels');
const LABEL = 'Rent for March — 三月房租';

describe('Chromium: labels survive export, a wiped profile and import', () => {
  let devnet: BitcoinDevnet;
  let ext: LoadedExtension | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'layerhop-labels-'));

  async function freshWallet(): Promise<Page> {
    ext = await launchExtension();
    const page = await ext.openPopup();
    await importWalletThroughPopup(drive(page), PHRASE);
    await useDevnet(drive(page), [
      { layer: 'bitcoin', key: 'esplora', url: devnet.esploraUrl },
      { layer: 'bitcoin', key: 'explorer', url: devnet.url },
    ]);
    return page;
  }

  test.beforeAll(async ({ devnets }) => {
    devnet = await devnets.bitcoin();
  });
  afterAll(async () => {
    await ext?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a transaction label set in the activity list comes back in a fresh profile from the exported .jsonl', async () => {
    let page = await freshWallet();
    const address = (await page.textContent('[data-testid=address-bitcoin]'))!.trim();
    const txid = await devnet.faucet(address, 100_000n);

    await page.click('[data-testid=open-bitcoin]');
    const item = `[data-testid=activity-${txid}]`;
    await page.waitForSelector(item, { timeout: 30_000 });
    await page.fill(`${item} [data-testid=label-input]`, LABEL);
    await page.click(`${item} [data-testid=label-save]`);
    await page.waitForSelector(`${item} [data-testid=label-field][data-label="${LABEL}"]`);

    // Export: a real download of BIP-329 JSON Lines holding the label with this wallet's origin.
    await page.click('[data-testid=nav-settings]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=labels-export]')]);
    expect(download.suggestedFilename()).toBe('layerhop-labels.jsonl');
    const file = join(dir, 'layerhop-labels.jsonl');
    await download.saveAs(file);
    await page.waitForSelector('[data-testid=labels-result]');
    const text = readFileSync(file, 'utf8');
    const read = readLabels(text);
    expect(read.malformed).toEqual([]);
    expect(read.records).toEqual([{ type: 'tx', ref: txid, label: LABEL, origin: expect.stringMatching(/^wpkh\(\[[0-9a-f]{8}\/84'\/1'\/0'\]\)$/) }]);

    // Wipe: the whole profile goes; a new one imports the same phrase and has no label.
    await ext!.close();
    ext = undefined;
    page = await freshWallet();
    await page.click('[data-testid=open-bitcoin]');
    await page.waitForSelector(item, { timeout: 30_000 });
    await page.waitForSelector(`${item} [data-testid=label-field][data-label=""]`);

    // Import the downloaded file through the picker; the label is back on the transaction.
    await page.click('[data-testid=nav-settings]');
    await page.setInputFiles('[data-testid=labels-import]', file);
    expect(await (await page.waitForSelector('[data-testid=labels-result]')).textContent()).toMatch(/^Imported 1 labels\./);
    await page.click('[data-testid=nav-home]');
    await page.click('[data-testid=open-bitcoin]');
    await page.waitForSelector(`${item} [data-testid=label-field][data-label="${LABEL}"]`, { timeout: 30_000 });
    expect(await page.inputValue(`${item} [data-testid=label-input]`)).toBe(LABEL);
  });
});
