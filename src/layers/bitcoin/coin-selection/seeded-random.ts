/**
 * A repeatable stand-in for Math.random in coin selection: planning again from the
 * same coins and request picks the same coins, so what is signed is what was
 * reviewed. The seed holds the wallet's own outpoints, so outsiders cannot
 * predict the draw any better than a random one.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

export function seededRandom(seed: string): () => number {
  let state = sha256(utf8ToBytes(seed));
  let at = 0;
  return () => {
    if (at === state.length) [state, at] = [sha256(state), 0];
    return state[at++]! / 256;
  };
}
