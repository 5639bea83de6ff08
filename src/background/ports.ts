/**
 * The few browser capabilities the background logic needs, as narrow interfaces, so
 * the logic runs unchanged in the real worker and under unit tests.
 */
import type { KeyValueArea } from '../shared/storage';

export type { KeyValueArea };

export interface AlarmPort {
  /** Fire the named alarm once at `when` (ms since epoch), replacing any earlier one. */
  schedule(name: string, when: number): Promise<void>;
  clear(name: string): Promise<void>;
}

export interface BackgroundPorts {
  /** Persistent, on disk: never a plaintext secret. */
  local: KeyValueArea;
  /** In memory, trusted extension contexts only, cleared when the browser closes. */
  session: KeyValueArea;
  alarms: AlarmPort;
  now: () => number;
}
