import { expect } from 'chai';
import {
  CALL_NORMALISERS,
  type DeviceBuffer,
  type DotCall,
  type ElementwiseCall,
  type KnhkErrorCode,
  type ReduceCall,
  checkVectorRange,
  createFramework,
  defineBackend,
  defineKernel,
  definePlugin,
  elementCount,
  isKnhkError,
  normaliseBinary,
  normaliseCompare,
  normaliseDot,
  normaliseFma,
  normaliseReduce,
  reduceSpan,
} from '../src/index.js';
import { LoopReductions, silentLogger } from './fixtures/reduce-plugins.js';

/** The error `f` throws (it must throw a KnhkError). */
function thrown(f: () => unknown): { code: KnhkErrorCode; message: string } {
  try {
    f();
  } catch (error) {
    expect(isKnhkError(error), String(error)).to.equal(true);
    const e = error as { code: KnhkErrorCode; message: string };
    return { code: e.code, message: e.message };
  }
  return expect.fail('expected a KnhkError');
}

/** `f` throws `code` with a message that contains `text`. */
function expectError(f: () => unknown, code: KnhkErrorCode, text: string): void {
  const error = thrown(f);
  expect(error.code).to.equal(code);
  expect(error.message).to.include(text);
}

/** A buffer handle as another provider would hand it out (only its public fields). */
function buffer(length: number, dtype: 'f32' | 'u8' = 'f32'): DeviceBuffer {
  return { kind: 'buffer', provider: 'elsewhere', released: false, length, dtype, device: 'd0' };
}

describe('normalised calls', () => {
  it('builds the dense call of whole arrays with core allocating the output', () => {
    const a = Float32Array.of(1, 2, 3);
    const b = Float32Array.of(4, 5, 6);
    const call = normaliseBinary('vector.add', a, b, undefined, undefined);
    expect(call.n).to.equal(3);
    expect(call.a).to.include({ array: a, offset: 0, stride: 1 });
    expect(call.b).to.include({ array: b, offset: 0, stride: 1 });
    expect(call.c).to.equal(undefined);
    expect(call.dense).to.equal(true);
    expect(call.result).to.be.instanceOf(Float32Array).with.length(3);
    expect(call.out?.array).to.equal(call.result);
    const mask = normaliseCompare('vector.compare', a, 2, 'lt', undefined, undefined);
    expect(mask.result).to.be.instanceOf(Uint8Array).with.length(3);
    expect(mask).to.include({ n: 3, scalar: 2, b: undefined, dense: true, op: 'lt' });
    expect(normaliseCompare('vector.compare', a, 0.1, 'lt', undefined, undefined).scalar).to.equal(Math.fround(0.1));
  });

  it('fills a reused call object in place, and the dispatcher-style clear drops its arrays', () => {
    const normaliser = CALL_NORMALISERS.vector.add;
    const into = normaliser.create();
    const a = Float32Array.of(1, 2);
    const first = normaliser.normalise(a, a, undefined, undefined, undefined, into);
    expect(first).to.equal(into);
    const strided = normaliser.normalise(
      new Float32Array(6),
      new Float32Array(3),
      undefined,
      { a: { stride: 2 } },
      undefined,
      into,
    ) as ElementwiseCall;
    expect(strided).to.equal(into);
    expect(strided.a).to.include({ offset: 0, stride: 2 });
    expect(strided.dense).to.equal(false);
    const dense = normaliser.normalise(a, a, undefined, undefined, undefined, into) as ElementwiseCall;
    expect(dense.a).to.include({ offset: 0, stride: 1 });
    expect(dense.dense).to.equal(true);
    normaliser.clear(into);
    expect((into as ElementwiseCall).a.array).to.not.equal(a);
    expect((into as ElementwiseCall).result).to.equal(undefined);
  });

  it('resolves offsets, strides and an explicit length', () => {
    const a = new Float32Array(10);
    const b = new Float32Array(5);
    const out = new Float32Array(9);
    const call = normaliseBinary('vector.mul', a, b, out, {
      length: 3,
      a: { offset: 1, stride: 3 },
      b: { offset: 2 },
      out: { offset: 4, stride: 2 },
    });
    expect(call.n).to.equal(3);
    expect(call.a).to.include({ offset: 1, stride: 3 });
    expect(call.b).to.include({ offset: 2, stride: 1 });
    expect(call.out).to.include({ array: out, offset: 4, stride: 2 });
    expect(call.result).to.equal(out);
    expect(call.dense).to.equal(false);
    const fma = normaliseFma('vector.fma', a, a, b, undefined, { length: 2, c: { stride: 2 } });
    expect(fma.n).to.equal(2);
    expect(fma.c).to.include({ array: b, stride: 2 });
    const dot: DotCall = normaliseDot('vector.dot', a, b, { length: 5 });
    expect(dot).to.include({ n: 5, dense: true });
    const sum: ReduceCall = normaliseReduce('reduce.sum', true, a, { offset: 2, stride: 4 });
    expect(sum).to.include({ n: 2, dense: false });
    expect(sum.x).to.include({ offset: 2, stride: 4 });
  });

  it('is dense in place and for separate arrays, not when the output partly overlaps an input', () => {
    const a = Float32Array.of(1, 2, 3, 4);
    const b = Float32Array.of(1, 1, 1, 1);
    expect(normaliseBinary('vector.add', a, b, a, undefined).dense).to.equal(true);
    expect(normaliseBinary('vector.add', a, b, new Float32Array(4), undefined).dense).to.equal(true);
    const memory = new Float32Array(5);
    const input = memory.subarray(0, 4);
    const shifted = memory.subarray(1, 5);
    const call = normaliseBinary('vector.add', input, b, shifted, undefined);
    expect(call.n).to.equal(4);
    expect(call.dense).to.equal(false);
    // Two views of the same elements are in place.
    expect(normaliseBinary('vector.add', input, b, memory.subarray(0, 4), undefined).dense).to.equal(true);
    const bytes = new Uint8Array(memory.buffer, 4, 4);
    expect(normaliseCompare('vector.compare', input, b, 'lt', bytes, undefined).dense).to.equal(false);
  });

  it('remembers the last arrays found safe, and checks any other arrays afresh', () => {
    const memory = new Float32Array(5);
    const input = memory.subarray(0, 4);
    const b = Float32Array.of(1, 1, 1, 1);
    const out = new Float32Array(4);
    // Safe, then the same objects again (remembered), then a partly overlapping output: still caught.
    for (let i = 0; i < 3; i++) expect(normaliseBinary('vector.add', input, b, out, undefined).dense).to.equal(true);
    expect(normaliseBinary('vector.add', input, b, memory.subarray(1, 5), undefined).dense).to.equal(false);
    expect(normaliseBinary('vector.add', input, b, out, undefined).dense).to.equal(true);
    expect(normaliseBinary('vector.add', memory.subarray(1, 5), b, input, undefined).dense).to.equal(false);
    const c = Float32Array.of(2, 2, 2, 2);
    expect(normaliseFma('vector.fma', input, b, c, out, undefined).dense).to.equal(true);
    expect(normaliseFma('vector.fma', input, b, memory.subarray(1, 5), out, undefined).dense).to.equal(true);
    expect(normaliseFma('vector.fma', b, c, memory.subarray(1, 5), input, undefined).dense).to.equal(false);
    const mask = new Uint8Array(4);
    expect(normaliseCompare('vector.compare', input, b, 'lt', mask, undefined).dense).to.equal(true);
    expect(
      normaliseCompare('vector.compare', input, b, 'lt', new Uint8Array(memory.buffer, 4, 4), undefined).dense,
    ).to.equal(false);
  });

  it('takes buffer handles by their length and leaves the output to the kernel when a is one', () => {
    const a = buffer(4);
    const call = normaliseBinary('vector.add', a, Float32Array.of(1, 2, 3, 4), undefined, undefined);
    expect(call.n).to.equal(4);
    expect(call.a.array).to.equal(a);
    expect(call.out).to.equal(undefined);
    expect(call.result).to.equal(undefined);
    expect(call.dense).to.equal(false);
    const mask = buffer(4, 'u8');
    const compared = normaliseCompare('vector.compare', a, 1, 'gt', mask, undefined);
    expect(compared.out?.array).to.equal(mask);
    expect(compared.result).to.equal(mask);
    expect(normaliseReduce('reduce.max', false, a, undefined).n).to.equal(4);
    expectError(
      () => normaliseBinary('vector.add', buffer(4, 'u8'), a, undefined, undefined),
      'KNHK_E_ARG_TYPE',
      'vector.add: a is a u8 buffer, an f32 buffer is needed',
    );
    expect(thrown(() => normaliseBinary('vector.add', a, buffer(3), undefined, undefined)).code).to.equal(
      'KNHK_E_ARG_LENGTH',
    );
  });

  it('throws the codes and messages of the shared checks for bad input', () => {
    const a = new Float32Array(4);
    const same = (f: () => unknown, check: () => unknown) => expect(thrown(f)).to.deep.equal(thrown(check));
    same(
      () => normaliseBinary('vector.add', a, new Float32Array(3), undefined, undefined),
      () =>
        elementCount('vector.add', undefined, [
          { name: 'a', arrayLength: 4, strided: undefined },
          { name: 'b', arrayLength: 3, strided: undefined },
        ]),
    );
    same(
      () => normaliseBinary('vector.add', a, a, undefined, 7),
      () => checkVectorRange('vector.add', 7),
    );
    same(
      () => normaliseDot('vector.dot', a, a, { a: { stride: 0 } }),
      () =>
        elementCount('vector.dot', undefined, [
          { name: 'a', arrayLength: 4, strided: { stride: 0 } },
          { name: 'b', arrayLength: 4, strided: undefined },
        ]),
    );
    same(
      () => normaliseReduce('reduce.min', false, new Float32Array(0), undefined),
      () => reduceSpan('reduce.min', 0, undefined, false),
    );
    same(
      () => normaliseReduce('reduce.sum', true, a, { length: 9 }),
      () => reduceSpan('reduce.sum', 4, { length: 9 }, true),
    );
    expectError(
      () => normaliseBinary('vector.add', a, a, new Float32Array(2), undefined),
      'KNHK_E_ARG_LENGTH',
      'vector.add: out holds 2 elements, 4 are needed',
    );
    expectError(
      () => normaliseBinary('vector.add', [1, 2], a, undefined, undefined),
      'KNHK_E_ARG_TYPE',
      'vector.add: a must be a Float32Array or an f32 buffer, got an Array',
    );
    expect(thrown(() => normaliseCompare('vector.compare', a, a, 'lte', undefined, undefined)).code).to.equal(
      'KNHK_E_ARG_INVALID',
    );
    expect(thrown(() => normaliseCompare('vector.compare', a, a, 'lt', new Float32Array(4), undefined)).code).to.equal(
      'KNHK_E_ARG_TYPE',
    );
  });
});

describe('call-form kernels', () => {
  it('refuses the call form for an operation without a normalised call', () => {
    expect(
      thrown(() =>
        defineKernel({
          capability: 'matmul',
          operation: 'sgemm',
          form: 'call',
          create: () => () => 0 as never,
        } as never),
      ).code,
    ).to.equal('KNHK_E_KERNEL_INVALID');
  });

  it('get one normalised call shared by supports and the kernel; a declined call reaches an args-form provider with the raw arguments', async () => {
    const seen: { supports: unknown[]; run: unknown[] } = { supports: [], run: [] };
    const rawCalls: unknown[][] = [];
    const callBackend = defineBackend({
      name: 'call-form',
      version: '1.0.0',
      priority: 10,
      detect: () => ({ available: true, reason: 'test backend', devices: [] }),
      kernels: [
        defineKernel({
          capability: 'reduce',
          operation: 'sum',
          form: 'call',
          supports: (call) => {
            seen.supports.push(call);
            return call.x.stride === 1 || 'strided spans are not supported';
          },
          create: () => (call) => {
            seen.run.push(call);
            const x = call.x.array as Float32Array;
            let s = 0;
            for (let i = 0; i < call.n; i++) s += x[call.x.offset + i];
            return s;
          },
        }),
      ],
    });
    const loops = new LoopReductions({ name: 'loops' });
    const rawPlugin = definePlugin({
      name: 'loops',
      version: '1.0.0',
      kind: 'backend',
      priority: 0,
      providers: {
        reduce: {
          useValue: {
            sum: (...args: unknown[]) => {
              rawCalls.push(args);
              return loops.sum(args[0] as Float32Array, args[1] as never);
            },
            min: (x: Float32Array) => loops.min(x),
            max: (x: Float32Array) => loops.max(x),
            argmax: (x: Float32Array) => loops.argmax(x),
          },
        },
      },
    });
    const fw = await createFramework({
      discover: false,
      logger: silentLogger,
      wisdomPath: false,
      plugins: [callBackend, rawPlugin],
    });
    try {
      const x = Float32Array.of(1, 2, 3, 4);
      expect(fw.reduce.sum(x, { offset: 1 })).to.equal(9);
      expect(seen.supports).to.have.length(1);
      expect(seen.run).to.have.length(1);
      expect(seen.run[0]).to.equal(seen.supports[0]);
      expect(rawCalls).to.deep.equal([]);
      const range = { stride: 2 };
      expect(fw.reduce.sum(x, range)).to.equal(4);
      expect(seen.run).to.have.length(1);
      expect(rawCalls).to.have.length(1);
      expect(rawCalls[0][0]).to.equal(x);
      expect(rawCalls[0][1]).to.equal(range);
      expect(fw.explain('reduce', 'sum', 4).conditional).to.include('call-form');
    } finally {
      await fw.dispose();
    }
  });

  it('run on the hot path with one reused call, and fall back to an args-form provider on failure', async () => {
    const runs: ReduceCall[] = [];
    let fail = false;
    const callBackend = defineBackend({
      name: 'call-form',
      version: '1.0.0',
      priority: 10,
      detect: () => ({ available: true, reason: 'test backend', devices: [] }),
      kernels: [
        defineKernel({
          capability: 'reduce',
          operation: 'max',
          form: 'call',
          create: () => (call) => {
            runs.push(call);
            if (fail) throw new Error('device lost');
            const x = call.x.array as Float32Array;
            let m = -Infinity;
            for (let i = 0, j = call.x.offset; i < call.n; i++, j += call.x.stride) m = Math.max(m, x[j]);
            return m;
          },
        }),
      ],
    });
    const fw = await createFramework({
      discover: false,
      logger: silentLogger,
      wisdomPath: false,
      plugins: [
        callBackend,
        definePlugin({
          name: 'loops',
          version: '1.0.0',
          kind: 'backend',
          priority: 0,
          providers: { reduce: { useValue: new LoopReductions({ name: 'loops' }) } },
        }),
      ],
    });
    try {
      expect(fw.reduce.max(Float32Array.of(1, 7, 3))).to.equal(7);
      expect(fw.reduce.max(Float32Array.of(5, 2), { stride: 1 })).to.equal(5);
      expect(runs).to.have.length(2);
      expect(runs[1]).to.equal(runs[0]);
      fail = true;
      expect(fw.reduce.max(Float32Array.of(4, 9, 2))).to.equal(9);
      expect(fw.fallbacks().map((f) => [f.provider, f.next])).to.deep.equal([['call-form', 'loops']]);
      // The direct path (as a handle's owner gets it) normalises on its own.
      fail = false;
      expect(fw.backend('call-form').get('reduce').max(Float32Array.of(-1, -2))).to.equal(-1);
      expect(thrown(() => fw.backend('call-form').get('reduce').max(new Float32Array(0))).code).to.equal(
        'KNHK_E_ARG_LENGTH',
      );
    } finally {
      await fw.dispose();
    }
  });
});
