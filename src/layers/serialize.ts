/**
 * One operation at a time per account: two sends started together must not read
 * the same nonce, and the stored send list is read-modify-written. Module-level
 * because the background builds a fresh service per request.
 */
const tails = new Map<string, Promise<unknown>>();

export function serialize<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}
