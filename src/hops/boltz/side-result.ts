/** What one side's action (fund, claim, refund) of a Boltz swap returns to its mechanism. */
import type { LocalText } from '../../shared/local-text';
import type { HopRecord } from '../types';

export interface SideResult {
  record: HopRecord;
  txid?: string;
  link?: string;
  /** Claims: which rule applies (see claimGate), for the claim step. */
  note?: LocalText;
  /** Claims: why the wallet will not claim while this holds, for the hop's lastError. */
  refused?: LocalText;
  /** Claims: our claim (`txid`) is in a block. Until then the hop stays open: it could still be displaced. */
  confirmed?: boolean;
  /** Claims: Boltz's lockup was spent by this transaction, which is not our claim (Boltz took it back). */
  takenBack?: string;
}

export interface RefundOutcome extends SideResult {
  /** Not yet possible: Boltz declined and the timeout has not passed. */
  waitUntilHeight?: number;
}
