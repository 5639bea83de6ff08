/** Every provider family the background answers; one line per family (src/dapp/<family>/handler.ts). */
import type { DappFamily } from '../shared/dapp/protocol';
import type { FamilyHandler } from './family';
import { STACKS_HANDLER } from './stacks/handler';

export const FAMILY_HANDLERS: Partial<Record<DappFamily, FamilyHandler>> = {
  stacks: STACKS_HANDLER as FamilyHandler,
};
