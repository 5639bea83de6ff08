/**
 * `npm test`: build, type-check, unit, integration and browser tests (the unit files in two
 * halves), in two lanes that run side by side, since the browser tests need only the build
 * and the others nothing of it: build then e2e, and the unit tests' first half then
 * integration; the unit tests' second half and the type-check go to whichever lane is done first.
 * A failed build stops its lane; a failed test step does not stop the steps after it.
 * The e2e lane streams its output; the other lane's output is printed as each of its
 * steps ends, so none interleave. Prints each step's wall time at the end, each test step's slowest files
 * (from Vitest's JSON report in .tmp/) and, under a failed step, what failed (CI keeps only the tail),
 * and exits non-zero if any step failed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const VITEST = join(ROOT, 'node_modules/.bin/vitest');
const REPORTS = join(ROOT, '.tmp');
/** A step's JSON report ("unit 1/2" -> npm-test-unit-1-2.json). */
const report = (step: string) => join(REPORTS, `npm-test-${step.replace(/\W+/g, '-')}.json`);
const SLOWEST = 5;

interface Step {
  name: string;
  command: string[];
  /** Its output written through as it comes (the browser tests, the long step CI watches). */
  stream?: boolean;
}

/** A Vitest step: its project, with the usual output and a JSON report under the step's name to read the files' times from. */
const vitestStep = (name: string, project: string, ...args: string[]): Step => ({
  name,
  command: [VITEST, 'run', '--project', project, ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report(name)}`],
});
// Two lanes, not three: on a 2-core machine whose browsers already want 1.6 cores, integration
// beside unit and e2e kept a load of 10-12 (CPU pressure 82-92 %), and its one-thread files then
// missed their 10 s quote bound and a 5 s receipt wait; unit beside both at nice 10 starved into its
// 30 s test timeouts; unit after e2e instead, in whichever lane ended first, took as long in all
// (725.8 s against 738.3 s, within one run's spread). The suite is CPU-bound either way.
const LANES: Step[][] = [
  [
    { name: 'build', command: ['npm', 'run', 'build'] },
    { ...vitestStep('e2e', 'e2e'), stream: true },
  ],
  [
    vitestStep('unit 1/2', 'unit', '--shard=1/2'),
    vitestStep('integration', 'integration', '--passWithNoTests'),
  ],
];
// Half the unit files and the type-check wait for whichever lane ends first (in practice e2e's). With
// them all before integration, integration ran its last 84 s alone on 1.2 of the 2 cores (CI87: its
// short files wait on their devnets' blocks and sockets), 82 s after e2e had ended; they now fill those cores.
const EITHER_LANE: Step[] = [
  vitestStep('unit 2/2', 'unit', '--shard=2/2'),
  { name: 'typecheck', command: ['npm', 'run', 'typecheck'] },
];
const ORDER = ['build', 'typecheck', 'unit 1/2', 'unit 2/2', 'integration', 'e2e'];

/** How a step ended: its exit code (128 when a signal ended it), the signal if one did, its output, and its stdout alone. */
interface Ended {
  status: number;
  signal: NodeJS.Signals | null;
  output: string;
  /** Vitest's file lines are read from this: a stderr chunk landing inside a line would hide it. */
  stdout: string;
}

/** Runs a step; its output is kept (for the failure summary), and written through as it comes when streamed. */
function run(command: string[], stream: boolean): Promise<Ended> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    const outs: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => (chunks.push(c), outs.push(c), stream && process.stdout.write(c)));
    child.stderr.on('data', (c: Buffer) => (chunks.push(c), stream && process.stderr.write(c)));
    child.once('error', (err) => resolve({ status: 127, signal: null, output: String(err), stdout: '' }));
    child.once('close', (code, signal) =>
      resolve({ status: code ?? (signal ? 128 : 1), signal, output: Buffer.concat(chunks).toString(), stdout: Buffer.concat(outs).toString() }),
    );
  });
}

/** What this script reads of Vitest's JSON report. */
interface Report {
  numFailedTests: number;
  numFailedTestSuites: number;
  testResults: {
    name: string;
    status: string;
    message?: string;
    startTime: number;
    endTime: number;
    assertionResults: { status: string; fullName: string; failureMessages?: string[] }[];
  }[];
}

/** A step's JSON report, or undefined when it wrote none (not a Vitest step, or it never got that far). */
function readReport(step: string): Report | undefined {
  try {
    return existsSync(report(step)) ? (JSON.parse(readFileSync(report(step), 'utf8')) as Report) : undefined;
  } catch {
    return undefined; // cut short mid-write
  }
}

/** The slowest files of a step's JSON report, as "  12.3 s  tests/…" lines (none when it wrote no report). */
function slowestFiles(step: string): string[] {
  return (readReport(step)?.testResults ?? [])
    .map((f) => ({ file: relative(ROOT, f.name), ms: f.endTime - f.startTime }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, SLOWEST)
    .map((f) => `      ${seconds(f.ms)}  ${f.file}`);
}

/**
 * The files a failed Vitest step left unfinished when no test in it failed: those whose tests
 * are still pending in its JSON report (the worker running them exited). Empty when any test
 * failed or there is no report, so a real failure is never run again.
 */
function cutShort(step: string): string[] {
  const found = readReport(step);
  if (!found) return [];
  const { numFailedTests, numFailedTestSuites, testResults } = found;
  if (numFailedTests > 0 || numFailedTestSuites > 0 || testResults.some((f) => f.status === 'failed' || f.assertionResults.some((a) => a.status === 'failed'))) return [];
  return testResults.filter((f) => f.assertionResults.some((a) => a.status === 'pending')).map((f) => relative(ROOT, f.name));
}

/** A step's output as lines, without the terminal's colour codes. */
// eslint-disable-next-line no-control-regex
const plainLines = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '').split('\n');

/**
 * Vitest's default reporter prints one line per file as it ends, its project as " unit " in colour
 * or "|unit|" without: ✓ all passed, ↓ skipped, □ todo; anything else (❯) some test failed.
 */
const FILE_LINE = /^\s*(\S)\s+\|?(?:unit|integration|e2e)\|?\s+(tests\/\S+\.test\.ts)\b/;
const ENDED_WELL = new Set(['✓', '↓', '□']);

/**
 * Whether a Vitest step's stdout named any file as failed. A killed Vitest writes no JSON report and
 * prints no summary (seen once on CI: unit ended by a signal at 62 s, no message).
 */
function namedAFailure(stdout: string): boolean {
  const ends = plainLines(stdout).map((l) => FILE_LINE.exec(l)).filter((m) => m !== null);
  return ends.some((m) => !ENDED_WELL.has(m[1]!));
}

/**
 * What made a failed step fail, for the end of the output (CI shows only its tail): each failed
 * test with the first lines of its error from the JSON report, and any line of the step's output
 * that names an error Vitest counts outside tests (unhandled errors, a worker that exited).
 */
function failures(step: string, output: string): string[] {
  const plain = plainLines(output);
  const found = readReport(step);
  // Not a Vitest step (build, typecheck), or one that wrote no report: its last lines.
  if (!found) return plain.filter((l) => l.trim()).slice(-20).map((l) => `      ${l}`);
  const lines: string[] = [];
  for (const file of found.testResults) {
    if (file.message) lines.push(`      ${relative(ROOT, file.name)}: ${file.message.split('\n').slice(0, 4).join(' | ')}`);
    for (const t of file.assertionResults.filter((a) => a.status === 'failed')) {
      lines.push(`      ${relative(ROOT, file.name)} > ${t.fullName}`);
      for (const l of (t.failureMessages?.[0] ?? '').split('\n').slice(0, 6)) lines.push(`          ${l}`);
    }
  }
  plain.forEach((l, i) => {
    if (/Unhandled (Errors?|Rejection)|Worker exited|\[e2e worker \d+\]|Error: \[vitest|^\w+ was ended by SIG/.test(l)) lines.push(...plain.slice(i, i + 4).map((x) => `      ${x}`));
    // A timeout's report entry holds only Vitest's placeholder stack ("STACK_TRACE_ERROR"); its words are in the output.
    else if (/Test timed out in \d+ms/.test(l)) lines.push(`      ${l.trim()}`);
  });
  return lines.slice(0, 80);
}

mkdirSync(REPORTS, { recursive: true });
for (const step of ORDER) rmSync(report(step), { force: true });
const results = new Map<string, { ms: number; status: number; signal: NodeJS.Signals | null; output: string; again?: string }>();
const start = Date.now();
/** Runs one step (once more after a dead test worker or a signal, see below), and records how it ended. */
async function runStep(step: Step): Promise<number> {
  const stream = step.stream ?? false;
  const began = Date.now();
  let { status, signal, output, stdout } = await run(step.command, stream);
  let again: string | undefined;
  const isVitest = step.command[0] === VITEST;
  // Once more: after a signal that came before any failure was named, the whole step, since a
  // failure in a file still running, or an unhandled error Vitest names only in its summary, is
  // not known; after a test worker died with no test failed (seen with Firefox files, no output),
  // the files it left unfinished. The rerun writes the JSON report anew, so a failure in it is named at the end.
  const failedRun = status !== 0 && isVitest;
  const cut = failedRun && !signal ? cutShort(step.name) : [];
  if (failedRun && ((signal && !namedAFailure(stdout)) || cut.length)) {
    const why = signal
      ? `Vitest was ended by ${signal} before it named any failure; running the whole step once more`
      : `a test worker exited and no test failed; running the ${cut.length} file(s) left unfinished once more: ${cut.join(' ')}`;
    again = `${step.name}: ${why}`;
    if (stream) console.log(`\n${again}`);
    // The files named alone: a shard of them could be none of them.
    const rerun = await run([...step.command.filter((a) => !cut.length || (a !== '--passWithNoTests' && !a.startsWith('--shard='))), ...cut], stream);
    ({ status, signal } = rerun);
    output = `${output}\n${again}\n${rerun.output}`;
  }
  if (signal) output += `\n${step.name} was ended by ${signal}`;
  results.set(step.name, { ms: Date.now() - began, status, signal, output, again });
  if (!stream) process.stdout.write(`\n── ${step.name} (${step.command.join(' ')}) ──\n${output}`);
  return status;
}

await Promise.all(
  LANES.map(async (steps) => {
    for (const step of steps) {
      // Only the build is needed by what follows it (e2e loads dist/); a failed test step lets its lane go on.
      if ((await runStep(step)) !== 0 && step.name === 'build') return;
    }
    for (let step = EITHER_LANE.shift(); step; step = EITHER_LANE.shift()) await runStep(step);
  }),
);

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`.padStart(8);
console.log('\nnpm test, wall time per step (build+e2e, and unit 1/2+integration, run side by side; unit 2/2 and typecheck after the first to end):');
for (const name of ORDER) {
  const r = results.get(name);
  console.log(`  ${name.padEnd(12)} ${r ? seconds(r.ms) : '       -'}${!r ? '  not run' : r.status === 0 ? '' : `  FAILED (${r.signal ? `ended by ${r.signal}` : `exit ${r.status}`})`}`);
  if (r?.again) console.log(`    ${r.again.length > 300 ? `${r.again.slice(0, 300)}…` : r.again}`);
  for (const line of slowestFiles(name)) console.log(line);
  if (r && r.status !== 0) for (const line of ['    what failed:', ...failures(name, r.output)]) console.log(line);
}
console.log(`  ${'total'.padEnd(12)} ${seconds(Date.now() - start)}`);
process.exit([...results.values()].some((r) => r.status !== 0) || results.size < ORDER.length ? 1 : 0);
