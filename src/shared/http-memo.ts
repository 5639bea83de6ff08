/**
 * A memo of GET answers for one short task (one route plan): every client made
 * through it shares one answer per URL, so quoting the same pair table, fee
 * estimate or height twice costs one request. Only GET (idempotent, and what the
 * planner's quotes read) is memoized; a POST always goes out. The memo is made per
 * task and dropped with it: an answer is never reused by a later one. It wraps the
 * clients of one factory (the hop context's), so every request it shares went out
 * with the same options and headers; a failed request fails alike for the task.
 */
import type { HttpClient } from './http';

export class GetMemo {
  private readonly answers = new Map<string, Promise<string>>();

  /** `client`, with its GETs answered from this memo (the first caller of a URL fetches it). */
  wrap(client: HttpClient): HttpClient {
    const answers = this.answers;
    const memoized: HttpClient = Object.create(client);
    memoized.request = (method, path, init) => {
      if (method !== 'GET') return client.request(method, path, init);
      // The Accept header is part of the key: a server may answer one URL differently per type.
      const key = `${init?.accept ?? ''} ${path.startsWith('http') ? path : `${client.baseUrl}${path}`}`;
      let answer = answers.get(key);
      if (!answer) {
        answer = client.request(method, path, init);
        answers.set(key, answer);
      }
      return answer;
    };
    return memoized;
  }

  /** How many distinct URLs were fetched (for tests and the benchmark). */
  get size(): number {
    return this.answers.size;
  }
}
