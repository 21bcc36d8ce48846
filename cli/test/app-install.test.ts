/**
 * The `knhk` package in an application: the workspace packages it needs are packed
 * (`npm pack`, as they would be published) and installed from those tarballs into an empty
 * app folder; third-party packages come from the npm cache (or the registry). Third-party
 * install scripts are not run (better-sqlite3 would compile SQLite); @knhk/native's is, with
 * `npm rebuild`, so the SIMD addon is built in the app as a user's install builds it. Then, in
 * the app: the README's programmatic example (`import { createFramework } from 'knhk'`) runs
 * and prints what its comments say, `npx knhk detect --json` finds cpu, avx2, avx512, neon,
 * opencl and cuda, each available exactly when it is available in this checkout, and `knhk plugins`
 * loads every plugin package from the app's node_modules, none from the checkout.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { BackendReport, PluginReport } from '@knhk/core';
import { runCli } from './run-cli.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

/** The backends the `knhk` package brings. */
const BACKENDS = ['cpu', 'avx2', 'avx512', 'neon', 'opencl', 'cuda'];

/** A workspace as its package.json names it. */
interface WorkspaceManifest {
  readonly folder: string;
  readonly name: string;
  readonly dependencies: readonly string[];
}

/**
 * The workspaces `start` needs at run time: itself and its `dependencies` that are
 * workspaces, transitively, in a stable order (the start first, then by folder).
 */
export function workspaceClosure(workspaces: readonly WorkspaceManifest[], start: string): WorkspaceManifest[] {
  const byName = new Map(workspaces.map((w) => [w.name, w]));
  const seen = new Map<string, WorkspaceManifest>();
  const visit = (name: string): void => {
    const workspace = byName.get(name);
    if (workspace === undefined || seen.has(name)) return;
    seen.set(name, workspace);
    for (const dependency of workspace.dependencies) visit(dependency);
  };
  visit(start);
  const [first, ...rest] = [...seen.values()];
  return first === undefined ? [] : [first, ...rest.sort((a, b) => a.folder.localeCompare(b.folder))];
}

function readWorkspaces(): WorkspaceManifest[] {
  const root = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { workspaces: string[] };
  return root.workspaces.map((folder) => {
    const manifest = JSON.parse(readFileSync(path.join(repo, folder, 'package.json'), 'utf8')) as {
      name: string;
      dependencies?: Record<string, string>;
    };
    return { folder, name: manifest.name, dependencies: Object.keys(manifest.dependencies ?? {}) };
  });
}

/** The environment without what `npm test` sets for its scripts (npm_config_*, the workspace's paths). */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toLowerCase().startsWith('npm_') && key !== 'INIT_CWD') env[key] = value;
  }
  return { ...env, ...extra };
}

/** Runs a command; rejects with its output when it fails. */
function run(command: string, args: readonly string[], cwd: string, env = cleanEnv()): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env, maxBuffer: 64 << 20, timeout: 240_000 }, (error, stdout, stderr) => {
      if (error !== null)
        reject(new Error(`${command} ${args.join(' ')} failed in ${cwd}: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

describe('workspaceClosure', () => {
  it('follows dependencies that are workspaces, transitively, and ignores third-party ones', () => {
    const planted = [
      { folder: 'cli', name: 'knhk', dependencies: ['@knhk/b', 'left-pad'] },
      { folder: 'b', name: '@knhk/b', dependencies: ['@knhk/a'] },
      { folder: 'a', name: '@knhk/a', dependencies: [] },
      { folder: 'unused', name: '@knhk/unused', dependencies: ['@knhk/a'] },
    ];
    expect(workspaceClosure(planted, 'knhk').map((w) => w.folder)).to.deep.equal(['cli', 'a', 'b']);
    expect(workspaceClosure(planted, 'nothing')).to.deep.equal([]);
  });

  it('brings core, cpu, the SIMD, OpenCL and CUDA backends with knhk', () => {
    const names = workspaceClosure(readWorkspaces(), 'knhk').map((w) => w.name);
    expect(names).to.include.members([
      '@knhk/core',
      '@knhk/backend-cpu',
      '@knhk/backend-avx2',
      '@knhk/backend-avx512',
      '@knhk/backend-neon',
      '@knhk/backend-opencl',
      '@knhk/backend-cuda',
      '@knhk/native',
    ]);
  });
});

describe('knhk installed into an empty application', function () {
  this.timeout(300_000);
  let tmp: string;
  let app: string;
  let appWisdom: string;

  before(async function () {
    this.timeout(300_000);
    tmp = mkdtempSync(path.join(os.tmpdir(), 'knhk-app-'));
    app = path.join(tmp, 'app');
    appWisdom = path.join(tmp, 'wisdom.json');
    const tarballs = path.join(tmp, 'tarballs');
    mkdirSync(tarballs);
    mkdirSync(app);
    const folders = workspaceClosure(readWorkspaces(), 'knhk').map((w) => w.folder);
    const packed = JSON.parse(
      await run(
        'npm',
        ['pack', '--json', '--ignore-scripts', '--pack-destination', tarballs, ...folders.flatMap((f) => ['-w', f])],
        repo,
      ),
    ) as { filename: string }[];
    expect(packed).to.have.length(folders.length);
    writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({ name: 'knhk-app', version: '1.0.0', private: true, type: 'module' }),
    );
    const files = packed.map((p) => path.join(tarballs, p.filename));
    await run(
      'npm',
      ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', ...files],
      app,
    );
    await run('npm', ['rebuild', '@knhk/native', '--loglevel=error'], app);
  });

  after(() => {
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  });

  it("runs the README's programmatic example there, importing from 'knhk'", async () => {
    const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Use it from code'));
    const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code, 'a ts block under "Use it from code"').to.be.a('string').and.contain("from 'knhk'");
    writeFileSync(path.join(app, 'example.mjs'), code as string);
    const output = await run(process.execPath, ['example.mjs'], app, cleanEnv({ KNHK_WISDOM: appWisdom }));
    expect(output.split('\n')[0]).to.equal('261888');
    const chosen = /chosen: '([\w-]+)'/.exec(output)?.[1];
    const order = /order: \[([^\]]*)\]/.exec(output)?.[1] ?? '';
    expect(order.trim().startsWith(`'${chosen}'`), `${chosen} first in [${order}]`).to.equal(true);
    expect(order).to.include("'cpu'");
    expect(output.trimEnd().endsWith('[]'), output).to.equal(true);
  });

  it('npx knhk detect there finds every backend, available exactly as in this checkout', async () => {
    const env = cleanEnv({ KNHK_WISDOM: appWisdom });
    const there = JSON.parse(await run('npx', ['--no-install', 'knhk', 'detect', '--json'], app, env)) as {
      backends: BackendReport[];
    };
    const here = JSON.parse((await runCli(['detect', '--json'], { cwd: repo })).stdout) as {
      backends: BackendReport[];
    };
    for (const name of BACKENDS) {
      const [a, b] = [there, here].map(({ backends }) => backends.find((x) => x.name === name));
      expect(a?.installed, `${name} installed in the app`).to.equal(true);
      expect(a?.available, `${name} in the app: ${a?.reason}; here: ${b?.reason}`).to.equal(b?.available);
    }
    expect(there.backends.find((b) => b.name === 'cpu')?.available).to.equal(true);
  });

  it("loads every plugin package from the app's node_modules, none from the checkout", async () => {
    const env = cleanEnv({ KNHK_WISDOM: appWisdom });
    const { plugins } = JSON.parse(await run('npx', ['--no-install', 'knhk', 'plugins', '--json'], app, env)) as {
      plugins: PluginReport[];
    };
    expect(plugins.map((p) => p.name)).to.include.members(BACKENDS);
    // The command registers cpu itself (programmatic); every other backend is an installed package.
    const packages = plugins.filter((p) => p.source.type === 'package');
    expect(packages.map((p) => p.name)).to.include.members(BACKENDS.filter((b) => b !== 'cpu'));
    const modules = path.join(app, 'node_modules');
    for (const plugin of packages) {
      expect(plugin.source.location?.startsWith(modules), `${plugin.name} at ${plugin.source.location}`).to.equal(true);
    }
  });
});
