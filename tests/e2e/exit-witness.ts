// When an e2e worker dies mid-file, Vitest reports only "Worker exited unexpectedly" and drops the
// exit code (seen four times, always in a Firefox dApp file, cause unknown). Vitest already reports a
// process.exit call; this writes on stderr any other exit while a file runs, with its code and the
// file. No line at all means a signal (or a crash) ended the worker.
import { writeSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';

interface Witness {
  file?: string;
}
const g = globalThis as { __e2eExitWitness?: Witness };

function install(): Witness {
  const w: Witness = {};
  process.on('exit', (code) => {
    if (w.file) writeSync(2, `\n[e2e worker ${process.pid}] exiting with code ${code} while ${w.file} was running\n`);
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
