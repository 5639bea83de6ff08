/** Every provider family the background answers; one line per family (src/dapp/<family>/handler.ts). */
import type { DappFamily } from '../shared/dapp/protocol';
import type { FamilyHandler } from './family';
import { ROOTSTOCK_HANDLER } from './rootstock/handler';

export const FAMILY_HANDLERS: Partial<Record<DappFamily, FamilyHandler>> = {
  rootstock: ROOTSTOCK_HANDLER as unknown as FamilyHandler,
};
