/** What a hop is doing now: its active step, else the first still waiting (none once every step is settled). */
import type { HopRecordView, HopStep } from '../../../shared/hop-views';

export function currentStep(hop: Pick<HopRecordView, 'steps'>): HopStep | undefined {
  return hop.steps.find((s) => s.status === 'active') ?? hop.steps.find((s) => s.status === 'waiting');
}
