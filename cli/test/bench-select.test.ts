import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KNHK_API_VERSION } from '@knhk/core';
import type { BenchReport } from '@knhk/benchmarks';
import { SYSTEM_PACKAGES, isSystemPackageInstalled } from '@knhk/plugin-sdk';
import { runCli, runCliProcess } from './run-cli.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

/** A peer a target row compares with, beyond the native and peers addons that every checkout builds. */
type TargetPeer = 'openblas' | 'hyperscan' | 'simsimd';

/** What each target row needs to be measured, besides the addons. */
const TARGET_NEEDS: Readonly<Record<string, readonly TargetPeer[]>> = {
  'sgemm-peak': [],
  'sgemm-openblas': ['openblas'],
  'sgemm-two-threads': [],
  'dot-simsimd': ['simsimd'],
  'dot-simsimd-buffers': ['simsimd'],
  'vector-add-triad': [],
  'vector-mul-triad': [],
  'vector-fma-triad': [],
  'pattern-hyperscan': ['hyperscan'],
};

/**
 * The rows that say `not measured` although everything they need is here (or that this table
 * does not know), one line each: a bench that measures nothing cannot pass.
 */
function unmeasuredButMeasurable(
  rows: readonly { id: string; status: string; reason?: string }[],
  present: ReadonlySet<TargetPeer>,
): string[] {
  return rows
    .filter((row) => row.status === 'not measured')
    .filter((row) => (TARGET_NEEDS[row.id] ?? []).every((peer) => present.has(peer)))
    .map((row) => `${row.id}: not measured although it can be here (${row.reason ?? 'no reason'})`);
}

/** The peers installed here, found without the bench's own loaders: the system packages and the simsimd package. */
function peersPresent(): Set<TargetPeer> {
  const present = new Set<TargetPeer>();
  if (isSystemPackageInstalled(SYSTEM_PACKAGES.openblas)) present.add('openblas');
  if (isSystemPackageInstalled(SYSTEM_PACKAGES.hyperscan)) present.add('hyperscan');
  const simsimd = ['node_modules', 'benchmarks/node_modules'].map((dir) =>
    path.join(repo, dir, 'simsimd', 'package.json'),
  );
  if (simsimd.some((file) => existsSync(file))) present.add('simsimd');
  return present;
}

/** A third-party reduce backend as a plain JavaScript package, at a given version. */
function writeLoopBackend(dir: string, version: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'loops', version, type: 'module', main: 'index.js', knhk: {} }),
  );
  writeFileSync(
    path.join(dir, 'index.js'),
    `const sum = (x) => { let s = 0; for (let i = 0; i < x.length; i++) s += x[i]; return s; };
     export default {
       manifest: { name: 'loops', version: '${version}', apiVersion: '^${KNHK_API_VERSION}', kind: 'backend',
                   capabilities: ['reduce'], priority: 0, emulation: false, description: 'plain loops' },
       providers: { reduce: { useValue: { sum, min: (x) => Math.min(...x), max: (x) => Math.max(...x), argmax: (x) => 0 } } },
       detect: () => ({ available: true, reason: 'plain loops', devices: [] }),
     };`,
  );
}

describe('knhk bench, select and wisdom', () => {
  let tmp: string;
  let env: Record<string, string>;
  let report: BenchReport;

  before(async function () {
    this.timeout(180_000);
    tmp = mkdtempSync(path.join(os.tmpdir(), 'knhk-bench-'));
    env = { KNHK_WISDOM: path.join(tmp, 'cache', 'wisdom.json') };
    const out = path.join(tmp, 'report');
    const bench = await runCli(['bench', '--quick', '--out', out], { cwd: repo, env });
    expect(bench.code, bench.stderr).to.equal(0);
    report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as BenchReport;
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('bench --quick --out writes the report (Markdown, JSON, an SVG chart per operation) and the wisdom', () => {
    const out = path.join(tmp, 'report');
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).to.include('# knhk benchmark report');
    for (const id of ['vector-dot', 'matmul-sgemm', 'pattern-compile', 'mlp-createModel', 'reduce-sum']) {
      expect(readFileSync(path.join(out, `${id}.svg`), 'utf8')).to.match(/^<svg .*<\/svg>$/s);
    }
    expect(existsSync(env.KNHK_WISDOM)).to.equal(true);
    expect(report.machine).to.include.keys('cpuModel', 'cores', 'cpuFlags', 'node', 'devices', 'plugins');
    const dot = report.results.find((r) => r.operation === 'dot' && r.provider === 'cpu' && r.size === 4096);
    expect(dot).to.include.keys(
      'capability',
      'operation',
      'size',
      'provider',
      'meanNs',
      'medianNs',
      'p99Ns',
      'opsPerSec',
      'figure',
    );
    expect(dot?.figure.name).to.equal('GB/s');
    expect(report.results.find((r) => r.operation === 'sgemm')?.figure.name).to.equal('GFLOPS');
    expect(report.dispatchOverhead?.ratio).to.be.a('number');
  });

  it('measures installed peers side by side, marked as peers and never selected', () => {
    const peer = report.results.filter((r) => r.peer);
    expect(peer.map((r) => r.provider)).to.include('simsimd');
    expect(peer.filter((r) => r.provider === 'simsimd').every((r) => r.operation === 'dot')).to.equal(true);
    for (const name of ['simsimd', 'openblas', 'hyperscan']) {
      expect(report.selection.map((s) => s.chosen)).to.not.include(name);
    }
  });

  it('lists every peer as measured (results marked peer: true) or missing with a reason', () => {
    const { measured, missing } = report.peers;
    expect([...measured, ...missing.map((p) => p.name)].sort()).to.deep.equal(['hyperscan', 'openblas', 'simsimd']);
    for (const p of missing) expect(p.reason, p.name).to.be.a('string').and.not.equal('');
    const operationOf = { simsimd: 'dot', openblas: 'sgemm', hyperscan: 'compile' } as Record<string, string>;
    for (const name of measured) {
      const rows = report.results.filter((r) => r.provider === name);
      expect(rows.length, name).to.be.greaterThan(0);
      expect(
        rows.every((r) => r.peer === true && r.operation === operationOf[name]),
        name,
      ).to.equal(true);
    }
  });

  it('has the targets section: every target with both figures or the reason, the ratio, the goal and the verdict', () => {
    const targets = report.targets;
    expect(targets?.effort).to.equal('quick');
    expect(targets?.note).to.match(/^quick: .*8 MB/);
    expect(targets?.rows.map((r) => r.id)).to.deep.equal([
      'sgemm-peak',
      'sgemm-openblas',
      'sgemm-two-threads',
      'dot-simsimd',
      'dot-simsimd-buffers',
      'vector-add-triad',
      'vector-mul-triad',
      'vector-fma-triad',
      'pattern-hyperscan',
    ]);
    // Not measured only where a peer is missing here: each row with everything it needs is measured.
    const unmeasured = unmeasuredButMeasurable(targets?.rows ?? [], peersPresent());
    expect(unmeasured, unmeasured.join('\n')).to.deep.equal([]);
    for (const row of targets?.rows ?? []) {
      expect(row.what, row.id).to.be.a('string').and.not.equal('');
      expect(['>=', '<=']).to.include(row.target.comparison);
      if (row.status === 'not measured') {
        expect(row.reason, row.id).to.be.a('string').and.not.equal('');
        continue;
      }
      expect(['met', 'not met']).to.include(row.status);
      for (const figure of [row.ours, row.peer]) {
        expect(figure, row.id).to.include.keys('name', 'value', 'unit');
        expect(figure?.value, row.id).to.be.greaterThan(0);
      }
      expect(row.ratio, row.id).to.be.closeTo((row.ours?.value ?? 0) / (row.peer?.value ?? 1), 1e-9);
    }
    const markdown = readFileSync(path.join(tmp, 'report', 'report.md'), 'utf8');
    expect(markdown).to.include('## Targets');
    expect(markdown).to.include('| target | knhk | compared with | ratio | goal | status | bound here |');
  });

  it('the targets check fails a report whose rows are all not measured', () => {
    const rows = Object.keys(TARGET_NEEDS).map((id) => ({ id, status: 'not measured', reason: 'planted' }));
    const all = new Set<TargetPeer>(['openblas', 'hyperscan', 'simsimd']);
    expect(unmeasuredButMeasurable(rows, all)).to.have.length(rows.length);
    expect(unmeasuredButMeasurable(rows, new Set()).map((line) => line.split(':')[0])).to.deep.equal([
      'sgemm-peak',
      'sgemm-two-threads',
      'vector-add-triad',
      'vector-mul-triad',
      'vector-fma-triad',
    ]);
    const unknown = [{ id: 'new-target', status: 'not measured', reason: 'planted' }];
    expect(unmeasuredButMeasurable(unknown, new Set())).to.have.length(1);
    const measured = rows.map((row) => ({ ...row, status: 'met' }));
    expect(unmeasuredButMeasurable(measured, new Set())).to.deep.equal([]);
  });

  it('select --json reuses the wisdom without measuring and gives the bench choices', async () => {
    const select = await runCli(['select', '--json'], { cwd: repo, env });
    expect(select.code, select.stderr).to.equal(0);
    expect(select.stderr).to.equal('');
    const { wisdom, selection } = JSON.parse(select.stdout) as {
      wisdom: { source: string };
      selection: { capability: string; operation: string; chosen: string; sizeRange: { min: number; max: number } }[];
    };
    expect(wisdom.source).to.equal('reused');
    const pick = (s: { capability: string; operation: string; chosen: string; sizeRange: object }) =>
      `${s.capability}.${s.operation} ${JSON.stringify(s.sizeRange)} ${s.chosen}`;
    expect(selection.map(pick)).to.deep.equal(report.selection.map(pick));
    const explained = await runCli(['select', '--json', '--explain'], { cwd: repo, env });
    const dot = (
      JSON.parse(explained.stdout) as { selection: { operation: string; reason: string; figures: object }[] }
    ).selection.find((s) => s.operation === 'dot');
    expect(dot?.reason).to.match(/^measured at size/);
    expect(dot?.figures).to.have.property('cpu');
  });

  it('select shows each choice with its interval and says tie when two providers overlap', async () => {
    type Figures = { medianNs: number; medianLowNs: number; medianHighNs: number };
    type Entry = { capability: string; operation: string; points: { providers: Record<string, Figures> }[] };
    const wisdom = JSON.parse(readFileSync(env.KNHK_WISDOM, 'utf8')) as { entries: Entry[] };
    const add = wisdom.entries.find((e) => e.capability === 'vector' && e.operation === 'add');
    const names = Object.keys(add?.points[0].providers ?? {});
    expect(names.length, 'two vector providers measured here').to.be.at.least(2);
    const [a, b] = names;
    add?.points.forEach((point, i) => {
      // Equal speed with medians that swap at every size; every other provider is clearly slower.
      for (const name of names)
        point.providers[name] = { ...point.providers[name], medianNs: 5000, medianLowNs: 4900, medianHighNs: 5100 };
      point.providers[a] = { ...point.providers[a], medianNs: i % 2 ? 200 : 210, medianLowNs: 190, medianHighNs: 220 };
      point.providers[b] = { ...point.providers[b], medianNs: i % 2 ? 210 : 200, medianLowNs: 195, medianHighNs: 225 };
    });
    const tied = { KNHK_WISDOM: path.join(tmp, 'tied.json') };
    writeFileSync(tied.KNHK_WISDOM, JSON.stringify(wisdom));
    const json = await runCli(['select', '--json'], { cwd: repo, env: tied });
    expect(json.code, json.stderr).to.equal(0);
    const selection = (
      JSON.parse(json.stdout) as { selection: { operation: string; chosen: string; tie?: string; interval?: object }[] }
    ).selection.filter((s) => s.operation === 'add');
    expect(selection, 'one range: no alternation between the tied pair').to.have.length(1);
    expect(selection[0].tie).to.match(
      new RegExp(`^tie: ${selection[0].chosen} \\[\\d+, \\d+\\] ns overlaps .*; kept ${selection[0].chosen}, `),
    );
    expect(selection[0].interval).to.have.keys('medianNs', 'lowNs', 'highNs');
    const text = await runCli(['select'], { cwd: repo, env: tied });
    expect(text.stdout)
      .to.include(`${selection[0].chosen} (tie)`)
      .and.to.match(/vector\.add from 0: tie: /);
    const explained = await runCli(['select', '--json', '--explain'], { cwd: repo, env: tied });
    const why = (JSON.parse(explained.stdout) as { selection: { operation: string; reason: string }[] }).selection.find(
      (s) => s.operation === 'add',
    );
    expect(why?.reason).to.match(/^measured at size \d+ \(nearest to \d+\): tie: /);
  });

  it('wisdom show, export, import and clear', async () => {
    const shown = JSON.parse((await runCli(['wisdom', 'show', '--json'], { cwd: repo, env })).stdout) as {
      exists: boolean;
    };
    expect(shown.exists).to.equal(true);
    const exported = path.join(tmp, 'exported.json');
    expect((await runCli(['wisdom', 'export', exported], { cwd: repo, env })).code).to.equal(0);
    expect((await runCli(['wisdom', 'clear'], { cwd: repo, env })).stdout).to.include('removed');
    expect(existsSync(env.KNHK_WISDOM)).to.equal(false);
    const imported = await runCli(['wisdom', 'import', exported], { cwd: repo, env });
    expect(imported.code, imported.stderr).to.equal(0);
    expect(existsSync(env.KNHK_WISDOM)).to.equal(true);
    writeFileSync(path.join(tmp, 'junk.json'), '{"not":"wisdom"}');
    const junk = await runCli(['wisdom', 'import', path.join(tmp, 'junk.json')], { cwd: repo, env });
    expect(junk.code).to.equal(1);
    expect(junk.stderr).to.include('KNHK_E_WISDOM_INVALID');
    const foreign = JSON.parse(readFileSync(exported, 'utf8')) as { plugins: string[] };
    foreign.plugins = ['cpu@0.0.1'];
    writeFileSync(path.join(tmp, 'foreign.json'), JSON.stringify(foreign));
    const refused = await runCli(['wisdom', 'import', path.join(tmp, 'foreign.json')], { cwd: repo, env });
    expect(refused.stderr).to.match(/KNHK_E_WISDOM_INVALID.*cpu@0\.0\.1.*--force/);
    const forced = await runCli(['wisdom', 'import', path.join(tmp, 'foreign.json'), '--force'], { cwd: repo, env });
    expect(forced.stdout).to.include('it will not be used');
  });
  // Separate processes, as a user runs them: a process imports a plugin module once.
  it('a changed plugin version invalidates the wisdom: select says why and measures again', async function () {
    this.timeout(180_000);
    const plugins = path.join(tmp, 'plugins');
    writeLoopBackend(path.join(plugins, 'loops'), '1.0.0');
    const first = await runCliProcess(['select', '--json', '--plugin-path', plugins], { cwd: repo, env });
    expect(first.stderr).to.match(
      /wisdom not reused: measured with plugins \[[^\]]*\], now \[[^\]]*\bloops@1\.0\.0\b[^\]]*\]/,
    );
    const again = await runCliProcess(['select', '--json', '--plugin-path', plugins], { cwd: repo, env });
    expect((JSON.parse(again.stdout) as { wisdom: { source: string } }).wisdom.source).to.equal('reused');
    writeLoopBackend(path.join(plugins, 'loops'), '1.0.1');
    const changed = await runCliProcess(['select', '--json', '--plugin-path', plugins], { cwd: repo, env });
    expect(changed.stderr).to.include('loops@1.0.0').and.to.include('loops@1.0.1');
    expect((JSON.parse(changed.stdout) as { wisdom: { source: string } }).wisdom.source).to.equal('measured');
  });
});
