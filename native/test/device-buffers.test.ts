/**
 * Device buffers of the native backends, beyond the conformance kit: compute calls use a
 * buffer's memory in place (nothing is copied), freeing empties every view at once, and
 * buffers of other providers or instances, released buffers and mistyped buffers are
 * coded errors, never a crash.
 */
import { expect } from 'chai';
import { CpuHostMemory, CpuMemory } from '@knhk/backend-cpu';
import {
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

  it('refuses an ArrayBuffer the addon did not allocate, and releases its own only once', () => {
    expect(codeOf(() => addon.releaseMemory(new ArrayBuffer(8)))).to.equal('KNHK_E_ARG_INVALID');
    expect(codeOf(() => addon.allocateMemory(-1))).to.equal('KNHK_E_ARG_RANGE');
    const block = addon.allocateMemory(100);
    addon.releaseMemory(block);
    addon.releaseMemory(block);
    expect(block.byteLength).to.equal(0);
  });
});
