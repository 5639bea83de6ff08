// When an e2e worker dies mid-file, Vitest reports only "Worker exited unexpectedly" and drops the
// exit code (seen nine times, always in a Firefox dApp file, code 1: secp256k1-zkp's glue exiting on a
// stray rejection, found by the stack below). Vitest already reports a process.exit call; this writes on stderr any other
// exit while a file runs, with its code and the file, and the IPC error or disconnect that preceded
// it. No line at all means a signal (or a crash) ended the worker.
import { writeSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';

interface Witness {
  file?: string;
}
const g = globalThis as { __e2eExitWitness?: Witness };

function install(): Witness {
  const w: Witness = {};
  const say = (what: string) => writeSync(2, `\n[e2e worker ${process.pid}] ${what}${w.file ? ` while ${w.file} was running` : ''}\n`);
  process.on('exit', (code) => {
    // 'exit' is emitted inside process.exit(), so the stack names whoever called it.
    if (w.file) say(`exiting with code ${code}, from ${new Error().stack?.split('\n').slice(2, 9).map((l) => l.trim()).join(' <- ')}`);
  });
  // puppeteer's BiDi client, evaluating in a Firefox approval window that has just closed, raises a
  // "no such frame" error no caller awaits (seen as an unhandled rejection and as an uncaught exception).
  // That used to reach secp256k1-zkp's glue, which exited the worker (tests/devnet/no-glue-exit.ts).
  // It is written out with its stack and the worker goes on, as before, without being killed; with
  // these listeners Vitest does not count it as an error (its own counts only when it listens alone).
  const stray = (kind: string) => (reason: unknown) => say(`${kind}: ${reason instanceof Error ? reason.stack : String(reason)}`);
  process.on('unhandledRejection', stray('unhandled rejection'));
  process.on('uncaughtException', stray('uncaught exception'));
  // Vitest's worker exits 1 on an IPC channel error: say which, and when the channel closed.
  process.on('error', (err: NodeJS.ErrnoException) => say(`IPC error ${err.code ?? ''}: ${err.message}`));
  process.on('disconnect', () => w.file && say('IPC channel to Vitest closed'));
  // A disconnect this process asks for itself names its caller.
  const disconnect = process.disconnect?.bind(process);
  if (disconnect) process.disconnect = () => (say(`process.disconnect() called ${new Error().stack?.split('\n').slice(2, 6).join(' <- ')}`), disconnect());
  return w;
}

const witness = (g.__e2eExitWitness ??= install());
beforeAll(({}, suite) => {
  witness.file = (suite as { file?: { filepath?: string } }).file?.filepath ?? suite.name;
});
afterAll(() => {
  witness.file = undefined;
});
