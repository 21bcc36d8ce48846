/**
 * Mocha helpers for plugin authors' own tests: the conformance kit as a suite, and suites
 * that need system packages.
 *
 * @example
 * import { conformanceSuite } from '@knhk/plugin-sdk/mocha';
 * import plugin from '../src/index.js';
 * conformanceSuite(plugin);
 */
import { KnhkError, type KnhkPlugin } from '@knhk/core';
import { type SuitePlan, type SystemPackage, formatSuitesNotRun, isCi, planSuite } from './system-packages.js';
import { probeSystemPackages } from './system-probe.js';
import { CheckFailure } from './conformance/compare.js';
import { planConformance } from './conformance/plan.js';
import { ConformanceSession } from './conformance/session.js';
import type { ConformanceCheck, ConformanceOptions } from './conformance/types.js';

function requireMocha(caller: string): void {
  if (typeof describe !== 'function' || typeof it !== 'function') {
    throw new KnhkError(
      'KNHK_E_CONFIG_INVALID',
      `${caller}() must run inside mocha: describe() and it() are not defined`,
      {},
    );
  }
}

function declareCheck(check: ConformanceCheck, session: () => ConformanceSession): void {
  it(check.id, async function () {
    const result = await session().run(check);
    if (result.skipped) this.skip();
    if (!result.passed) throw new CheckFailure(result.message ?? 'failed');
  });
}

/**
 * Declares `describe('knhk conformance: <name>')` with one `it` per check of
 * `checkConformance()`. The plugin and the reference backend start in a `before` hook and are
 * disposed in `after`. Call it at the top level of a mocha test file (or inside a describe).
 * Throws `KNHK_E_CONFIG_INVALID` outside mocha or for bad options.
 */
export function conformanceSuite(plugin: KnhkPlugin, options: ConformanceOptions = {}): void {
  requireMocha('conformanceSuite');
  const plan = planConformance(plugin, options);
  describe(`knhk conformance: ${plan.plugin}`, function () {
    this.timeout(plan.options.checkTimeoutMs + 5000);
    let session: ConformanceSession | undefined;
    const current = (): ConformanceSession => {
      if (session === undefined) throw new CheckFailure('the conformance session did not start (see the before hook)');
      return session;
    };
    before(async () => {
      session = await ConformanceSession.open(plugin, plan.options);
    });
    after(async () => {
      await session?.close();
    });
    for (const check of plan.checks) declareCheck(check, current);
  });
}

export type { ConformanceOptions } from './conformance/types.js';

/** The suites of this run that did not run (or failed under CI) for missing system packages. */
export interface SuitesNotRun {
  readonly plans: Exclude<SuitePlan, { kind: 'run' }>[];
  /** The closing lines for the run (empty when every suite ran). */
  summary(): string;
}

/** Where the suites are recorded, shared by every copy of this module and read by reporters. */
const SUITES_NOT_RUN = Symbol.for('knhk.suitesNotRun');

/**
 * This process's record of the suites that did not run. A reporter reads it at the end of the
 * run through `globalThis[Symbol.for('knhk.suitesNotRun')]` (knhk's `.mocha/summary-reporter.cjs`).
 */
export function suitesNotRun(): SuitesNotRun {
  const global = globalThis as { [SUITES_NOT_RUN]?: SuitesNotRun };
  if (global[SUITES_NOT_RUN] === undefined) {
    const plans: Exclude<SuitePlan, { kind: 'run' }>[] = [];
    global[SUITES_NOT_RUN] = { plans, summary: () => formatSuitesNotRun(plans) };
  }
  return global[SUITES_NOT_RUN];
}

/**
 * `describe(title, body)` for a suite that needs system packages, each found by a file it
 * installs (see `SYSTEM_PACKAGES`). With every package present the suite runs. Otherwise,
 * without `CI` set, it is not run: one pending test says which packages are missing and the
 * `apt-get install -y ...` line, and the suite is recorded for the run's summary
 * ({@link suitesNotRun}). With `CI` set it is required: one test fails with the same message.
 * Throws `KNHK_E_CONFIG_INVALID` outside mocha or without packages.
 *
 * @example
 * describeWithSystemPackages('OpenCL on PoCL', [SYSTEM_PACKAGES.openclLoader, SYSTEM_PACKAGES.pocl], () => {
 *   it('runs a kernel', () => { ... });
 * });
 */
export function describeWithSystemPackages(title: string, packages: readonly SystemPackage[], body: () => void): void {
  requireMocha('describeWithSystemPackages');
  if (packages.length === 0) {
    throw new KnhkError(
      'KNHK_E_CONFIG_INVALID',
      `describeWithSystemPackages('${title}'): name the system packages the suite needs, or use describe()`,
      {},
    );
  }
  const plan = planSuite(title, probeSystemPackages(packages), isCi(process.env));
  if (plan.kind === 'run') {
    describe(title, body);
    return;
  }
  suitesNotRun().plans.push(plan);
  describe(title, () => {
    if (plan.kind === 'not-run') it(plan.message);
    else
      it(`has its system packages (${plan.missing.map((p) => p.name).join(', ')})`, () => {
        throw new Error(plan.message);
      });
  });
}

export { SYSTEM_PACKAGES, type SystemPackage } from './system-packages.js';
