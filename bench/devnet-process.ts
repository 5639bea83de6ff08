/** Starts bench/devnet-child.ts for one devnet; its URL (an Esplora's with faucet and mine beside it, Stacks' API, Lightning's relay). */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
        cpuMs() {
          // utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux).
          const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
          return (Number(fields[11]) + Number(fields[12])) * 10;
        },
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
