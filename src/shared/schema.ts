/**
 * Tiny runtime validators for message parameters. Each returns the typed value or
 * throws a `bad_params` WalletError naming the field, so handlers never see junk.
 */
import { WalletError } from './errors';
import { localText, type LocalText } from './local-text';

export type Validator<T> = (value: unknown, path: string) => T;
export type Infer<V> = V extends Validator<infer T> ? T : never;

function fail(path: string, expected: LocalText): never {
  throw new WalletError('bad_params', localText('err_bad_param', path || 'params', expected));
}

export function str(opts: { min?: number; max?: number; pattern?: RegExp } = {}): Validator<string> {
  const { min = 0, max = 10_000, pattern } = opts;
  return (v, path) => {
    if (typeof v !== 'string') fail(path, localText('paramWant_string'));
    if (v.length < min || v.length > max) fail(path, localText('paramWant_stringLength', String(min), String(max)));
    if (pattern && !pattern.test(v)) fail(path, localText('paramWant_stringPattern', String(pattern)));
    return v;
  };
}

export function int(opts: { min: number; max: number }): Validator<number> {
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) fail(path, localText('paramWant_integer'));
    if (v < opts.min || v > opts.max) fail(path, localText('paramWant_integerRange', String(opts.min), String(opts.max)));
    return v;
  };
}

export function bool(): Validator<boolean> {
  return (v, path) => (typeof v === 'boolean' ? v : fail(path, localText('paramWant_boolean')));
}

export function oneOf<const T extends readonly (string | number)[]>(values: T): Validator<T[number]> {
  return (v, path) => {
    if (!(values as readonly unknown[]).includes(v)) fail(path, localText('paramWant_oneOf', values.join(', ')));
    return v as T[number];
  };
}

export function arrayOf<T>(item: Validator<T>, opts: { min?: number; max: number }): Validator<T[]> {
  return (v, path) => {
    if (!Array.isArray(v)) fail(path, localText('paramWant_list'));
    if (v.length < (opts.min ?? 0) || v.length > opts.max) fail(path, localText('paramWant_listLength', String(opts.min ?? 0), String(opts.max)));
    return v.map((x, i) => item(x, `${path}[${i}]`));
  };
}

export function optional<T>(inner: Validator<T>): Validator<T | undefined> {
  return (v, path) => (v === undefined ? undefined : inner(v, path));
}

/** A string-keyed map whose keys must pass `key` and values `value`. */
export function record<K extends string, T>(key: Validator<K>, value: Validator<T>, max = 64): Validator<Record<K, T>> {
  return (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, localText('paramWant_object'));
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length > max) fail(path, localText('paramWant_entries', String(max)));
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
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, localText('paramWant_object'));
    const input = v as Record<string, unknown>;
    for (const k of Object.keys(input)) {
      if (!Object.hasOwn(shape, k)) fail(path ? `${path}.${k}` : k, localText('paramWant_noField'));
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
