/** What `npm run build` produced: manifests per browser, zips, a clean Firefox lint, and a popup free of key code. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { withCachedContext } from '../../src/layers/liquid/zkp-context-cache';
import { shippedZkpModule } from '../helpers/zkp-module';

const dist = join(import.meta.dirname, '../../dist');
const manifest = (b: string) => JSON.parse(readFileSync(join(dist, b, 'manifest.json'), 'utf8'));

describe('build output', () => {
  it('writes an MV3 service-worker manifest for Chrome and a background.scripts one with a gecko id for Firefox', () => {
    const chrome = manifest('chrome');
    expect(chrome.manifest_version).toBe(3);
    expect(chrome.background).toEqual({ service_worker: 'background.js' });
    const firefox = manifest('firefox');
    expect(firefox.manifest_version).toBe(3);
    expect(firefox.background).toEqual({ scripts: ['background.js'] });
    expect(firefox.browser_specific_settings.gecko.id).toBe('layerhop@layerhop.dev');
    for (const b of ['chrome', 'firefox']) expect(statSync(join(dist, `layerhop-${b}.zip`)).size).toBeGreaterThan(10_000);
  });

  it('passes web-ext lint for Firefox with 0 errors', () => {
    const bin = join(import.meta.dirname, '../../node_modules/.bin/web-ext');
    let out = '';
    try {
      out = execFileSync(bin, ['lint', '--source-dir', join(dist, 'firefox'), '--output', 'json', '--no-input'], { encoding: 'utf8' });
    } catch (err) {
      out = (err as { stdout: string }).stdout; // web-ext exits non-zero only on errors
    }
    const report = JSON.parse(out.slice(out.indexOf('{')));
    expect(report.errors).toEqual([]);
    expect(report.count).toBeGreaterThanOrEqual(0);
  }, 120_000);

  it("ships Liquid's secp256k1-zkp WebAssembly as a file beside background.js, allowed by a CSP with 'wasm-unsafe-eval' only", () => {
    const chromeWasm = readFileSync(join(dist, 'chrome/secp256k1-zkp.wasm'));
    expect([...chromeWasm.subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]);
    expect(chromeWasm.length).toBeGreaterThan(100_000);
    // The library's module rewritten at build time to keep its secp256k1 context (zkp-context-cache.ts), so the worker can stream it as it is.
    const inline = shippedZkpModule();
    expect(chromeWasm.equals(withCachedContext(inline)!)).toBe(true);
    expect(chromeWasm.equals(inline)).toBe(false);
    expect(readFileSync(join(dist, 'firefox/secp256k1-zkp.wasm')).equals(chromeWasm)).toBe(true);
    for (const b of ['chrome', 'firefox']) {
      const zipped = unzipSync(readFileSync(join(dist, `layerhop-${b}.zip`)), { filter: (f) => f.name === 'secp256k1-zkp.wasm' });
      expect(Buffer.from(zipped['secp256k1-zkp.wasm']!).equals(chromeWasm)).toBe(true);
      // Not also inline: the worker would parse ~360 KB of base64 at every start.
      expect(readFileSync(join(dist, b, 'background.js'), 'utf8')).not.toMatch(/base64,AGFzbQ/);
      const csp = manifest(b).content_security_policy.extension_pages as string;
      expect(csp).toContain("'wasm-unsafe-eval'");
      expect(csp).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
    }
  });

  it('ships the dApp page script and content script in both dists and zips, declared for https and loopback at document_start', () => {
    for (const b of ['chrome', 'firefox']) {
      const zipped = unzipSync(readFileSync(join(dist, `layerhop-${b}.zip`)), { filter: (f) => f.name === 'inject.js' || f.name === 'content.js' });
      for (const file of ['inject.js', 'content.js']) {
        const text = readFileSync(join(dist, b, file));
        expect(text.length).toBeGreaterThan(200);
        expect(Buffer.from(zipped[file]!).equals(text)).toBe(true);
      }
      const scripts = manifest(b).content_scripts as { matches: string[]; js: string[]; all_frames: boolean; run_at: string; world?: string }[];
      const byFile = Object.fromEntries(scripts.map((s) => [s.js.join(), s]));
      for (const s of scripts) {
        expect(s.matches).toEqual(['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*']);
        expect([s.all_frames, s.run_at]).toEqual([true, 'document_start']);
      }
      expect(byFile['inject.js']!.world).toBe('MAIN');
      expect(byFile['content.js']!.world).toBeUndefined();
    }
    // Neither carries the wallet's code or the background's shims.
    for (const file of ['inject.js', 'content.js']) {
      const text = readFileSync(join(dist, 'chrome', file), 'utf8');
      for (const marker of ['Bitcoin seed', 'PBKDF2', 'Buffer', 'webextension-polyfill', 'secp256k1']) expect(text).not.toContain(marker);
    }
  });

  it('keeps key-handling code out of the popup bundle', () => {
    const popup = readFileSync(join(dist, 'chrome/popup.js'), 'utf8');
    const background = readFileSync(join(dist, 'chrome/background.js'), 'utf8');
    // "Bitcoin seed" is BIP32's master-key HMAC label; "Symmetric key seed" is SLIP-21's.
    for (const marker of ['Bitcoin seed', 'Symmetric key seed', 'PBKDF2']) {
      expect(background).toContain(marker);
      expect(popup).not.toContain(marker);
    }
    expect(existsSync(join(dist, 'chrome/_locales/zh_CN/messages.json'))).toBe(true);
  });

  it('bundles the English table for error messages into the background only (the popup renders keys through _locales)', () => {
    const popup = readFileSync(join(dist, 'chrome/popup.js'), 'utf8');
    const background = readFileSync(join(dist, 'chrome/background.js'), 'utf8');
    // The English of a background-only error key: in the table, not in any popup string.
    const sentence = 'Check the connection or the endpoint URL in settings.';
    expect(background).toContain(sentence);
    expect(popup).not.toContain(sentence);
  });
});
