/** Starts bench/devnet-child.ts for one devnet; its URL (an Esplora's with faucet and mine beside it, Stacks' API, Lightning's relay). */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DevnetProcess {
  /** Esplora base URL ending in /api; Stacks' API; Lightning's relay. */
  url: string;
  /** Whatever else the child printed (Lightning's NWC connection string as `nwcUri`). */
  info: Record<string, string>;
  post(path: string, body: object): Promise<unknown>;
  /** CPU time the devnet's process has used so far (Linux /proc), ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

export function startDevnetProcess(kind: 'bitcoin' | 'liquid' | 'stacks' | 'lightning'): Promise<DevnetProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'devnet-child.ts'), kind], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`${kind} devnet exited (${code})`)));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('READY '));
      if (!line) return;
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      const info = JSON.parse(line.slice(6)) as Record<string, string> & { url: string };
      const { url } = info;
      resolve({
        url,
        info,
        async post(path, body) {
          const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
          if (!res.ok) throw new Error(`${kind} ${path}: ${res.status} ${await res.text()}`);
          return res.json();
        },
        cpuMs: () => processCpuMs(child.pid!),
        stop: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/**
 * CPU time a process's threads have run so far, ms (Linux schedstat, in ns: /proc/<pid>/stat's
 * utime and stime come in 10 ms ticks, too coarse for one refresh). A thread that has
 * exited no longer counts; 0 once the process is gone.
 */
export function processCpuMs(pid: number): number {
  let ns = 0;
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return 0;
  }
  for (const tid of tasks) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // exited meanwhile
    }
  }
  return ns / 1e6;
}
