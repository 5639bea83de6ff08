import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../src/shared/http';
import { DevServer, HttpReply, Text } from '../../devnet/http-server';
import { WalletError } from '../../../src/shared/errors';
import { shownError } from '../../helpers/locale';
import { CLOSED_PORT } from '../../helpers/closed-port';

const server = new DevServer();
let calls: Record<string, number> = {};
const count = (k: string) => (calls[k] = (calls[k] ?? 0) + 1);

beforeAll(async () => {
  server.get('/flaky', () => (count('flaky') < 3 ? Promise.reject(new HttpReply(503, 'busy')) : { ok: true }));
  server.get('/limited', () => (count('limited') < 2 ? Promise.reject(new HttpReply(429, 'slow down')) : new Text('fine')));
  server.get('/broken', () => {
    count('broken');
    throw new HttpReply(500, 'boom');
  });
  server.post('/submit', () => {
    count('submit');
    throw new HttpReply(500, 'maybe processed');
  });
  server.get('/slow', () => new Promise((r) => setTimeout(() => r({}), 500)));
  server.get('/notjson', () => new Text('<html>'));
  await server.listen();
});
afterAll(() => server.close());

const client = (opts = {}) => new HttpClient(server.url, { baseDelayMs: 5, ...opts });

describe('HttpClient', () => {
  it('retries 5xx and 429 on reads until it succeeds', async () => {
    calls = {};
    await expect(client().getJson('/flaky')).resolves.toEqual({ ok: true });
    expect(calls.flaky).toBe(3);
    await expect(client().getText('/limited')).resolves.toBe('fine');
    expect(calls.limited).toBe(2);
  });

  it('gives up after the retry budget with an error naming the host and status', async () => {
    calls = {};
    await expect(client({ retries: 2 }).getJson('/broken')).rejects.toMatchObject({ code: 'backend_error', status: 500, message: expect.stringMatching(/127\.0\.0\.1:\d+ answered 500: “boom”/) });
    expect(calls.broken).toBe(3);
    // The server's words quoted as its, inside a sentence the popup translates.
    const err = await client({ retries: 0 }).getJson('/broken').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalletError);
    expect(shownError(err as WalletError)).toMatch(/^127\.0\.0\.1:\d+ 返回了 500：“boom”$/);
  });

  it('does not repeat a POST the server may have processed', async () => {
    calls = {};
    await expect(client().postText('/submit', 'x')).rejects.toMatchObject({ status: 500 });
    expect(calls.submit).toBe(1);
  });

  it('times out, and reports an unreachable host plainly', async () => {
    await expect(client({ timeoutMs: 100, retries: 0 }).getJson('/slow')).rejects.toMatchObject({ code: 'timeout' });
    await expect(new HttpClient('http://127.0.0.1:9', { retries: 0 }).getJson('/')).rejects.toMatchObject({ code: 'network_error', message: /Cannot reach 127\.0\.0\.1:9/ });
  });

  it("keeps fetch's own error as the cause, where no JSON of the error carries it", async () => {
    const err = (await new HttpClient(`http://127.0.0.1:${CLOSED_PORT}`, { retries: 0 }).getJson('/').catch((e: unknown) => e)) as WalletError;
    expect(err).toMatchObject({ code: 'network_error' });
    expect(err.cause).toBeInstanceOf(TypeError);
    expect(String((err.cause as TypeError).cause)).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(err)).not.toContain('cause');
    const timedOut = (await client({ timeoutMs: 100, retries: 0 }).getJson('/slow').catch((e: unknown) => e)) as WalletError;
    expect(timedOut).toMatchObject({ code: 'timeout' });
    expect((timedOut.cause as Error).name).toBe('AbortError');
  });

  it('refuses a body that is not JSON', async () => {
    await expect(client().getJson('/notjson')).rejects.toMatchObject({ code: 'backend_error', message: /not JSON/ });
  });
});
