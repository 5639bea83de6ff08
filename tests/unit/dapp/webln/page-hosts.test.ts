/** Which hosts a page's LNURL requests (the link and its callbacks) may reach. */
import { describe, expect, it } from 'vitest';
import { DappError } from '../../../../src/dapp/family';
import { pageHostAccess } from '../../../../src/dapp/webln/page-hosts';

const asked: string[] = [];
const inner = { allows: async (url: URL) => (asked.push(url.host), true) };

describe('pageHostAccess', () => {
  it('refuses loopback and private-network hosts for a site elsewhere, without asking the browser', async () => {
    const access = pageHostAccess('https://shop.example', inner);
    for (const url of ['http://127.0.0.1:8080/cb', 'http://localhost:3000/', 'http://[::1]:9/', 'https://10.1.2.3/', 'https://192.168.1.5/x', 'https://172.20.0.1/', 'https://169.254.169.254/latest', 'https://[fd00::1]/', 'https://printer.local/', 'http://0.0.0.0:80/']) {
      await expect(access.allows(new URL(url)), url).rejects.toBeInstanceOf(DappError);
    }
    expect(asked).toEqual([]);
    expect(await access.allows(new URL('https://pay.example/cb'))).toBe(true);
    expect(await access.allows(new URL('https://172.32.0.1/'))).toBe(true);
    expect(asked).toEqual(['pay.example', '172.32.0.1']);
  });

  it('lets a page on this machine (the devnet) reach this machine, through the browser grant as before', async () => {
    asked.length = 0;
    const access = pageHostAccess('http://127.0.0.1:5173', inner);
    expect(await access.allows(new URL('http://127.0.0.1:3100/lnurl'))).toBe(true);
    expect(asked).toEqual(['127.0.0.1:3100']);
  });
});
