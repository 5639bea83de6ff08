// When an e2e worker dies mid-file, Vitest reports only "Worker exited unexpectedly" and drops the
// exit code (seen nine times, always in a Firefox dApp file, code 1: secp256k1-zkp's glue exiting on a
// stray rejection, found by the stack below). Vitest already reports a process.exit call; this writes on stderr any other
// exit while a file runs, with its code, its caller and the file. No line at all means a signal (or a crash) ended the worker.
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
  return w;
}

const witness = (g.__e2eExitWitness ??= install());
beforeAll(({}, suite) => {
  witness.file = (suite as { file?: { filepath?: string } }).file?.filepath ?? suite.name;
});
afterAll(() => {
  witness.file = undefined;
});
