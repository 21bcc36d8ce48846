/**
 * The NIST compliance checker: every ACVP vector set in a directory, then the self-tests.
 * `ok` is true only when nothing failed (skips are listed with their reasons, and do not fail).
 */
import { ML_DSA_PARAMS, ML_KEM_PARAMS } from '../params.js';
import { ACVP_CHECKERS, type Outcome, describeGroup } from './acvp.js';
import { runSelfTests, type SelfTestReport } from './self-tests.js';
import { type VectorSet, expectedFor, findVectorSets, loadVectorSet, unmatchedExpected } from './vectors.js';

export type { SelfCheck, SelfTestReport } from './self-tests.js';

/** Counts of test cases. `run` = `passed` + `failed`; skipped tests were not run. */
export interface TestCounts {
  readonly run: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/** A test that failed or was skipped, and why. */
export interface TestNote {
  readonly tgId?: number;
  readonly tcId?: number;
  readonly reason: string;
}

/** One test group: a parameter set with one interface. */
export interface GroupReport extends TestCounts {
  readonly tgId: number;
  readonly parameterSet: string;
  readonly description: string;
}

/** One ACVP vector set. */
export interface VectorSetReport extends TestCounts {
  readonly name: string;
  readonly dir: string;
  readonly algorithm: string;
  readonly mode: string;
  readonly revision: string;
  readonly groups: readonly GroupReport[];
  readonly failures: readonly TestNote[];
  readonly skips: readonly TestNote[];
}

/** Every vector set's tests of one parameter set, added up, with its NIST security category. */
export interface ParameterSetReport extends TestCounts {
  readonly parameterSet: string;
  /** NIST security category 1-5 (FIPS 203 / FIPS 204), or null for a parameter set knhk does not know. */
  readonly category: number | null;
  /** The vector sets (modes) that tested it. */
  readonly modes: readonly string[];
}

/** The whole audit. */
export interface AuditReport extends TestCounts {
  readonly ok: boolean;
  readonly vectorsDir: string;
  readonly sets: readonly VectorSetReport[];
  readonly parameterSets: readonly ParameterSetReport[];
  readonly selfTests: readonly SelfTestReport[];
}

/** Options of {@link runFullAudit}. */
export interface AuditOptions {
  /** A directory of ACVP vector sets (folders with prompt + expectedResults), or one such folder. */
  readonly vectorsDir: string;
  /** Run the self-tests (sizes, pairwise consistency, rejection). Default true. */
  readonly selfTests?: boolean;
}

class Tally {
  run = 0;
  passed = 0;
  failed = 0;
  skipped = 0;

  add(outcome: Outcome): void {
    if (outcome.status === 'skipped') {
      this.skipped++;
      return;
    }
    this.run++;
    if (outcome.status === 'passed') this.passed++;
    else this.failed++;
  }

  counts(): TestCounts {
    return { run: this.run, passed: this.passed, failed: this.failed, skipped: this.skipped };
  }
}

/** Runs the checker of a vector set over each of its tests. */
export function auditVectorSet(set: VectorSet): VectorSetReport {
  const { algorithm, mode } = set.prompt;
  const checker = ACVP_CHECKERS[`${algorithm}/${mode}`];
  const total = new Tally();
  const failures: TestNote[] = [];
  const skips: TestNote[] = [];
  const groups: GroupReport[] = [];
  for (const group of set.prompt.testGroups) {
    const tally = new Tally();
    const check = checker === undefined ? `no checker for ${algorithm} ${mode}` : checker(group);
    for (const test of group.tests) {
      const expected = expectedFor(set, group, test);
      let outcome: Outcome;
      if (typeof check === 'string') outcome = { status: 'skipped', reason: check };
      else if (expected === undefined)
        outcome = { status: 'skipped', reason: 'no expected result with this tgId/tcId' };
      else outcome = check(test, expected);
      tally.add(outcome);
      total.add(outcome);
      if (outcome.status === 'failed') failures.push({ tgId: group.tgId, tcId: test.tcId, reason: outcome.reason });
      if (outcome.status === 'skipped') skips.push({ tgId: group.tgId, tcId: test.tcId, reason: outcome.reason });
    }
    const parameterSet = String(group.parameterSet ?? '');
    groups.push({ tgId: group.tgId, parameterSet, description: describeGroup(group), ...tally.counts() });
  }
  for (const orphan of unmatchedExpected(set)) {
    total.add({ status: 'skipped', reason: '' });
    skips.push({ reason: `expected result ${orphan} (tgId/tcId) has no prompt test` });
  }
  return {
    name: set.name,
    dir: set.dir,
    algorithm,
    mode,
    revision: String(set.prompt.revision ?? ''),
    ...total.counts(),
    groups,
    failures,
    skips,
  };
}

function sum(reports: readonly TestCounts[]): TestCounts {
  return reports.reduce(
    (a, r) => ({
      run: a.run + r.run,
      passed: a.passed + r.passed,
      failed: a.failed + r.failed,
      skipped: a.skipped + r.skipped,
    }),
    { run: 0, passed: 0, failed: 0, skipped: 0 },
  );
}

function categoryOf(parameterSet: string): number | null {
  if (Object.hasOwn(ML_KEM_PARAMS, parameterSet))
    return ML_KEM_PARAMS[parameterSet as keyof typeof ML_KEM_PARAMS].category;
  if (Object.hasOwn(ML_DSA_PARAMS, parameterSet))
    return ML_DSA_PARAMS[parameterSet as keyof typeof ML_DSA_PARAMS].category;
  return null;
}

/** The groups of every set added up per parameter set, in order of first appearance. */
function byParameterSet(sets: readonly VectorSetReport[]): ParameterSetReport[] {
  const found = new Map<string, { counts: TestCounts; modes: Set<string> }>();
  for (const set of sets) {
    for (const g of set.groups) {
      const entry = found.get(g.parameterSet) ?? {
        counts: { run: 0, passed: 0, failed: 0, skipped: 0 },
        modes: new Set(),
      };
      entry.counts = sum([entry.counts, g]);
      entry.modes.add(`${set.algorithm} ${set.mode}`);
      found.set(g.parameterSet, entry);
    }
  }
  return [...found].map(([parameterSet, { counts, modes }]) => ({
    parameterSet,
    category: categoryOf(parameterSet),
    modes: [...modes],
    ...counts,
  }));
}

/**
 * Audits the ACVP vector sets under `vectorsDir` and runs the self-tests. Throws
 * `KNHK_E_CRYPTO_VECTORS_INVALID` when the directory holds no readable vector set.
 */
export function runFullAudit(options: AuditOptions): AuditReport {
  const sets = findVectorSets(options.vectorsDir).map((dir) => auditVectorSet(loadVectorSet(dir)));
  const selfTests = options.selfTests === false ? [] : runSelfTests();
  const totals = sum(sets);
  const ok = totals.failed === 0 && selfTests.every((s) => s.ok);
  return { ok, vectorsDir: options.vectorsDir, ...totals, sets, parameterSets: byParameterSet(sets), selfTests };
}

/** The report for people: one line per vector set with the count of tests run, then failures and skips. */
export function formatAudit(report: AuditReport): string {
  const lines = [`NIST compliance audit of ${report.vectorsDir}`, ''];
  const width = Math.max(...report.sets.map((s) => s.name.length));
  for (const set of report.sets) {
    const mark = set.failed === 0 ? 'ok  ' : 'FAIL';
    const counts = `run ${set.run}, passed ${set.passed}, failed ${set.failed}, skipped ${set.skipped}`;
    lines.push(`${mark} ${set.name.padEnd(width)}  ${counts}`);
    for (const g of set.groups) {
      lines.push(
        `       tg ${String(g.tgId).padStart(3)} ${g.description}: run ${g.run}, failed ${g.failed}, skipped ${g.skipped}`,
      );
    }
    for (const f of set.failures) lines.push(`       failed tg ${f.tgId} tc ${f.tcId}: ${f.reason}`);
    for (const s of set.skips)
      lines.push(`       skipped${s.tcId === undefined ? '' : ` tg ${s.tgId} tc ${s.tcId}`}: ${s.reason}`);
  }
  lines.push('', 'per parameter set:');
  for (const p of report.parameterSets) {
    const level = p.category === null ? 'unknown category' : `category ${p.category}`;
    const counts = `run ${p.run}, passed ${p.passed}, failed ${p.failed}, skipped ${p.skipped}`;
    lines.push(
      `${p.failed === 0 ? 'ok  ' : 'FAIL'} ${p.parameterSet.padEnd(12)} ${level}: ${counts} (${p.modes.join(', ')})`,
    );
  }
  if (report.selfTests.length > 0) {
    lines.push('', 'self-tests (sizes against the standards, pairwise consistency, rejection):');
    for (const s of report.selfTests) {
      const level = s.category === null ? 'classical' : `category ${s.category}`;
      const bad = s.checks.filter((c) => !c.ok);
      const what =
        bad.length === 0 ? `${s.checks.length} checks passed` : bad.map((c) => `${c.name}: ${c.detail}`).join('; ');
      lines.push(`${s.ok ? 'ok  ' : 'FAIL'} ${s.algorithm.padEnd(24)} ${s.standard}, ${level}: ${what}`);
    }
  }
  lines.push(
    '',
    `${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped: ${report.ok ? 'compliant' : 'NOT compliant'}`,
  );
  return lines.join('\n');
}
