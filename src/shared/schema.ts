/**
 * Tiny runtime validators for message parameters. Each returns the typed value or
 * throws a `bad_params` WalletError naming the field, so handlers never see junk.
 */
import { WalletError } from './errors';

export type Validator<T> = (value: unknown, path: string) => T;
export type Infer<V> = V extends Validator<infer T> ? T : never;

function fail(path: string, expected: string): never {
  throw new WalletError('bad_params', `Invalid parameter "${path || 'params'}": expected ${expected}.`);
}

export function str(opts: { min?: number; max?: number; pattern?: RegExp } = {}): Validator<string> {
  const { min = 0, max = 10_000, pattern } = opts;
  return (v, path) => {
    if (typeof v !== 'string') fail(path, 'a string');
    if (v.length < min || v.length > max) fail(path, `a string of ${min} to ${max} characters`);
    if (pattern && !pattern.test(v)) fail(path, `a string matching ${pattern}`);
    return v;
  };
}

export function int(opts: { min: number; max: number }): Validator<number> {
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) fail(path, 'an integer');
    if (v < opts.min || v > opts.max) fail(path, `an integer from ${opts.min} to ${opts.max}`);
    return v;
  };
}

export function bool(): Validator<boolean> {
  return (v, path) => (typeof v === 'boolean' ? v : fail(path, 'true or false'));
}

export function oneOf<const T extends readonly (string | number)[]>(values: T): Validator<T[number]> {
  return (v, path) => {
    if (!(values as readonly unknown[]).includes(v)) fail(path, `one of ${values.join(', ')}`);
    return v as T[number];
  };
}

export function arrayOf<T>(item: Validator<T>, opts: { min?: number; max: number }): Validator<T[]> {
  return (v, path) => {
    if (!Array.isArray(v)) fail(path, 'a list');
    if (v.length < (opts.min ?? 0) || v.length > opts.max) fail(path, `a list of ${opts.min ?? 0} to ${opts.max} items`);
    return v.map((x, i) => item(x, `${path}[${i}]`));
  };
}

export function optional<T>(inner: Validator<T>): Validator<T | undefined> {
  return (v, path) => (v === undefined ? undefined : inner(v, path));
}

/** A string-keyed map whose keys must pass `key` and values `value`. */
export function record<K extends string, T>(key: Validator<K>, value: Validator<T>, max = 64): Validator<Record<K, T>> {
  return (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'an object');
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length > max) fail(path, `at most ${max} entries`);
    const out = {} as Record<K, T>;
    for (const [k, x] of entries) out[key(k, `${path}.${k}`)] = value(x, `${path}.${k}`);
    return out;
  };
}

type Shape = Record<string, Validator<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: undefined extends Infer<S[K]> ? K : never }[keyof S];
type ObjectOf<S extends Shape> = { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & {
  [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined>;
};

/** An object with exactly these keys (unknown keys are refused, missing optional keys allowed). */
export function obj<S extends Shape>(shape: S): Validator<ObjectOf<S>> {
  return (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'an object');
    const input = v as Record<string, unknown>;
    for (const k of Object.keys(input)) {
      if (!(k in shape)) fail(path ? `${path}.${k}` : k, 'no such field');
    }
    const out: Record<string, unknown> = {};
    for (const [k, check] of Object.entries(shape)) {
      const value = check(input[k], path ? `${path}.${k}` : k);
      if (value !== undefined) out[k] = value;
    }
    return out as ObjectOf<S>;
  };
}

export const empty = obj({});
