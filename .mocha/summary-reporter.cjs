'use strict';
// Mocha's spec reporter, plus one plain closing line ("N passed, N failed, N skipped")
// that CI tooling reads regardless of the test runner, then the suites that did not run for
// missing system packages (recorded by describeWithSystemPackages of @knhk/plugin-sdk/mocha)
// with the apt-get line that installs them.
const Mocha = require('mocha');
const { Spec } = Mocha.reporters;
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats;
      process.stdout.write(`\ntests: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped\n`);
      const notRun = globalThis[Symbol.for('knhk.suitesNotRun')];
      if (notRun !== undefined) process.stdout.write(notRun.summary());
    });
  }
}
module.exports = SummaryReporter;
