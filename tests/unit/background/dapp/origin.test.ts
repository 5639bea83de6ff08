/** The requesting origin comes from the sender record: secure contexts only, no frame of another origin. */
import { describe, expect, it } from 'vitest';
import { allowedOrigin, senderOrigin, type DappSender } from '../../../../src/background/dapp/origin';
import { DappError } from '../../../../src/dapp/family';

const top = (url: string, extra: Partial<DappSender> = {}): DappSender => ({ id: 'ext', url, frameId: 0, tab: { id: 3, url }, ...extra });
const refusal = (sender: DappSender) => {
  try {
    senderOrigin(sender, 'ext');
    return 'accepted';
  } catch (err) {
    return err instanceof DappError ? err.refusal : 'other';
  }
};

describe('dApp sender origin', () => {
  it('accepts https pages and http on localhost / 127.0.0.1, by scheme://host[:port]', () => {
    expect(senderOrigin(top('https://app.example/path?q=1'), 'ext')).toBe('https://app.example');
    expect(senderOrigin(top('http://localhost:5173/'), 'ext')).toBe('http://localhost:5173');
    expect(senderOrigin(top('http://127.0.0.1:8080/x', { origin: 'http://127.0.0.1:8080' }), 'ext')).toBe('http://127.0.0.1:8080');
  });

  it('refuses http other than loopback, and other schemes', () => {
    for (const url of ['http://app.example/', 'http://127.0.0.2/', 'http://[::1]/', 'http://localhost.evil.example/', 'file:///etc/passwd', 'ftp://x/', 'data:text/html,x', 'not a url']) {
      expect(refusal(top(url))).toBe('unauthorized');
    }
    expect(allowedOrigin(undefined)).toBeNull();
  });

  it("refuses a frame whose origin differs from its top page's, and accepts a same-origin frame", () => {
    expect(refusal({ id: 'ext', url: 'https://ads.example/f', frameId: 7, tab: { id: 3, url: 'https://app.example/' } })).toBe('unauthorized');
    expect(senderOrigin({ id: 'ext', url: 'https://app.example/f', frameId: 7, tab: { id: 3, url: 'https://app.example/' } }, 'ext')).toBe('https://app.example');
    // Without the top page's URL a frame cannot be checked: refused.
    expect(refusal({ id: 'ext', url: 'https://app.example/f', frameId: 7, tab: { id: 3 } })).toBe('unauthorized');
  });

  it("trusts the browser's origin over the URL (a sandboxed frame's is opaque)", () => {
    expect(refusal(top('https://app.example/', { origin: 'null' }))).toBe('unauthorized');
    expect(refusal(top('https://app.example/', { origin: 'https://other.example' }))).toBe('unauthorized');
  });

  it('refuses senders that are not our content script in a tab (another extension, no tab, no frame id)', () => {
    expect(refusal(top('https://app.example/', { id: 'someone-else' }))).toBe('unauthorized');
    expect(refusal({ id: 'ext', url: 'https://app.example/', frameId: 0 })).toBe('unauthorized');
    expect(refusal({ id: 'ext', url: 'https://app.example/', tab: { id: 1, url: 'https://app.example/' } })).toBe('unauthorized');
  });
});
