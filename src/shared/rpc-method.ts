import type { Validator } from './schema';

export interface MethodSpec<P, R> {
  params: Validator<P>;
  /** Phantom: carries the result type to the client. */
  result?: R;
  /** The layer whose method this is (set by defineLayer); absent for the wallet's and hops' own. */
  owner?: string;
}

/** `method<Result>()(paramsValidator)`: declares one protocol method. */
export function method<R>() {
  return <P>(params: Validator<P>): MethodSpec<P, R> => ({ params });
}
