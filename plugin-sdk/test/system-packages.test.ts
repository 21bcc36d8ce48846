/**
 * Suites that need system packages: the plan for each probe result (pure), the probe paths,
 * and a real mocha run of a suite whose package is missing, without CI (not run, listed at
 * the end with the apt-get line, exit 0) and with CI=true (fails, naming the package).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import {
  SYSTEM_PACKAGES,
  type SystemPackage,
  formatSuitesNotRun,
  installCommand,
  isCi,
  isSystemPackageInstalled,
  planSuite,
  probeCandidates,
} from '../src/index.js';

const { openclLoader, pocl, simde } = SYSTEM_PACKAGES;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('@knhk/plugin-sdk: suites that need system packages', () => {
  it('runs a suite whose packages were all found', () => {
    const plan = planSuite(
      'opencl',
      [
        { package: openclLoader, found: true },
        { package: pocl, found: true },
      ],
      false,
    );
    expect(plan).to.deep.equal({ kind: 'run' });
    expect(planSuite('opencl', [{ package: pocl, found: true }], true).kind).to.equal('run');
  });

  it('without CI a missing package means not run, with the reason and the apt-get line', () => {
    const plan = planSuite(
      'opencl',
      [
        { package: openclLoader, found: true },
        { package: pocl, found: false },
      ],
      false,
    );
    expect(plan.kind).to.equal('not-run');
    if (plan.kind === 'run') return;
    expect(plan.missing.map((p) => p.name)).to.deep.equal(['pocl-opencl-icd']);
    expect(plan.install).to.equal('apt-get install -y pocl-opencl-icd');
    expect(plan.message).to.match(
      /^not run: .*pocl-opencl-icd .*\/etc\/OpenCL\/vendors\/pocl\.icd.*`apt-get install -y pocl-opencl-icd`$/,
    );
  });

  it('with CI set a missing package is required: the plan fails naming every missing package', () => {
    const plan = planSuite(
      'opencl',
      [
        { package: openclLoader, found: false },
        { package: pocl, found: false },
      ],
      true,
    );
    expect(plan.kind).to.equal('required');
    if (plan.kind === 'run') return;
    expect(plan.message).to.match(/^CI is set, so this suite is required/);
    expect(plan.message).to.contain('ocl-icd-libopencl1').and.contain('pocl-opencl-icd');
    expect(plan.install).to.equal('apt-get install -y ocl-icd-libopencl1 pocl-opencl-icd');
  });

  it('reads CI as set for any value but empty, 0 and false', () => {
    expect([undefined, '', '0', 'false', 'FALSE', ' '].map((CI) => isCi({ CI }))).to.deep.equal([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(['true', '1', 'yes', 'github'].map((CI) => isCi({ CI }))).to.deep.equal([true, true, true, true]);
  });

  it('sums up the suites not run with one install line for all their packages, and nothing when all ran', () => {
    const plans = [
      planSuite('emulation', [{ package: simde, found: false }], false),
      planSuite('opencl', [{ package: pocl, found: false }], false),
      planSuite('more opencl', [{ package: pocl, found: false }], false),
    ].filter((p) => p.kind !== 'run');
    expect(formatSuitesNotRun(plans)).to.equal(
      [
        'suites not run (system packages missing; with CI set they are required): 3',
        '  - emulation: needs libsimde-dev',
        '  - opencl: needs pocl-opencl-icd',
        '  - more opencl: needs pocl-opencl-icd',
        'to run them: apt-get install -y libsimde-dev pocl-opencl-icd',
        '',
      ].join('\n'),
    );
    expect(formatSuitesNotRun([])).to.equal('');
    expect(installCommand([simde, simde, pocl])).to.equal('apt-get install -y libsimde-dev pocl-opencl-icd');
  });

  it('looks for libraries in LD_LIBRARY_PATH and the multiarch folders, headers in CPATH and /usr/include', () => {
    const where = { arch: 'x64', env: { LD_LIBRARY_PATH: '/opt/cl/lib:', CPATH: '/opt/simde/include/' } };
    const libraries = probeCandidates(openclLoader.probe, where);
    expect(libraries.slice(0, 3)).to.deep.equal([
      '/opt/cl/lib/libOpenCL.so.1',
      '/lib/x86_64-linux-gnu/libOpenCL.so.1',
      '/usr/lib/x86_64-linux-gnu/libOpenCL.so.1',
    ]);
    expect(libraries).to.include('/usr/lib/libOpenCL.so.1');
    expect(probeCandidates(openclLoader.probe, { arch: 'arm64', env: {} })).to.include(
      '/usr/lib/aarch64-linux-gnu/libOpenCL.so.1',
    );
    const headers = probeCandidates(simde.probe, where);
    expect(headers[0]).to.equal('/opt/simde/include/simde/simde-common.h');
    expect(headers.at(-1)).to.equal('/usr/include/simde/simde-common.h');
    expect(probeCandidates(pocl.probe, where)).to.deep.equal(['/etc/OpenCL/vendors/pocl.icd']);
  });

  it('finds a package by its file and not one whose file is absent', () => {
    const here: SystemPackage = { name: 'x', provides: 'x', probe: { file: fileURLToPath(import.meta.url) } };
    const gone: SystemPackage = { name: 'y', provides: 'y', probe: { library: 'libknhk-absent-test.so.9' } };
    expect(isSystemPackageInstalled(here)).to.equal(true);
    expect(isSystemPackageInstalled(gone)).to.equal(false);
  });

  describe('in a real mocha run (a child process)', function () {
    this.timeout(60_000);
    const fixture = fileURLToPath(new URL('./system-suite.fixture.js', import.meta.url));
    const mocha = createRequire(import.meta.url).resolve('mocha/bin/mocha.js');
    const reporter = path.join(ROOT, '.mocha', 'summary-reporter.cjs');
    const run = (ci: string | undefined) => {
      const env = { ...process.env };
      delete env.CI;
      if (ci !== undefined) env.CI = ci;
      const result = spawnSync(process.execPath, [mocha, '--no-config', '--reporter', reporter, fixture], {
        env,
        encoding: 'utf8',
      });
      return { status: result.status, output: `${result.stdout}${result.stderr}` };
    };

    it('without CI: the suite is not run, listed at the end with the apt-get line, and the run passes', () => {
      const { status, output } = run(undefined);
      expect(status, output).to.equal(0);
      expect(output).to.match(/not run: needs system packages that are missing: absent-pkg/);
      expect(output).to.contain('tests: 1 passed, 0 failed, 1 skipped');
      expect(output).to.contain(
        '  - suite without its package: needs absent-pkg\nto run them: apt-get install -y absent-pkg',
      );
      expect(output).to.not.contain('suite with its package: needs');
    });

    it('with CI=true: the run fails, naming the missing package', () => {
      const { status, output } = run('true');
      expect(status, output).to.equal(1);
      expect(output).to.contain('CI is set, so this suite is required').and.contain('absent-pkg (nothing');
      expect(output).to.contain('tests: 1 passed, 1 failed, 0 skipped');
      expect(output).to.contain('suites FAILED because CI is set and system packages are missing: 1');
      expect(output).to.not.contain('a suite whose package is missing ran');
    });
  });
});
