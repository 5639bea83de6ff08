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

const areaNames = new Map<string, WeakMap<object, string>>();
let areas = 0;

/**
 * A queue name for `serialize` per storage area object and kind of record (`hops`,
 * `chains`): every store over one area and kind shares its queue, whichever instance
 * (the worker, a restore, a test) holds it.
 */
export function areaQueue(kind: string, area: object): string {
  let names = areaNames.get(kind);
  if (!names) areaNames.set(kind, (names = new WeakMap()));
  let name = names.get(area);
  if (!name) names.set(area, (name = `${kind}#${++areas}`));
  return name;
}
