import { expect } from 'chai';
import {
  type Framework,
  type KnhkErrorCode,
  type VectorOps,
  type VectorRange,
  createFramework,
  defineBackend,
  defineKernel,
  definePlugin,
  isKnhkError,
} from '../src/index.js';
import { silentLogger } from './fixtures/reduce-plugins.js';

/** A whole `vector` provider in plain JS (dense operands only), the "next provider" of these tests. */
function denseVector(calls: string[]): VectorOps {
  const binary =
    (name: string, f: (x: number, y: number) => number) =>
    (a: Float32Array, b: Float32Array, out?: Float32Array): Float32Array => {
      calls.push(`full.${name}`);
      const o = out ?? new Float32Array(a.length);
      for (let i = 0; i < a.length; i++) o[i] = f(a[i], b[i]);
      return o;
    };
  return {
    add: binary('add', (x, y) => x + y),
    sub: binary('sub', (x, y) => x - y),
    mul: binary('mul', (x, y) => x * y),
    div: binary('div', (x, y) => x / y),
    fma: () => {
      throw new Error('not used');
    },
    dot: (a: Float32Array, b: Float32Array, range?: VectorRange) => {
      calls.push('full.dot');
      const sa = range?.a?.stride ?? 1;
      const sb = range?.b?.stride ?? 1;
      const n = range?.length ?? a.length;
      let s = 0;
      for (let i = 0; i < n; i++) s += a[i * sa] * b[i * sb];
      return s;
    },
    compare: () => {
      throw new Error('not used');
    },
  } as unknown as VectorOps;
}

const fullPlugin = (calls: string[]) =>
  definePlugin({
    name: 'full',
    version: '1.0.0',
    kind: 'backend',
    priority: 0,
    providers: { vector: { useValue: denseVector(calls) } },
  });

/** A backend that registers only vector.dot, declines strided calls, and withholds vector.div on this "machine". */
function dotOnlyBackend(calls: string[]) {
  return defineBackend({
    name: 'dot-only',
    version: '1.0.0',
    priority: 10,
    detect: () => ({ available: true, reason: 'test backend', devices: [] }),
    kernels: [
      defineKernel({
        capability: 'vector',
        operation: 'dot',
        accumulation: 'f64',
        supports: (_a, _b, range) =>
          (range?.a?.stride ?? 1) === 1 && (range?.b?.stride ?? 1) === 1 ? true : 'strided operands are not supported',
        create: () => (a, b) => {
          calls.push('dot-only.dot');
          const x = a as Float32Array;
          const y = b as Float32Array;
          let s = 0;
          for (let i = 0; i < x.length; i++) s += x[i] * y[i];
          return s;
        },
      }),
      defineKernel({
        capability: 'vector',
        operation: 'div',
        available: () => 'the device divides neither correctly rounded in float nor in double',
        create: () => () => {
          throw new Error('never created');
        },
      }),
    ],
  });
}

async function framework(calls: string[], options: { strict?: boolean } = {}): Promise<Framework> {
  return createFramework({
    discover: false,
    logger: silentLogger,
    wisdomPath: false,
    plugins: [fullPlugin(calls), dotOnlyBackend(calls)],
    ...options,
  });
}

function expectCode(f: () => unknown, code: KnhkErrorCode): void {
  try {
    f();
  } catch (error) {
    expect(isKnhkError(error, code), String(error)).to.equal(true);
    return;
  }
  expect.fail(`expected ${code}`);
}

describe('kernel registry', () => {
  it('a backend that registers only vector.dot is chosen for dot; every other operation runs on the next provider', async () => {
    const calls: string[] = [];
    const fw = await framework(calls);
    const a = Float32Array.of(1, 2, 3);
    const b = Float32Array.of(4, 5, 6);
    expect(fw.vector.dot(a, b)).to.equal(32);
    expect(Array.from(fw.vector.add(a, b))).to.deep.equal([5, 7, 9]);
    expect(Array.from(fw.vector.div(b, a))).to.deep.equal([4, 2.5, 2]);
    expect(calls).to.deep.equal(['dot-only.dot', 'full.add', 'full.div']);
    expect(fw.fallbacks()).to.deep.equal([]);

    expect(fw.explain('vector', 'dot', 3)).to.deep.include({ chosen: 'dot-only', order: ['dot-only', 'full'] });
    const add = fw.explain('vector', 'add', 3);
    expect(add.chosen).to.equal('full');
    expect(add.excluded).to.deep.include({ provider: 'dot-only', reason: 'does not register vector.add' });
    const div = fw.explain('vector', 'div', 3);
    expect(div.excluded).to.deep.include({
      provider: 'dot-only',
      reason: 'does not register vector.div here: the device divides neither correctly rounded in float nor in double',
    });
    const report = fw.plugins().find((p) => p.name === 'dot-only');
    expect(report?.kernels).to.deep.equal(['vector.dot']);
    expect(fw.backend('dot-only').get('vector')).to.have.all.keys('dot');
    await fw.dispose();
  });

  it('a call the kernel declines goes to the next provider without counting as a failure, and explain() says why', async () => {
    const calls: string[] = [];
    const fw = await framework(calls);
    const a = Float32Array.of(1, 0, 2, 0, 3, 0);
    const b = Float32Array.of(1, 1, 1);
    expect(fw.vector.dot(a, b, { length: 3, a: { stride: 2 } })).to.equal(6);
    expect(fw.vector.dot(a, b, { length: 3, a: { stride: 2 } })).to.equal(6);
    expect(calls).to.deep.equal(['full.dot', 'full.dot']);
    expect(fw.fallbacks()).to.deep.equal([]);
    const why = fw.explain('vector', 'dot', 3);
    expect(why.conditional).to.deep.equal(['dot-only']);
    expect(why.declined).to.deep.equal([
      {
        capability: 'vector',
        operation: 'dot',
        provider: 'dot-only',
        reason: 'strided operands are not supported',
        count: 2,
      },
    ]);
    // Strict mode forbids falling back after a failure, not routing past a decline.
    const strict = await framework([], { strict: true });
    expect(strict.vector.dot(a, b, { length: 3, a: { stride: 2 } })).to.equal(6);
    await Promise.all([fw.dispose(), strict.dispose()]);
  });

  it('a pinned provider that does not register or declines a call fails it with a coded error', async () => {
    const fw = await framework([]);
    fw.pin('vector', 'dot-only');
    const a = Float32Array.of(1, 2);
    expectCode(() => fw.vector.add(a, a), 'KNHK_E_CAPABILITY_MISSING');
    expectCode(() => fw.vector.dot(a, a, { length: 1, a: { stride: 2 } }), 'KNHK_E_CALL_UNSUPPORTED');
    expect(fw.vector.dot(a, a)).to.equal(5);
    // Direct access keeps the check in front of the kernel.
    const direct = fw.backend('dot-only').get('vector');
    expectCode(() => direct.dot(a, a, { length: 1, a: { stride: 2 } }), 'KNHK_E_CALL_UNSUPPORTED');
    await fw.dispose();
  });

  it('measures only the providers that register an operation', async () => {
    const fw = await framework([]);
    expect(fw.measuredProviders('vector', 'dot').map((p) => p.name)).to.deep.equal(['full', 'dot-only']);
    expect(fw.measuredProviders('vector', 'add').map((p) => p.name)).to.deep.equal(['full']);
    await fw.dispose();
  });

  it('refuses invalid kernels with KNHK_E_KERNEL_INVALID', () => {
    const create = () => () => 0;
    expectCode(
      () => defineKernel({ capability: 'vector', operation: 'nope' as 'dot', create }),
      'KNHK_E_KERNEL_INVALID',
    );
    expectCode(
      () => defineKernel({ capability: 'kem' as 'vector', operation: 'dot', create }),
      'KNHK_E_KERNEL_INVALID',
    );
    expectCode(
      () => defineKernel({ capability: 'vector', operation: 'dot', create: 1 as unknown as typeof create }),
      'KNHK_E_KERNEL_INVALID',
    );
    expectCode(
      () => defineKernel({ capability: 'vector', operation: 'dot', accumulation: 'f16' as 'f32', create }),
      'KNHK_E_KERNEL_INVALID',
    );
    const dot = defineKernel({ capability: 'vector', operation: 'dot', create });
    expect(dot).to.deep.include({ id: 'vector.dot', dtypes: ['f32'], accumulation: 'f32' });
    expectCode(() => definePlugin({ name: 'twice', version: '1.0.0', kernels: [dot, dot] }), 'KNHK_E_KERNEL_INVALID');
    expectCode(
      () =>
        definePlugin({
          name: 'both',
          version: '1.0.0',
          providers: { vector: { useValue: {} as VectorOps } },
          kernels: [dot],
        }),
      'KNHK_E_PLUGIN_MANIFEST_INVALID',
    );
    const plugin = definePlugin({ name: 'k', version: '1.0.0', kernels: [dot] });
    expect(plugin.manifest.capabilities).to.deep.equal(['vector']);
    expect(plugin.manifest.kernels).to.deep.equal([
      {
        capability: 'vector',
        operation: 'dot',
        dtypes: ['f32'],
        accumulation: 'f32',
        form: 'args',
        conditional: false,
      },
    ]);
  });
});
