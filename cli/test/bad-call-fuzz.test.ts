/**
 * 10,000 seeded bad calls at every public operation of every available backend, through
 * the framework pinned to it and directly on its providers (test/fuzz/): each call must
 * throw a KnhkError of a catalogued code (or, where the call is in fact valid, return the
 * cpu reference's result). The run is a child process, so that a crash of a backend fails
 * the test instead of ending it, and a watchdog fails it when one call takes more than
 * CALL_LIMIT_MS or the whole run more than RUN_LIMIT_MS.
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { FuzzMessage, FuzzReport } from './fuzz/fuzz-run.js';

const CALLS = 10_000;
const SEED = Number(process.env.KNHK_FUZZ_SEED ?? 13);
const CALL_LIMIT_MS = 20_000;
const RUN_LIMIT_MS = 240_000;
const RUNNER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fuzz', 'fuzz-run.js');

/** Runs the fuzz in a child process; rejects on a crash, a hang or a run past the limit. */
function runFuzz(calls: number, seed: number): Promise<FuzzReport> {
  return new Promise((resolve, reject) => {
    const child = fork(RUNNER, [String(calls), String(seed)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let last = 'start-up';
    let report: FuzzReport | undefined;
    let watchdog: NodeJS.Timeout | undefined;
    const fail = (why: string): void => {
      clearTimeout(watchdog);
      clearTimeout(whole);
      child.kill('SIGKILL');
      reject(new Error(why));
    };
    const arm = (): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => fail(`hang: no progress for ${CALL_LIMIT_MS} ms in ${last}`), CALL_LIMIT_MS);
    };
    const whole = setTimeout(() => fail(`the run took more than ${RUN_LIMIT_MS} ms (at ${last})`), RUN_LIMIT_MS);
    arm();
    child.on('message', (message: FuzzMessage) => {
      if (message.type === 'start') {
        last = `call ${message.index}, ${message.where}`;
        arm();
      } else report = message.report;
    });
    // 'close' comes after the IPC channel closed, so after every message the child sent.
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      clearTimeout(whole);
      if (report !== undefined && code === 0) resolve(report);
      else reject(new Error(`the fuzz process ended with ${signal ?? `exit code ${code}`} during ${last}`));
    });
  });
}

function summary(report: FuzzReport): string {
  const lines = [
    `bad-call fuzz: ${report.calls} calls in ${report.seconds.toFixed(1)} s on ${report.backends.join(', ')}` +
      (report.unavailable.length > 0 ? ` (unavailable: ${report.unavailable.join('; ')})` : ''),
  ];
  for (const [target, perOp] of Object.entries(report.perTarget)) {
    const total = Object.values(perOp).reduce((a, b) => a + b, 0);
    const ops = Object.entries(perOp)
      .map(([op, n]) => `${op} ${n}`)
      .join(', ');
    lines.push(`  ${target}: ${total} calls (${ops})`);
  }
  lines.push(
    `  outcomes: ${Object.entries(report.outcomes)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  lines.push(
    `  codes: ${Object.entries(report.codes)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  lines.push(`  failures: ${report.failures.length}`);
  return lines.join('\n');
}

describe('bad-call fuzz', function () {
  this.timeout(RUN_LIMIT_MS + 10_000);

  it(`${CALLS} seeded bad calls on every available backend: only catalogued KnhkErrors, no crash, no hang`, async () => {
    const report = await runFuzz(CALLS, SEED);
    console.log(summary(report));
    // KNHK_FUZZ_REPORT=<file> keeps the whole report (every failure) as JSON.
    if (process.env.KNHK_FUZZ_REPORT) writeFileSync(process.env.KNHK_FUZZ_REPORT, JSON.stringify(report, null, 2));
    expect(report.calls).to.equal(CALLS);
    expect(report.backends).to.include('cpu');
    for (const backend of report.backends) {
      expect(Object.keys(report.perTarget)).to.include.members([`${backend}/framework`, `${backend}/direct`]);
    }
    const shown = report.failures.slice(0, 40).join('\n');
    expect(report.failures, `${report.failures.length} failures, the first:\n${shown}`).to.deep.equal([]);
  });
});
