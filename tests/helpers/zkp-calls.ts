/** secp256k1-zkp with every library call recorded by name (each one costs a context build in 2.x). */
import type { ZKP } from '../../src/layers/liquid/zkp';

export function countingZkp(zkp: ZKP): { zkp: ZKP; calls: string[] } {
  const calls: string[] = [];
  const wrap = <T extends object>(obj: T, path: string): T =>
    new Proxy(obj, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        const name = `${path}${String(prop)}`;
        if (typeof v === 'function') return (...args: unknown[]) => (calls.push(name), (v as (...a: unknown[]) => unknown).apply(target, args));
        if (v && typeof v === 'object') return wrap(v, `${name}.`);
        return v;
      },
    });
  return { zkp: wrap(zkp, ''), calls };
}
