/**
 * A memo of GET answers for one short task (one route plan): every client made
 * through it shares one answer per URL, so quoting the same pair table, fee
 * estimate or height twice costs one request. Only GET (idempotent, and what the
 * planner's quotes read) is memoized; a POST always goes out. The memo is made per
 * task and dropped with it: an answer is never reused by a later one.
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
      const url = path.startsWith('http') ? path : `${client.baseUrl}${path}`;
      let answer = answers.get(url);
      if (!answer) {
        answer = client.request(method, path, init);
        answers.set(url, answer);
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
