/**
 * Bad input and faults of the opencl backend: wrong sizes and released buffers are caller
 * errors; a device that runs out of memory (the backend's memory budget, or an allocation
 * past what the device allows) is KNHK_E_OPENCL_OUT_OF_RESOURCES; and when a device call
 * fails at run time the framework falls back along the selection order to the cpu backend and
 * records the reason.
 */
import { expect } from 'chai';
import { PluginInstance, createFramework, isKnhkError } from '@knhk/core';
import { cpuBackend } from '@knhk/backend-cpu';
import { openclBackend } from '../src/index.js';
import { describeWithSystemPackages } from '@knhk/plugin-sdk/mocha';
import { OPENCL_RUNTIME } from './opencl-runtime.js';

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
