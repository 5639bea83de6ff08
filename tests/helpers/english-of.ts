import { englishText } from '../../src/shared/english';
import type { LocalText } from '../../src/shared/local-text';

/** A stored sentence (a hop's lastError, a reason) as the English popup shows it, keyed or not. */
export function englishOf(x: string | LocalText | undefined): string | undefined {
  return x === undefined || typeof x === 'string' ? x : englishText(x);
}
