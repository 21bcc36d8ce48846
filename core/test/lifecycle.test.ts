import { expect } from 'chai';
import {
  type DependencyContainer,
  PLUGIN_CONTEXT,
  createFramework,
  definePlugin,
  inject,
  injectable,
} from '../src/index.js';
import { LoopReductions, reducePlugin, silentLogger } from './fixtures/reduce-plugins.js';

const x = new Float32Array([3, 1, 4, 1, 5]);

describe('plugin lifecycle and isolation', () => {
  it('a plugin whose detect() never settles is isolated with KNHK_E_PLUGIN_TIMEOUT and the host keeps working', async () => {
    const started = Date.now();
    const fw = await createFramework({
      discover: false,
      logger: silentLogger,
      timeouts: { detectMs: 150 },
      plugins: [
        reducePlugin({ name: 'hangs', priority: 9, detect: () => new Promise(() => {}) }),
        reducePlugin({ name: 'works' }),
      ],
    });
    expect(Date.now() - started).to.be.below(3000);
    const hung = fw.plugins().find((p) => p.name === 'hangs');
    expect(hung?.status).to.equal('failed');
    expect(hung?.error?.code).to.equal('KNHK_E_PLUGIN_TIMEOUT');
    expect(fw.reduce.sum(x)).to.equal(14);
    expect(fw.selected('reduce', 'sum', 5)).to.equal('works');
    await fw.dispose();
  });

  it('a plugin whose detect() throws is reported with KNHK_E_PLUGIN_DETECT_FAILED', async () => {
    const fw = await createFramework({
      discover: false,
      logger: silentLogger,
      plugins: [
        reducePlugin({
          name: 'boom',
          detect: () => {
            throw new Error('probe crashed');
          },
        }),
        reducePlugin({ name: 'works' }),
      ],
    });
    const boom = fw.plugins().find((p) => p.name === 'boom');
    expect(boom?.status).to.equal('failed');
    expect(boom?.error?.code).to.equal('KNHK_E_PLUGIN_DETECT_FAILED');
    expect(boom?.reason).to.include('probe crashed');
    expect(fw.explain('reduce', 'sum', 5).excluded.map((e) => e.provider)).to.include('boom');
    await fw.dispose();
  });

  it('a plugin whose init() throws is reported with KNHK_E_PLUGIN_INIT_FAILED', async () => {
    const fw = await createFramework({
      discover: false,
      logger: silentLogger,
      plugins: [
        reducePlugin({
          name: 'badinit',
          init: () => {
            throw new Error('no device memory');
          },
        }),
      ],
    });
    expect(fw.plugins()[0].error?.code).to.equal('KNHK_E_PLUGIN_INIT_FAILED');
    expect(() => fw.reduce.sum(x))
      .to.throw()
      .with.property('code', 'KNHK_E_CAPABILITY_MISSING');
    await fw.dispose();
  });

  it('an unavailable plugin keeps its reason and devices and is never selected', async () => {
    const fw = await createFramework({
      discover: false,
      logger: silentLogger,
      plugins: [
        reducePlugin({
          name: 'gpu-like',
          priority: 100,
          detect: () => ({ available: false, reason: 'no GPU driver found (libfoo.so.1)', devices: [] }),
        }),
        reducePlugin({ name: 'works' }),
      ],
    });
    const report = fw.detect().find((b) => b.name === 'gpu-like');
    expect(report).to.deep.include({ available: false, reason: 'no GPU driver found (libfoo.so.1)', installed: true });
    expect(fw.selected('reduce', 'sum', 1 << 20)).to.equal('works');
    expect(() => fw.pin('reduce', 'gpu-like'))
      .to.throw()
      .with.property('code', 'KNHK_E_PLUGIN_UNAVAILABLE');
    await fw.dispose();
  });

  it('a plugin with an incompatible apiVersion is refused with KNHK_E_PLUGIN_API_VERSION', async () => {
    const fw = await createFramework({
      discover: false,
      logger: silentLogger,
      plugins: [reducePlugin({ name: 'future', apiVersion: '^2.0.0' }), reducePlugin({ name: 'works' })],
    });
    const future = fw.plugins().find((p) => p.name === 'future');
    expect(future?.status).to.equal('failed');
    expect(future?.error?.code).to.equal('KNHK_E_PLUGIN_API_VERSION');
    expect(future?.reason).to.include('^2.0.0');
    expect(fw.reduce.sum(x)).to.equal(14);
    await fw.dispose();
  });

  it('a second plugin with the same name is refused with KNHK_E_PLUGIN_DUPLICATE', async () => {
    const fw = await createFramework({
      discover: false,
      logger: silentLogger,
      plugins: [reducePlugin({ name: 'twin', priority: 1 }), reducePlugin({ name: 'twin', priority: 2 })],
    });
    const reports = fw.plugins().filter((p) => p.name === 'twin');
    expect(reports.map((r) => r.status)).to.deep.equal(['ready', 'failed']);
    expect(reports[1].error?.code).to.equal('KNHK_E_PLUGIN_DUPLICATE');
    await fw.dispose();
  });

  it('runs dispose() once per plugin and refuses use afterwards', async () => {
    let disposed = 0;
    const fw = await createFramework({
      discover: false,
      logger: silentLogger,
      plugins: [reducePlugin({ name: 'works', dispose: () => void disposed++ })],
    });
    await fw.dispose();
    await fw.dispose();
    expect(disposed).to.equal(1);
    expect(() => fw.reduce.sum(x))
      .to.throw()
      .with.property('code', 'KNHK_E_FRAMEWORK_DISPOSED');
  });

  it('gives each plugin its own child container, with its context injectable', async () => {
    const SECRET = Symbol('secret');
    @injectable()
    class ContextReductions extends LoopReductions {
      constructor(
        @inject(PLUGIN_CONTEXT) readonly context: { name: string },
        @inject(SECRET) readonly secret: string,
      ) {
        super({ name: context.name });
      }
    }
    const withSecret = definePlugin({
      name: 'has-secret',
      version: '1.0.0',
      providers: { reduce: { useClass: ContextReductions } },
      register: (c: DependencyContainer) => c.register(SECRET, { useValue: 'mine' }),
    });
    let seen: boolean | undefined;
    const prober = definePlugin({
      name: 'prober',
      version: '1.0.0',
      providers: { reduce: { useFactory: () => new LoopReductions({ name: 'prober' }) } },
      init: (ctx) => void (seen = ctx.container.isRegistered(SECRET, true)),
    });
    const fw = await createFramework({ discover: false, logger: silentLogger, plugins: [withSecret, prober] });
    const provider = fw.backend('has-secret').get('reduce') as ContextReductions;
    expect(provider.context.name).to.equal('has-secret');
    expect(provider.secret).to.equal('mine');
    expect(seen).to.equal(false);
    await fw.dispose();
  });
});

describe('plugin definitions', () => {
  const providers = { reduce: { useFactory: () => new LoopReductions({ name: 'x' }) } };
  const cases: [string, object][] = [
    ['an upper-case name', { name: 'Bad Name', version: '1.0.0', providers }],
    ['a non-semver version', { name: 'ok', version: 'one', providers }],
    ['no providers', { name: 'ok', version: '1.0.0', providers: {} }],
    ['an unknown capability', { name: 'ok', version: '1.0.0', providers: { teleport: { useValue: {} } } }],
    ['a provider of no known form', { name: 'ok', version: '1.0.0', providers: { reduce: LoopReductions } }],
    ['an invalid apiVersion range', { name: 'ok', version: '1.0.0', apiVersion: 'latest!', providers }],
  ];
  for (const [what, definition] of cases) {
    it(`refuses ${what} with KNHK_E_PLUGIN_MANIFEST_INVALID`, () => {
      expect(() => definePlugin(definition as never))
        .to.throw()
        .with.property('code', 'KNHK_E_PLUGIN_MANIFEST_INVALID');
    });
  }

  it('refuses bad framework options with KNHK_E_CONFIG_INVALID', async () => {
    for (const options of [{ pluginPaths: 'x' }, { pin: { teleport: 'cpu' } }, { timeouts: { detectMs: -1 } }]) {
      let code: unknown;
      await createFramework(options as never).catch((e: { code?: unknown }) => (code = e.code));
      expect(code, JSON.stringify(options)).to.equal('KNHK_E_CONFIG_INVALID');
    }
  });
});
