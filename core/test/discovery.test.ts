import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KNHK_API_VERSION, createFramework, findInstalledPlugins } from '../src/index.js';
import { silentLogger } from './fixtures/reduce-plugins.js';

/**
 * A plugin package written as plain JavaScript with no imports, its default export shaped
 * like definePlugin()'s result (so it works without resolving @knhk/core from a temp folder).
 */
function writePluginPackage(
  dir: string,
  options: { name: string; packageName?: string; knhk?: object; body?: string },
): void {
  mkdirSync(dir, { recursive: true });
  const packageJson = {
    name: options.packageName ?? options.name,
    version: '2.3.4',
    type: 'module',
    main: 'index.js',
    knhk: options.knhk ?? {},
  };
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(packageJson));
  const body =
    options.body ??
    `export default {
      manifest: { name: ${JSON.stringify(options.name)}, version: '2.3.4', apiVersion: '^${KNHK_API_VERSION}', kind: 'backend',
                  capabilities: ['reduce'], priority: 5, emulation: false, description: 'test' },
      providers: { reduce: { useValue: { sum: (x) => x.reduce((s, v) => s + v, 0) } } },
      detect: () => ({ available: true, reason: 'plain loops', devices: [{ id: 'd0', name: 'loop', type: 'cpu' }] }),
    };`;
  writeFileSync(path.join(dir, 'index.js'), body);
}

describe('plugin discovery', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'knhk-discovery-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds installed packages with a knhk field, scoped ones too, from the cwd and its parents', async () => {
    writePluginPackage(path.join(root, 'node_modules', '@acme', 'knhk-loops'), {
      name: 'acme-loops',
      packageName: '@acme/knhk-loops',
    });
    writePluginPackage(path.join(root, 'node_modules', 'unrelated'), { name: 'ignored', knhk: undefined });
    writeFileSync(path.join(root, 'node_modules', 'unrelated', 'package.json'), JSON.stringify({ name: 'unrelated' }));
    const app = path.join(root, 'app', 'src');
    mkdirSync(app, { recursive: true });
    expect(findInstalledPlugins(app).map((p) => p.packageName)).to.deep.equal(['@acme/knhk-loops']);
    const fw = await createFramework({ cwd: app, env: {}, logger: silentLogger });
    const report = fw.plugins().find((p) => p.name === 'acme-loops');
    expect(report).to.deep.include({ status: 'ready', version: '2.3.4', reason: 'plain loops' });
    expect(report?.source.type).to.equal('package');
    expect(fw.reduce.sum(new Float32Array([1, 2, 3]))).to.equal(6);
    await fw.dispose();
  });

  it('loads folders from pluginPaths and KNHK_PLUGIN_PATH, a package folder or a folder of packages', async () => {
    writePluginPackage(path.join(root, 'one'), { name: 'one' });
    writePluginPackage(path.join(root, 'many', 'two'), { name: 'two' });
    writePluginPackage(path.join(root, 'many', 'three'), { name: 'three' });
    const fw = await createFramework({
      cwd: root,
      pluginPaths: [path.join(root, 'one')],
      env: { KNHK_PLUGIN_PATH: path.join(root, 'many') },
      logger: silentLogger,
    });
    const names = fw.plugins().map((p) => `${p.name}:${p.source.type}:${p.status}`);
    expect(names).to.have.members(['one:path:ready', 'two:path:ready', 'three:path:ready']);
    await fw.dispose();
  });

  it('refuses an incompatible apiVersion from package.json before running any plugin code', async () => {
    writePluginPackage(path.join(root, 'future'), {
      name: 'future',
      knhk: { apiVersion: '^99.0.0' },
      body: 'globalThis.knhkFutureRan = true; export default {};',
    });
    const fw = await createFramework({
      discover: false,
      pluginPaths: [path.join(root, 'future')],
      logger: silentLogger,
    });
    const [report] = fw.plugins();
    expect(report.error?.code).to.equal('KNHK_E_PLUGIN_API_VERSION');
    expect((globalThis as { knhkFutureRan?: boolean }).knhkFutureRan).to.equal(undefined);
    await fw.dispose();
  });

  it('isolates packages that fail to import, export no plugin, or lack their entry file', async () => {
    writePluginPackage(path.join(root, 'p', 'throws'), { name: 'throws', body: 'throw new Error("top-level boom");' });
    writePluginPackage(path.join(root, 'p', 'empty'), { name: 'empty', body: 'export const x = 1;' });
    writePluginPackage(path.join(root, 'p', 'missing'), { name: 'missing', knhk: { entry: './dist/nowhere.js' } });
    writePluginPackage(path.join(root, 'p', 'good'), { name: 'good' });
    const fw = await createFramework({ discover: false, pluginPaths: [path.join(root, 'p')], logger: silentLogger });
    const byName = new Map(fw.plugins().map((p) => [p.name, p]));
    expect(byName.get('throws')?.error?.code).to.equal('KNHK_E_PLUGIN_LOAD_FAILED');
    expect(byName.get('throws')?.reason).to.include('top-level boom');
    expect(byName.get('empty')?.error?.code).to.equal('KNHK_E_PLUGIN_LOAD_FAILED');
    expect(byName.get('missing')?.reason).to.include('does not exist');
    expect(byName.get('good')?.status).to.equal('ready');
    await fw.dispose();
  });

  it('stops a package whose detect() blocks its thread, in a probe worker, and keeps working', async () => {
    const blocking = (what: string) => `export default {
      manifest: { name: 'blocker', version: '1.0.0', apiVersion: '^${KNHK_API_VERSION}', kind: 'backend',
                  capabilities: ['reduce'], priority: 0, emulation: false, description: '' },
      providers: { reduce: { useValue: {} } },
      detect: () => { ${what} },
    };`;
    writePluginPackage(path.join(root, 'p', 'blocker'), { name: 'blocker', body: blocking('for (;;) {}') });
    writePluginPackage(path.join(root, 'p', 'good'), { name: 'good' });
    const started = Date.now();
    const fw = await createFramework({
      discover: false,
      pluginPaths: [path.join(root, 'p')],
      timeouts: { detectMs: 1500 },
      logger: silentLogger,
    });
    expect(Date.now() - started).to.be.below(5000);
    const byName = new Map(fw.plugins().map((p) => [p.name, p]));
    expect(byName.get('blocker')?.error?.code).to.equal('KNHK_E_PLUGIN_TIMEOUT');
    expect(byName.get('good')?.status).to.equal('ready');
    expect(byName.get('good')?.devices).to.deep.equal([{ id: 'd0', name: 'loop', type: 'cpu' }]);
    expect(fw.reduce.sum(new Float32Array([2, 3]))).to.equal(5);
    await fw.dispose();
  });

  it('reports a detect() that throws inside the probe with KNHK_E_PLUGIN_DETECT_FAILED', async () => {
    const body = `export default {
      manifest: { name: 'thrower', version: '1.0.0', apiVersion: '^${KNHK_API_VERSION}', kind: 'backend',
                  capabilities: ['reduce'], priority: 0, emulation: false, description: '' },
      providers: { reduce: { useValue: {} } },
      detect: () => { throw new Error('driver said no'); },
    };`;
    writePluginPackage(path.join(root, 'thrower'), { name: 'thrower', body });
    const fw = await createFramework({
      discover: false,
      pluginPaths: [path.join(root, 'thrower')],
      logger: silentLogger,
    });
    expect(fw.plugins()[0].error?.code).to.equal('KNHK_E_PLUGIN_DETECT_FAILED');
    expect(fw.plugins()[0].reason).to.include('driver said no');
    await fw.dispose();
  });

  it('refuses a package whose knhk.name disagrees with its code', async () => {
    writePluginPackage(path.join(root, 'liar'), { name: 'actual', knhk: { name: 'claimed' } });
    const fw = await createFramework({ discover: false, pluginPaths: [path.join(root, 'liar')], logger: silentLogger });
    expect(fw.plugins()[0].error?.code).to.equal('KNHK_E_PLUGIN_MANIFEST_INVALID');
    await fw.dispose();
  });
});
