import { expect } from 'chai';
import {
  KnhkError,
  type DeviceBuffer,
  type FallbackRecord,
  type VectorOps,
  createFramework,
  definePlugin,
  isHandle,
} from '../src/index.js';
import { reducePlugin, silentLogger } from './fixtures/reduce-plugins.js';

const data = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => i % 7);
const sumOf = (x: Float32Array): number => x.reduce((s, v) => s + v, 0);

/** A vector plugin whose add first scribbles over `out` and then, above `failFrom`, throws. */
function scribblingAdd(name: string, priority: number, failFrom: number) {
  const add = (a: Float32Array, b: Float32Array, out?: Float32Array): Float32Array => {
    const o = out ?? new Float32Array(a.length);
    if (a.length >= failFrom) {
      o.fill(-999);
      throw new Error(`${name}: device lost`);
    }
    for (let i = 0; i < a.length; i++) o[i] = a[i] + b[i];
    return o;
  };
  return definePlugin({
    name,
    version: '1.0.0',
    priority,
    providers: { vector: { useValue: { add } as unknown as VectorOps } },
  });
}

describe('selection and dispatch', () => {
  it('selects by declared priority, explains the choice and keeps the order as the fallback order', async () => {
    const fw = await createFramework({
      discover: false,
      logger: silentLogger,
      plugins: [reducePlugin({ name: 'slow', priority: 1 }), reducePlugin({ name: 'fast', priority: 10 })],
    });
    const why = fw.explain('reduce', 'sum', 1000);
    expect(why).to.deep.include({ chosen: 'fast', runnerUp: 'slow', basis: 'priority', bucket: 9 });
    expect(why.order).to.deep.equal(['fast', 'slow']);
    expect(why.sizeRange).to.deep.equal({ min: 512, max: 1023 });
    expect(why.reason).to.equal('declared priority: fast (10) > slow (1)');
    await fw.dispose();
  });

  it('falls back along the order when a provider fails, records why, and tells listeners', async () => {
    const calls: string[] = [];
    const fw = await createFramework({
      discover: false,
      logger: silentLogger,
      plugins: [
        reducePlugin({ name: 'big-only-fails', priority: 10, failFrom: 100, onCall: () => calls.push('first') }),
        reducePlugin({ name: 'steady', priority: 1, onCall: () => calls.push('second') }),
      ],
    });
    const heard: FallbackRecord[] = [];
    fw.onFallback((r) => heard.push(r));
    expect(fw.reduce.sum(data(10))).to.equal(sumOf(data(10)));
    expect(calls).to.deep.equal(['first']);
    expect(fw.reduce.sum(data(500))).to.equal(sumOf(data(500)));
    expect(calls).to.deep.equal(['first', 'first', 'second']);
    const [record] = fw.fallbacks();
    expect(record).to.deep.include({
      capability: 'reduce',
      operation: 'sum',
      size: 500,
      provider: 'big-only-fails',
      next: 'steady',
    });
    expect(record.error.message).to.include('cannot reduce 500 elements');
    expect(heard).to.deep.equal([record]);
    await fw.dispose();
  });

  it('never falls back on a caller error: bad input fails at once with its code', async () => {
    const calls: string[] = [];
    const fw = await createFramework({
      discover: false,
      logger: silentLogger,
      plugins: [
        reducePlugin({ name: 'a', priority: 2, onCall: () => calls.push('a') }),
        reducePlugin({ name: 'b', priority: 1, onCall: () => calls.push('b') }),
      ],
    });
    expect(() => fw.reduce.sum([1, 2, 3] as never))
      .to.throw()
      .with.property('code', 'KNHK_E_ARG_TYPE');
    expect(() => fw.reduce.sum(data(4), { offset: -1 }))
      .to.throw()
      .with.property('code', 'KNHK_E_ARG_RANGE');
    expect(fw.fallbacks()).to.have.length(0);
    await fw.dispose();
  });

  it('strict mode fails with the reason instead of falling back', async () => {
    const fw = await createFramework({
      discover: false,
      strict: true,
      logger: silentLogger,
      plugins: [reducePlugin({ name: 'flaky', priority: 10, failFrom: 1 }), reducePlugin({ name: 'steady' })],
    });
    expect(() => fw.reduce.sum(data(8)))
      .to.throw(/flaky.*strict mode forbids falling back to "steady"/)
      .with.property('code', 'KNHK_E_STRICT_NO_FALLBACK');
    expect(fw.fallbacks()[0]).to.deep.include({ provider: 'flaky' });
    expect(fw.fallbacks()[0].next).to.equal(undefined);
    await fw.dispose();
  });

  it('pins a provider (per capability or for all), with no fallback, and unpins', async () => {
    const fw = await createFramework({
      discover: false,
      logger: silentLogger,
      pin: { reduce: 'low' },
      plugins: [
        reducePlugin({ name: 'high', priority: 10 }),
        reducePlugin({ name: 'low', priority: 0, failFrom: 100 }),
      ],
    });
    expect(fw.explain('reduce', 'sum', 8)).to.deep.include({ chosen: 'low', basis: 'pinned' });
    expect(fw.explain('reduce', 'sum', 8).excluded).to.deep.equal([
      { provider: 'high', reason: 'reduce is pinned to "low"' },
    ]);
    expect(() => fw.reduce.sum(data(200)))
      .to.throw()
      .with.property('code', 'KNHK_E_PROVIDER_FAILED');
    fw.unpin('reduce');
    expect(fw.selected('reduce', 'sum', 8)).to.equal('high');
    fw.pin('*', 'low');
    expect(fw.selected('reduce', 'max', 8)).to.equal('low');
    expect(() => fw.pin('reduce', 'nope'))
      .to.throw()
      .with.property('code', 'KNHK_E_PLUGIN_NOT_FOUND');
    expect(() => fw.pin('vector', 'low'))
      .to.throw()
      .with.property('code', 'KNHK_E_CAPABILITY_MISSING');
    await fw.dispose();
  });

  it('restores an output that aliases an input before the fallback runs, so the answer stays right', async () => {
    const fw = await createFramework({
      discover: false,
      logger: silentLogger,
      plugins: [scribblingAdd('scribbler', 10, 4), scribblingAdd('careful', 1, Infinity)],
    });
    const a = new Float32Array([1, 2, 3, 4, 5]);
    const b = new Float32Array([10, 20, 30, 40, 50]);
    fw.vector.add(a, b, a);
    expect([...a]).to.deep.equal([11, 22, 33, 44, 55]);
    expect(fw.fallbacks()).to.have.length(1);
    await fw.dispose();
  });

  it('reports every failure when no provider can complete a call', async () => {
    const fw = await createFramework({
      discover: false,
      logger: silentLogger,
      plugins: [reducePlugin({ name: 'x', priority: 2, failFrom: 1 }), reducePlugin({ name: 'y', failFrom: 1 })],
    });
    expect(() => fw.reduce.max(data(3)))
      .to.throw(/x: .*cannot reduce.*y: .*cannot reduce/)
      .with.property('code', 'KNHK_E_PROVIDER_FAILED');
    expect(fw.fallbacks().map((r) => [r.provider, r.next])).to.deep.equal([
      ['x', 'y'],
      ['y', undefined],
    ]);
    await fw.dispose();
  });

  it('leaves emulations out unless pinned', async () => {
    const fw = await createFramework({
      discover: false,
      logger: silentLogger,
      plugins: [reducePlugin({ name: 'emu', priority: 99, emulation: true }), reducePlugin({ name: 'real' })],
    });
    expect(fw.selected('reduce', 'sum', 4)).to.equal('real');
    expect(fw.explain('reduce', 'sum', 4).excluded).to.deep.equal([
      { provider: 'emu', reason: 'emulation: selected only when pinned explicitly' },
    ]);
    fw.pin('reduce', 'emu');
    expect(fw.selected('reduce', 'sum', 4)).to.equal('emu');
    await fw.dispose();
  });

  it('routes calls that take a handle to the provider that owns it', async () => {
    const buffers = new Map<DeviceBuffer, Float32Array>();
    const device = definePlugin({
      name: 'dev',
      version: '1.0.0',
      priority: -5,
      providers: {
        memory: {
          useValue: {
            allocate(length: number) {
              const handle: DeviceBuffer = {
                kind: 'buffer',
                provider: 'dev',
                released: false,
                length,
                dtype: 'f32',
                device: 'dev0',
              };
              buffers.set(handle, new Float32Array(length).fill(2));
              return handle;
            },
          } as never,
        },
        vector: {
          useValue: {
            dot: (a: DeviceBuffer, b: DeviceBuffer) => {
              if (a.length === 13) throw new Error('device lost');
              if (a.length !== b.length) throw new KnhkError('KNHK_E_ARG_LENGTH', 'lengths differ');
              const x = buffers.get(a)!;
              const y = buffers.get(b)!;
              return x.reduce((s, v, i) => s + v * y[i], 0);
            },
          } as never,
        },
      },
    });
    const fw = await createFramework({
      discover: false,
      logger: silentLogger,
      plugins: [device, scribblingAdd('host', 10, Infinity)],
    });
    const h = fw.backend('dev').get('memory').allocate(8);
    expect(isHandle(h)).to.equal(true);
    expect(fw.vector.dot(h, h)).to.equal(32);
    const stranger = { ...h, provider: 'elsewhere' };
    expect(() => fw.vector.dot(stranger, stranger))
      .to.throw()
      .with.property('code', 'KNHK_E_BUFFER_FOREIGN');
    // The owner that failed to resolve is not remembered; the last good one still serves.
    expect(fw.vector.dot(h, h)).to.equal(32);
    // A caller error of the owner passes through; any other failure is recorded, with no fallback.
    const small = fw.backend('dev').get('memory').allocate(4);
    expect(() => fw.vector.dot(h, small))
      .to.throw()
      .with.property('code', 'KNHK_E_ARG_LENGTH');
    expect(fw.fallbacks()).to.have.length(0);
    const lost = fw.backend('dev').get('memory').allocate(13);
    expect(() => fw.vector.dot(lost, lost))
      .to.throw(/which owns the handle, failed \(device lost\)/)
      .with.property('code', 'KNHK_E_PROVIDER_FAILED');
    expect(fw.fallbacks().map((r) => [r.provider, r.next])).to.deep.equal([['dev', undefined]]);
    await fw.dispose();
    expect(() => fw.vector.dot(h, h))
      .to.throw()
      .with.property('code', 'KNHK_E_FRAMEWORK_DISPOSED');
  });

  it('says which capability is missing and why, and refuses unknown capabilities', async () => {
    const fw = await createFramework({ discover: false, logger: silentLogger, plugins: [reducePlugin({ name: 'r' })] });
    expect(() => fw.matmul.sgemm({ m: 1, n: 1, k: 1, a: data(1), b: data(1), c: data(1) }))
      .to.throw(/no available provider for matmul.sgemm/)
      .with.property('code', 'KNHK_E_CAPABILITY_MISSING');
    expect(() => fw.get('teleport' as never))
      .to.throw()
      .with.property('code', 'KNHK_E_CAPABILITY_UNKNOWN');
    await fw.dispose();
  });
});
