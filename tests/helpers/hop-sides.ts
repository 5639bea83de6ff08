/** HopContext.side over the given real layer services, through the same adapters the background uses. */
import type { HopContext } from '../../src/hops/mechanism';
import type { BitcoinService } from '../../src/layers/bitcoin/service';
import { bitcoinHopSide } from '../../src/layers/bitcoin/hop-side';
import type { HopSide } from '../../src/layers/registry';
import type { LightningFunding } from '../../src/layers/lightning/funding';
import { lightningHopSide } from '../../src/layers/lightning/hop-side';
import type { LiquidService } from '../../src/layers/liquid/service';
import { liquidHopSide } from '../../src/layers/liquid/hop-side';
import type { RootstockService } from '../../src/layers/rootstock/service';
import { rootstockHopSide } from '../../src/layers/rootstock/hop-side';
import type { StacksService } from '../../src/layers/stacks/service';
import { stacksHopSide } from '../../src/layers/stacks/hop-side';
import type { LayerId } from '../../src/shared/layers';

export interface SideServices {
  bitcoin?: BitcoinService;
  liquid?: LiquidService;
  rootstock?: RootstockService;
  stacks?: StacksService;
  lightning?: LightningFunding | null;
}

export function hopSides(services: SideServices): HopContext['side'] {
  const need = <T>(l: LayerId, s: T | undefined): T => {
    if (s === undefined) throw new Error(`no ${l} service in this test wallet`);
    return s;
  };
  const sides: { [L in LayerId]: () => HopSide<L> } = {
    bitcoin: () => bitcoinHopSide(need('bitcoin', services.bitcoin)),
    liquid: () => liquidHopSide(need('liquid', services.liquid)),
    rootstock: () => rootstockHopSide(need('rootstock', services.rootstock)),
    stacks: () => stacksHopSide(need('stacks', services.stacks)),
    lightning: () => lightningHopSide(services.lightning ?? null),
  };
  return async <L extends LayerId>(l: L) => sides[l]();
}
