/**
 * The conformance kit as a mocha suite, for plugin authors' own tests:
 *
 * @example
 * import { conformanceSuite } from '@knhk/plugin-sdk/mocha';
 * import plugin from '../src/index.js';
 * conformanceSuite(plugin);
 */
import { KnhkError, type KnhkPlugin } from '@knhk/core';
import { CheckFailure } from './conformance/compare.js';
import { planConformance } from './conformance/plan.js';
import { ConformanceSession } from './conformance/session.js';
import type { ConformanceCheck, ConformanceOptions } from './conformance/types.js';

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
  if (typeof describe !== 'function' || typeof it !== 'function') {
    throw new KnhkError(
      'KNHK_E_CONFIG_INVALID',
      'conformanceSuite() must run inside mocha: describe() and it() are not defined',
      {},
    );
  }
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
