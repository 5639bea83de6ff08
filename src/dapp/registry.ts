/** Every provider family the background answers; one line per family (src/dapp/<family>/handler.ts). */
import type { DappFamily } from '../shared/dapp/protocol';
import type { FamilyHandler } from './family';
import { BITCOIN_FAMILY } from './bitcoin/handler';

export const FAMILY_HANDLERS: Partial<Record<DappFamily, FamilyHandler>> = {
  bitcoin: BITCOIN_FAMILY as unknown as FamilyHandler, // typed on its own layer; the router gives it that layer's context
};
