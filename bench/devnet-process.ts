/** Starts bench/devnet-child.ts for one devnet; its Esplora URL (faucet and mine are HTTP routes beside it). */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DevnetProcess {
  /** Esplora base URL, ending in /api. */
  url: string;
  post(path: string, body: object): Promise<unknown>;
  /** CPU time the devnet's process has used so far (Linux /proc), ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

export function startDevnetProcess(kind: 'bitcoin' | 'liquid'): Promise<DevnetProcess> {
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
      const { url } = JSON.parse(line.slice(6)) as { url: string };
      resolve({
        url,
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
