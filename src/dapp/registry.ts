/** Every provider family the background answers; one line per family (src/dapp/<family>/handler.ts). */
import type { DappFamily, FAMILY_LAYER } from '../shared/dapp/protocol';
import { BITCOIN_FAMILY } from './bitcoin/handler';
import type { FamilyHandler } from './family';
import { ROOTSTOCK_HANDLER } from './rootstock/handler';
import { STACKS_HANDLER } from './stacks/handler';
import { WEBLN_HANDLER } from './webln/handler';

/** Each family's handler is typed on its own layer (FAMILY_LAYER). */
const HANDLERS: { [F in DappFamily]?: FamilyHandler<(typeof FAMILY_LAYER)[F]> } = {
  bitcoin: BITCOIN_FAMILY,
  webln: WEBLN_HANDLER,
  rootstock: ROOTSTOCK_HANDLER,
  stacks: STACKS_HANDLER,
};

/** As the router sees them: each is called with a context of its own layer (FAMILY_LAYER), so the widening is safe. */
export const FAMILY_HANDLERS = HANDLERS as Partial<Record<DappFamily, FamilyHandler>>;
