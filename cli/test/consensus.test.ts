import { expect } from 'chai';
import { runCli } from './run-cli.js';

describe('knhk consensus simulate', function () {
  this.timeout(60_000);

  it('runs the seeds, prints the counts and exits 0 without violations', async () => {
    const { code, stdout, stderr } = await runCli(['consensus', 'simulate', '--seeds', '5', '--from', '10']);
    expect(code, stderr).to.equal(0);
    expect(stdout).to.contain('seeds run: 5 (10..14)');
    expect(stdout).to.contain('violations found: 0');
  });

  it('--json gives the sweep', async () => {
    const { code, stdout } = await runCli(['consensus', 'simulate', '--seeds', '2', '--json']);
    expect(code).to.equal(0);
    const sweep = JSON.parse(stdout) as { from: number; seeds: number; failures: unknown[] };
    expect(sweep).to.include({ from: 1, seeds: 2 });
    expect(sweep.failures).to.deep.equal([]);
  });

  it('rejects a missing or malformed --seeds as a usage error', async () => {
    expect((await runCli(['consensus', 'simulate'])).code).to.equal(2);
    expect((await runCli(['consensus', 'simulate', '--seeds', 'x'])).code).to.equal(2);
  });
});
