/**
 * Bad input and faults of the opencl backend: wrong sizes and released buffers are caller
 * errors; a device that runs out of memory (the backend's memory budget, or an allocation
 * past what the device allows) is KNHK_E_OPENCL_OUT_OF_RESOURCES; and when a device call
 * fails at run time the framework falls back along the selection order to the cpu backend and
 * records the reason. Detached host arrays are KNHK_E_ARG_INVALID; an sgemm whose indices
 * reach 2^32 is declined (the kernels index in 32 bits) and runs on the next provider.
 */
import { expect } from 'chai';
import { PluginInstance, createFramework, isKnhkError } from '@knhk/core';
import { cpuBackend } from '@knhk/backend-cpu';
import {
  isDetached,
  openclBackend,
  sgemmIndexLimit,
  reduceRangeIndexLimit,
  vectorRangeIndexLimit,
} from '../src/index.js';
import { describeWithSystemPackages } from '@knhk/plugin-sdk/mocha';
import { OPENCL_RUNTIME } from './opencl-runtime.js';

/** A Float32Array (or Uint8Array) of `n` elements whose ArrayBuffer was transferred away. */
function detached<T extends Float32Array | Uint8Array>(array: T): T {
  structuredClone(array.buffer, { transfer: [array.buffer as ArrayBuffer] });
  return array;
}

async function rejection(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describeWithSystemPackages('@knhk/backend-opencl: bad input and faults', OPENCL_RUNTIME, () => {
  let instance: PluginInstance;

  before(async () => {
    instance = await PluginInstance.start(openclBackend, { options: { maxBufferBytes: 1 << 20 } });
    expect(instance.status, instance.reason).to.equal('ready');
  });

  after(() => instance.dispose());

  it('wrong sizes are KNHK_E_ARG_LENGTH and KNHK_E_ARG_SHAPE, before anything runs on the device', async () => {
    const v = instance.get('vector');
    expect(
      isKnhkError(await rejection(() => v.add(new Float32Array(4), new Float32Array(5))), 'KNHK_E_ARG_LENGTH'),
    ).to.equal(true);
    const sgemm = () =>
      instance
        .get('matmul')
        .sgemm({ m: 4, n: 4, k: 4, a: new Float32Array(15), b: new Float32Array(16), c: new Float32Array(16) });
    expect(isKnhkError(await rejection(sgemm), 'KNHK_E_ARG_SHAPE')).to.equal(true);
  });

  it('a released buffer is KNHK_E_BUFFER_RELEASED in compute and memory calls', async () => {
    const memory = instance.get('memory');
    const buffer = memory.allocate(16);
    memory.free(buffer);
    for (const call of [
      () => instance.get('vector').mul(buffer, new Float32Array(16)),
      () => instance.get('reduce').max(buffer),
      () => memory.copyFromDevice(buffer),
    ]) {
      expect(isKnhkError(await rejection(call), 'KNHK_E_BUFFER_RELEASED')).to.equal(true);
    }
  });

  it('memory past the budget or past what the device allows is KNHK_E_OPENCL_OUT_OF_RESOURCES; freeing makes room again', async () => {
    const memory = instance.get('memory');
    const first = memory.allocate(200_000);
    const error = await rejection(() => memory.allocate(200_000));
    expect(isKnhkError(error, 'KNHK_E_OPENCL_OUT_OF_RESOURCES'), String(error)).to.equal(true);
    expect((error as Error).message).to.contain('maxBufferBytes');
    memory.free(first);
    memory.free(memory.allocate(200_000));
    const huge = await rejection(() => memory.allocate(2 ** 40));
    expect(isKnhkError(huge, 'KNHK_E_OPENCL_OUT_OF_RESOURCES'), String(huge)).to.equal(true);
  });

  it('a detached input or output array is KNHK_E_ARG_INVALID naming it, before anything runs on the device', async () => {
    const f32 = (n: number) => new Float32Array(n);
    expect(isDetached(detached(f32(8)))).to.equal(true);
    expect(isDetached(f32(0))).to.equal(false);
    expect(isDetached(f32(8))).to.equal(false);
    const v = instance.get('vector');
    const pattern = instance.get('pattern');
    const memory = instance.get('memory');
    const set = pattern.compile(['ab']);
    const buffer = memory.allocate(8);
    const calls: readonly [string, () => unknown][] = [
      ['a', () => v.add(detached(f32(8)), detached(f32(8)))],
      ['b', () => v.dot(f32(0), detached(f32(8)))],
      ['c', () => v.fma(f32(4), f32(4), detached(f32(4)))],
      ['out', () => v.mul(f32(4), f32(4), detached(f32(4)))],
      ['a', () => v.compare(detached(f32(4)), 1, 'lt')],
      ['x', () => instance.get('reduce').sum(detached(f32(4)))],
      ['c', () => instance.get('matmul').sgemm({ m: 0, n: 0, k: 0, a: f32(0), b: f32(0), c: detached(f32(4)) })],
      ['data', () => pattern.scan(set, detached(new Uint8Array(8)))],
      ['data', () => memory.copyToDevice(buffer, detached(f32(8)))],
    ];
    for (const [name, call] of calls) {
      const error = await rejection(call);
      expect(isKnhkError(error, 'KNHK_E_ARG_INVALID'), String(error)).to.equal(true);
      expect((error as Error).message).to.match(
        new RegExp(`: ${name} is a (Float32|Uint8)Array whose ArrayBuffer was transferred`),
      );
    }
    pattern.release(set);
    memory.free(buffer);
  });

  it('an sgemm with a leading dimension of 2^32 + 2 is declined by opencl (KNHK_E_CALL_UNSUPPORTED) and runs on cpu through the framework', async () => {
    const lda = 2 ** 32 + 2;
    expect(sgemmIndexLimit({ m: 1, n: 2, k: 2, lda })).to.match(/^lda is 4294967298; the OpenCL sgemm kernels index/);
    expect(sgemmIndexLimit({ m: 1, n: 2, k: 2, lda: 2 })).to.equal(true);
    expect(sgemmIndexLimit(null)).to.equal(true);
    // One row of A: its leading dimension is never stepped over, so the call is valid.
    const params = () => ({
      m: 1,
      n: 2,
      k: 2,
      lda,
      a: Float32Array.of(1, 2),
      b: Float32Array.of(1, 2, 3, 4),
      c: new Float32Array(2),
    });
    const direct = await rejection(() => instance.get('matmul').sgemm(params()));
    expect(isKnhkError(direct, 'KNHK_E_CALL_UNSUPPORTED'), String(direct)).to.equal(true);
    expect((direct as Error).message).to.contain('lda is 4294967298');
    const fw = await createFramework({ plugins: [cpuBackend, openclBackend], discover: false, wisdomPath: false });
    try {
      expect(fw.explain('matmul', 'sgemm', 4).chosen).to.equal('opencl');
      const c = fw.matmul.sgemm(params());
      expect([...(c as Float32Array)]).to.deep.equal([7, 10]);
      expect(fw.fallbacks()).to.deep.equal([]);
    } finally {
      await fw.dispose();
    }
  });

  it('a reduction or dot with a stride of 2^32 + 2 is declined by opencl (KNHK_E_CALL_UNSUPPORTED) and runs on cpu through the framework', async () => {
    const stride = 2 ** 32 + 2;
    expect(reduceRangeIndexLimit({ stride })).to.match(/^range\.stride is 4294967298; the OpenCL kernels index/);
    expect(vectorRangeIndexLimit({ b: { offset: stride } })).to.match(/^range\.b\.offset is 4294967298/);
    expect(vectorRangeIndexLimit({ a: { stride: 3 }, length: 2 })).to.equal(true);
    // A one-element range never steps over its stride: a valid call.
    const x = Float32Array.of(5, 1);
    const direct = await rejection(() => instance.get('reduce').min(x, { stride, length: 1 }));
    expect(isKnhkError(direct, 'KNHK_E_CALL_UNSUPPORTED'), String(direct)).to.equal(true);
    const fw = await createFramework({ plugins: [cpuBackend, openclBackend], discover: false, wisdomPath: false });
    try {
      expect(fw.reduce.min(x, { stride, length: 1 })).to.equal(5);
      expect(fw.reduce.argmax(x, { stride, length: 1 })).to.equal(0);
      expect(fw.vector.dot(x, x, { a: { stride }, b: { stride }, length: 1 })).to.equal(25);
      expect(fw.fallbacks()).to.deep.equal([]);
    } finally {
      await fw.dispose();
    }
  });

  it('a failing device call falls back to the cpu backend with the reason recorded; small calls stay on opencl', async () => {
    const fw = await createFramework({
      plugins: [cpuBackend, openclBackend],
      discover: false,
      wisdomPath: false,
      pluginOptions: { opencl: { maxBufferBytes: 64 * 1024 } },
    });
    try {
      expect(fw.explain('vector', 'add', 1024).chosen).to.equal('opencl');
      const small = fw.vector.add(Float32Array.of(1, 2), Float32Array.of(3, 4));
      expect([...small]).to.deep.equal([4, 6]);
      expect(fw.fallbacks()).to.have.length(0);
      const n = 1 << 16;
      const sum = fw.vector.add(new Float32Array(n).fill(1), new Float32Array(n).fill(2));
      expect(sum.every((x) => x === 3)).to.equal(true);
      const [record] = fw.fallbacks();
      expect(record).to.deep.include({ capability: 'vector', operation: 'add', provider: 'opencl', next: 'cpu' });
      expect(record.error.message).to.contain('KNHK_E_OPENCL_OUT_OF_RESOURCES');
    } finally {
      await fw.dispose();
    }
  });
});
