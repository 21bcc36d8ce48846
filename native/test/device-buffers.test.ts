/**
 * Device buffers of the native backends, beyond the conformance kit: compute calls use a
 * buffer's memory in place (nothing is copied), freeing empties every view at once, and
 * buffers of other providers or instances, released buffers and mistyped buffers are
 * coded errors, never a crash.
 */
import { expect } from 'chai';
import path from 'node:path';
import { CpuHostMemory, CpuMemory } from '@knhk/backend-cpu';
import {
  DEFAULT_BUILD_DIR,
  NativeBufferStore,
  NativeMatmul,
  NativeMemory,
  NativeReductions,
  NativeVectorOps,
  loadNative,
} from '../src/index.js';

const load = loadNative();
if (!load.ok) throw new Error(`the addon must be built for these tests: ${load.reason}`);
const addon = load.addon;
const isa = load.isas.includes('avx2') ? 'avx2' : 'scalar';

function codeOf(call: () => unknown): string | undefined {
  try {
    call();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  throw new Error('expected the call to throw');
}

describe('@knhk/native device buffers', () => {
  const store = new NativeBufferStore(isa, addon);
  const memory = new NativeMemory(store);
  const vector = new NativeVectorOps(addon.kernels(isa), store);
  const reduce = new NativeReductions(addon.kernels(isa), store);
  const matmul = new NativeMatmul(addon.kernels(isa), store);

  it('are 64-byte aligned memory of the addon, written in place by compute calls', () => {
    const a = store.allocate('test', 1000, 'f32');
    const out = store.allocate('test', 1000, 'f32');
    const view = out.view;
    expect(view.byteOffset).to.equal(0);
    memory.copyToDevice(
      a,
      Float32Array.from({ length: 1000 }, (_, i) => i),
    );
    expect(vector.add(a, a, out)).to.equal(out);
    expect(out.view).to.equal(view);
    expect(view[999]).to.equal(1998);
    const c = store.allocate('test', 4, 'f32');
    matmul.sgemm({ m: 2, n: 2, k: 2, a: Float32Array.of(1, 2, 3, 4), b: Float32Array.of(1, 0, 0, 1), c });
    expect([...c.view]).to.deep.equal([1, 2, 3, 4]);
    for (const buffer of [a, out, c]) memory.free(buffer);
  });

  it('empties every view of a buffer at free, and counts it out of info()', () => {
    const before = memory.info();
    const buffer = store.allocate('test', 1 << 16, 'f32');
    const view = buffer.view;
    expect(memory.info().allocatedBytes).to.equal(before.allocatedBytes + (1 << 18));
    memory.free(buffer);
    expect(view.length).to.equal(0);
    expect(buffer.view.length).to.equal(0);
    expect(memory.info().allocations).to.equal(before.allocations);
    memory.free(buffer);
  });

  it('rejects released, foreign, other-instance and mistyped buffers with coded errors', async () => {
    const released = store.allocate('test', 8, 'f32');
    memory.free(released);
    const host = new Float32Array(8);
    expect(codeOf(() => vector.mul(host, released))).to.equal('KNHK_E_BUFFER_RELEASED');
    expect(codeOf(() => reduce.max(released))).to.equal('KNHK_E_BUFFER_RELEASED');
    expect(codeOf(() => matmul.sgemm({ m: 2, n: 2, k: 2, a: host, b: host, c: released }))).to.equal(
      'KNHK_E_BUFFER_RELEASED',
    );
    const cpuBuffer = new CpuMemory(new CpuHostMemory()).allocate(8);
    expect(codeOf(() => vector.add(cpuBuffer, host))).to.equal('KNHK_E_BUFFER_FOREIGN');
    const other = new NativeBufferStore(isa, addon).allocate('test', 8, 'f32');
    expect(codeOf(() => reduce.sum(other))).to.equal('KNHK_E_BUFFER_FOREIGN');
    const bytes = store.allocate('test', 8, 'u8');
    expect(codeOf(() => vector.add(bytes, host))).to.equal('KNHK_E_ARG_TYPE');
    expect(codeOf(() => vector.add(host, host, bytes as never))).to.equal('KNHK_E_ARG_TYPE');
    expect(codeOf(() => memory.copyToDevice(bytes, host))).to.equal('KNHK_E_ARG_TYPE');
    let rejected: unknown;
    await memory.copyFromDevice(released).catch((error: unknown) => (rejected = error));
    expect((rejected as { code?: string }).code).to.equal('KNHK_E_BUFFER_RELEASED');
    memory.free(bytes);
  });

  it('gives a buffer of the backend for a buffer input without out, and reads host arrays that alias C as copies', () => {
    const a = store.allocate('test', 64, 'f32');
    memory.copyToDevice(a, new Float32Array(64).fill(2));
    const sum = vector.add(a, new Float32Array(64).fill(1));
    expect(sum).to.be.instanceOf(Object).and.have.property('provider', isa);
    const mask = vector.compare(a, 1.5, 'gt');
    expect(mask).to.have.property('dtype', 'u8');
    const shared = Float32Array.of(1, 2, 3, 4, 0, 0, 0, 0);
    matmul.sgemm({ m: 2, n: 2, k: 2, a: shared, b: shared, c: shared, cOffset: 2, beta: 0 });
    expect([...shared.subarray(2, 6)]).to.deep.equal([7, 10, 15, 22]);
    for (const buffer of [a, sum, mask]) memory.free(buffer as never);
  });

  it('computes dot and the reductions of whole f32 buffers by their memory ids, with the results of the views', () => {
    const n = 1000;
    const [a, b] = [store.allocate('test', n, 'f32'), store.allocate('test', n, 'f32')];
    memory.copyToDevice(
      a,
      Float32Array.from({ length: n }, (_, i) => (i % 17) - 8),
    );
    memory.copyToDevice(
      b,
      Float32Array.from({ length: n }, (_, i) => (i % 5) * 0.25),
    );
    const kernels = addon.kernels(isa);
    const expected = kernels.dot(a.view as Float32Array, b.view as Float32Array);
    expect(kernels.dot(a.memoryId, b.memoryId)).to.equal(expected);
    expect(vector.dot(a, b)).to.equal(expected);
    // A range, or buffers of different lengths, take the checked path.
    expect(vector.dot(a, b, { length: 10 })).to.equal(
      kernels.dot(a.view.subarray(0, 10) as Float32Array, b.view.subarray(0, 10) as Float32Array),
    );
    const short = store.allocate('test', n - 1, 'f32');
    expect(codeOf(() => vector.dot(a, short))).to.equal('KNHK_E_ARG_LENGTH');
    expect(codeOf(() => kernels.dot(a.memoryId, short.memoryId))).to.equal('KNHK_E_ARG_LENGTH');
    for (const name of ['sum', 'min', 'max', 'argmax'] as const) {
      expect(kernels[name](a.memoryId), name).to.equal(kernels[name](a.view as Float32Array));
      expect(reduce[name](a), name).to.equal(kernels[name](a.view as Float32Array));
    }
    const empty = store.allocate('test', 0, 'f32');
    expect(reduce.sum(empty)).to.equal(0);
    expect(codeOf(() => reduce.max(empty))).to.equal('KNHK_E_ARG_LENGTH');
    expect(codeOf(() => kernels.max(empty.memoryId))).to.equal('KNHK_E_ARG_LENGTH');
    memory.free(empty);
    memory.free(b);
    expect(codeOf(() => vector.dot(a, b))).to.equal('KNHK_E_BUFFER_RELEASED');
    expect(codeOf(() => reduce.sum(b))).to.equal('KNHK_E_BUFFER_RELEASED');
    expect(codeOf(() => kernels.sum(b.memoryId))).to.equal('KNHK_E_BUFFER_RELEASED');
    for (const buffer of [a, short]) memory.free(buffer);
  });

  it('never lets the memory id of a released block name another block, and checks ids at the boundary', () => {
    const kernels = addon.kernels(isa);
    const first = addon.allocateMemory(64);
    const staleId = addon.memoryId(first);
    addon.releaseMemory(first);
    // The freed slot is reused with a new generation: the old id still names nothing.
    const second = addon.allocateMemory(64);
    const secondId = addon.memoryId(second);
    expect(secondId).to.not.equal(staleId);
    expect(codeOf(() => kernels.dot(staleId, secondId))).to.equal('KNHK_E_BUFFER_RELEASED');
    expect(kernels.dot(secondId, secondId)).to.equal(0);
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 53, '1', undefined]) {
      expect(codeOf(() => kernels.dot(bad as number, secondId))).to.equal('KNHK_E_ARG_TYPE');
    }
    // Small integers (below 2^24: generation 0) never name memory.
    for (const small of [0, 1, 2, 1000, 2 ** 24 - 1]) {
      expect(codeOf(() => kernels.dot(small, secondId))).to.equal('KNHK_E_BUFFER_RELEASED');
    }
    expect(codeOf(() => kernels.dot(2 ** 40, secondId))).to.equal('KNHK_E_BUFFER_RELEASED');
    expect(codeOf(() => (kernels.dot as (id: number) => number)(secondId))).to.equal('KNHK_E_ARG_TYPE');
    expect(codeOf(() => addon.memoryId(new ArrayBuffer(8)))).to.equal('KNHK_E_ARG_INVALID');
    expect(codeOf(() => addon.memoryId(first))).to.equal('KNHK_E_BUFFER_RELEASED');
    expect(codeOf(() => addon.memoryId({} as ArrayBuffer))).to.equal('KNHK_E_ARG_TYPE');
    addon.releaseMemory(second);
  });

  it('keeps memory ids to their thread: a worker that is handed one finds no memory', async () => {
    const block = addon.allocateMemory(4096);
    const id = addon.memoryId(block);
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const addon = require(workerData.addonPath);
      const kernels = addon.kernels(workerData.isa);
      let code = 'none';
      try { kernels.dot(workerData.id, workerData.id); } catch (error) { code = error.code; }
      const own = addon.allocateMemory(16);
      parentPort.postMessage({ code, ownId: addon.memoryId(own), ownDot: kernels.dot(addon.memoryId(own), addon.memoryId(own)) });
    `;
    const { Worker } = await import('node:worker_threads');
    const worker = new Worker(source, {
      eval: true,
      workerData: { addonPath: path.join(DEFAULT_BUILD_DIR, 'Release', 'knhk_native.node'), isa, id },
    });
    const reply = await new Promise<{ code: string; ownId: number; ownDot: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(reply.code).to.equal('KNHK_E_BUFFER_RELEASED');
    expect(reply.ownDot).to.equal(0);
    expect(addon.kernels(isa).dot(id, id)).to.equal(0);
    addon.releaseMemory(block);
  });

  it('refuses an ArrayBuffer the addon did not allocate, and releases its own only once', () => {
    expect(codeOf(() => addon.releaseMemory(new ArrayBuffer(8)))).to.equal('KNHK_E_ARG_INVALID');
    expect(codeOf(() => addon.allocateMemory(-1))).to.equal('KNHK_E_ARG_RANGE');
    const block = addon.allocateMemory(100);
    addon.releaseMemory(block);
    addon.releaseMemory(block);
    expect(block.byteLength).to.equal(0);
    // A zero-byte block has no address of its own, and is still found, named and released.
    const empty = addon.allocateMemory(0);
    expect(empty.byteLength).to.equal(0);
    expect(addon.kernels(isa).sum(addon.memoryId(empty))).to.equal(0);
    addon.releaseMemory(empty);
    expect(codeOf(() => addon.memoryId(empty))).to.equal('KNHK_E_BUFFER_RELEASED');
  });
});
