import type { AlarmPort, BackgroundPorts, KeyValueArea } from '../../src/background/ports';

/** A storage area that, like the browser's, hands out copies (JSON round trip). */
export class MemoryArea implements KeyValueArea {
  readonly data = new Map<string, string>();
  async get(keys: string[]) {
    const out: Record<string, unknown> = {};
    for (const k of keys) if (this.data.has(k)) out[k] = JSON.parse(this.data.get(k)!);
    return out;
  }
  async set(items: Record<string, unknown>) {
    for (const [k, v] of Object.entries(items)) this.data.set(k, JSON.stringify(v));
  }
  async remove(keys: string[]) {
    for (const k of keys) this.data.delete(k);
  }
  dump(): string {
    return [...this.data.values()].join('\n');
  }
}

export class MemoryAlarms implements AlarmPort {
  readonly alarms = new Map<string, number>();
  async schedule(name: string, when: number) {
    this.alarms.set(name, when);
  }
  async clear(name: string) {
    this.alarms.delete(name);
  }
}

export function memoryPorts(start = 1_700_000_000_000): BackgroundPorts & {
  local: MemoryArea;
  session: MemoryArea;
  alarms: MemoryAlarms;
  clock: { now: number };
} {
  const clock = { now: start };
  return { local: new MemoryArea(), session: new MemoryArea(), alarms: new MemoryAlarms(), now: () => clock.now, clock };
}
