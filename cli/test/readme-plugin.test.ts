import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cpuBackend from '@knhk/backend-cpu';
import { type PluginReport, createFramework, findPathPlugins, loadPluginPackage, silentLogger } from '@knhk/core';
import { checkConformance } from '@knhk/plugin-sdk';
import { runCli } from './run-cli.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

/** The files of the README's "Write a plugin" section: fenced blocks with a title. */
function readmePluginFiles(): Map<string, string> {
  const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Write a plugin'), readme.indexOf('### The conformance kit'));
  const files = new Map<string, string>();
  for (const match of section.matchAll(/```\w+ title="([^"]+)"\n([\s\S]*?)```/g)) files.set(match[1], match[2]);
  return files;
}

function npmInstall(cwd: string): void {
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline'], { cwd, stdio: 'pipe' });
}

describe('a plugin written only from the README, outside the repository', () => {
  let tmp: string;
  let pluginDir: string;

  before(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'knhk-readme-'));
    pluginDir = path.join(tmp, 'kahan-reduce');
    mkdirSync(pluginDir);
    const files = readmePluginFiles();
    expect([...files.keys()]).to.deep.equal(['package.json', 'index.js']);
    for (const [name, text] of files) {
      // The README points at a clone beside the plugin folder; here the clone is this repository.
      writeFileSync(path.join(pluginDir, name), text.replace('file:../knhk/plugin-sdk', `file:${repo}plugin-sdk`));
    }
    npmInstall(pluginDir);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('is discovered by path, chosen over cpu by its priority, and can be pinned away', async () => {
    const knhk = await createFramework({
      discover: false,
      plugins: [cpuBackend],
      pluginPaths: [pluginDir],
      logger: silentLogger,
    });
    const report = knhk.plugins().find((p) => p.name === 'kahan-reduce');
    expect(report?.status, report?.reason).to.equal('ready');
    expect(report?.source).to.deep.include({ type: 'path' });
    expect(knhk.explain('reduce', 'sum', 1000)).to.deep.include({ chosen: 'kahan-reduce', runnerUp: 'cpu' });
    const x = Float32Array.from({ length: 1000 }, (_, i) => i);
    expect(knhk.reduce.sum(x)).to.equal(499500);
    knhk.pin('reduce', 'cpu');
    expect(knhk.selected('reduce', 'sum', 1000)).to.equal('cpu');
    knhk.pin('reduce', 'kahan-reduce');
    expect(knhk.reduce.argmax(x)).to.equal(999);
    await knhk.dispose();
  });

  it('passes the conformance kit, programmatically and through `knhk plugin check`', async () => {
    const [pkg] = findPathPlugins([pluginDir]);
    const report = await checkConformance(await loadPluginPackage(pkg, 10000));
    const failures = report.results.filter((r) => !r.passed).map((r) => `${r.id}: ${r.message}`);
    expect(failures).to.deep.equal([]);
    expect(report.passed).to.equal(true);
    expect(report.results.length).to.be.greaterThan(5);
    const cli = await runCli(['plugin', 'check', pluginDir], { cwd: repo });
    expect(cli.code, cli.stdout + cli.stderr).to.equal(0);
  });

  it('is discovered as an installed package of an application, and through KNHK_PLUGIN_PATH', async () => {
    const app = path.join(tmp, 'app');
    mkdirSync(app);
    writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({
        name: 'app',
        version: '1.0.0',
        private: true,
        dependencies: { 'kahan-reduce': 'file:../kahan-reduce' },
      }),
    );
    npmInstall(app);
    const knhk = await createFramework({ cwd: app, env: {}, plugins: [cpuBackend], logger: silentLogger });
    const report = knhk.plugins().find((p) => p.name === 'kahan-reduce');
    expect(report).to.deep.include({ status: 'ready' });
    expect(report?.source.type).to.equal('package');
    expect(knhk.selected('reduce', 'max', 10)).to.equal('kahan-reduce');
    await knhk.dispose();

    const cli = await runCli(['plugins', '--json'], { cwd: repo, env: { KNHK_PLUGIN_PATH: pluginDir } });
    const { plugins } = JSON.parse(cli.stdout) as { plugins: PluginReport[] };
    expect(plugins.find((p) => p.name === 'kahan-reduce')?.status).to.equal('ready');
  });
});
