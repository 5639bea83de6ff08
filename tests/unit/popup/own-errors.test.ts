/**
 * Errors the popup makes itself (the background silent, a host permission refused) read
 * in the popup's language, like the background's: rendered when shown, not when made.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { translator } from '../../helpers/locale';

const sendMessage = vi.fn();
const request = vi.fn();
let language = translator('zh_CN');
vi.mock('webextension-polyfill', () => ({
  default: {
    runtime: { sendMessage },
    permissions: { request, contains: vi.fn() },
    i18n: { getMessage: (key: string, subs: string[]) => language(key, ...subs) },
  },
}));

const { call, errorText } = await import('../../../src/popup/rpc-client');
const { requestHosts } = await import('../../../src/popup/host-permission');

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('resolved');
    },
    (err: unknown) => err,
  );

describe('the popup\'s own errors', () => {
  beforeEach(() => {
    language = translator('zh_CN');
  });

  it('a background that does not answer, or answers garbage, reads in Chinese', async () => {
    sendMessage.mockResolvedValueOnce(undefined);
    expect(errorText(await failure(call('wallet.status', {})))).toBe('钱包后台没有应答。');
    sendMessage.mockResolvedValueOnce({ ok: false, error: 'nonsense' });
    expect(errorText(await failure(call('wallet.status', {})))).toBe('钱包后台发送了无法读取的应答。');
  });

  it('a host refused names the host, in the language shown when it is read', async () => {
    request.mockResolvedValueOnce(false);
    const refused = await failure(requestHosts(['https://pay.example.org/*']));
    expect(errorText(refused)).toBe('未允许访问 pay.example.org，因此没有发送任何内容。请允许访问以使用此服务。');
    language = translator('en');
    expect(errorText(refused)).toBe('Access to pay.example.org was not allowed, so nothing was sent. Allow it to use this service.');
    request.mockRejectedValueOnce(new Error('not allowed'));
    expect(errorText(await failure(requestHosts(['http://shop.example.org/*'])))).toMatch(/^The browser cannot give Layerhop access to shop\.example\.org/);
  });
});
