import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './run-cli.js';

describe('knhk plugin new', () => {
  let tmp: string;
  before(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'knhk-scaffold-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes a plugin project whose tests pass after `npm install && npm test`', async function () {
    this.timeout(300_000);
    const dir = path.join(tmp, 'acme-reduce');
    const created = await runCli(['plugin', 'new', dir]);
    expect(created.code, created.stderr).to.equal(0);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.name).to.equal('acme-reduce');
    expect(pkg.knhk).to.deep.equal({ entry: './dist/src/index.js' });
    execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'pipe' });
    const output = execFileSync('npm', ['test'], { cwd: dir, encoding: 'utf8' });
    expect(output).to.match(/\d+ passing/);
    expect(output).not.to.match(/failing/);
    expect(output).to.include('knhk conformance: acme-reduce');
  });

  it('refuses a non-empty folder and a bad name with coded errors', async () => {
    const full = path.join(tmp, 'full');
    mkdirSync(full);
    writeFileSync(path.join(full, 'keep.txt'), 'mine');
    const refused = await runCli(['plugin', 'new', full]);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.include('KNHK_E_SCAFFOLD_TARGET');
    expect(readFileSync(path.join(full, 'keep.txt'), 'utf8')).to.equal('mine');
    const badName = await runCli(['plugin', 'new', path.join(tmp, 'x'), '--name', 'Not Valid']);
    expect(badName.stderr).to.include('KNHK_E_ARG_INVALID');
  });
});
