import type { RouteView } from '../../../shared/hop-views';
import { ChainedRouteCard } from './ChainedRouteCard';
import { isChainedRoute } from './chain-route';
import { RouteCard } from './RouteCard';

/** The card for any route the planner gives: a chained one with its legs, a direct one as before. */
export function RouteChoice({ route, busy, onChoose }: { route: RouteView & { quoteId: string }; busy: boolean; onChoose: () => void }) {
  return isChainedRoute(route) ? <ChainedRouteCard route={route} busy={busy} onChoose={onChoose} /> : <RouteCard route={route} busy={busy} onChoose={onChoose} />;
}
