import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostPattern, hostPatterns, INSTALL_HOST_PERMISSIONS, OPTIONAL_HOST_PERMISSIONS } from '../../../src/shared/host-patterns';

const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '../../../manifest.json'), 'utf8'));

describe('host patterns', () => {
  it('match the manifest: loopback granted at install, public hosts optional, nothing broader', () => {
    expect(manifest.host_permissions).toEqual([...INSTALL_HOST_PERMISSIONS]);
    expect(manifest.optional_host_permissions).toEqual([...OPTIONAL_HOST_PERMISSIONS]);
    expect(JSON.stringify(manifest)).not.toContain('<all_urls>');
  });

  it('asks for one host without its port, once per host', () => {
    expect(hostPattern('https://pay.example.com:8443')).toBe('https://pay.example.com/*');
    expect(hostPatterns(['https://a.example/x', 'https://a.example:1/y', 'http://127.0.0.1:3000'])).toEqual(['https://a.example/*', 'http://127.0.0.1/*']);
  });
});
