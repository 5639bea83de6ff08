import type { Validator } from './schema';

export interface MethodSpec<P, R> {
  params: Validator<P>;
  /** Phantom: carries the result type to the client. */
  result?: R;
}

/** `method<Result>()(paramsValidator)`: declares one protocol method. */
export function method<R>() {
  return <P>(params: Validator<P>): MethodSpec<P, R> => ({ params });
}
