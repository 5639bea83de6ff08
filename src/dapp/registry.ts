/** Every provider family the background answers; one line per family (src/dapp/<family>/handler.ts). */
import type { DappFamily } from '../shared/dapp/protocol';
import type { FamilyHandler } from './family';
import { WEBLN_HANDLER } from './webln/handler';

export const FAMILY_HANDLERS: Partial<Record<DappFamily, FamilyHandler>> = {
  webln: WEBLN_HANDLER as FamilyHandler,
};
