/**
 * Child process of two-devices.test.ts: started with POCL_DEVICES="pthread pthread" so that
 * PoCL exposes two real OpenCL devices, it opens both with the opencl backend, runs buffers on
 * each, a mixed-device call and split calls on host arrays, and prints what it saw as JSON.
 * Float32 values survive JSON exactly (every float is a double).
 */
import { fileURLToPath } from 'node:url';
import { PluginInstance, createFramework, isKnhkError } from '@knhk/core';
import { type OpenClMemory, openclBackend } from '../src/index.js';

/** The inputs both processes use: deterministic, with negatives and fractions. */
export function inputs(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let state = seed >>> 0;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = (state / 2 ** 32) * 8 - 4;
  }
  return out;
}

/** Sizes of the split calls: odd, so the parts differ by one. */
export const SPLIT_N = 10_007;
export const SGEMM = { m: 67, n: 45, k: 33 } as const;

function codeOf(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    return isKnhkError(error) ? `${error.code} | ${error.message}` : `not coded: ${String(error)}`;
  }
  return 'no error';
}

async function hostCalls(instance: PluginInstance): Promise<Record<string, unknown>> {
  const [v, r, mm] = [instance.get('vector'), instance.get('reduce'), instance.get('matmul')];
  const [a, b, c] = [inputs(SPLIT_N, 1), inputs(SPLIT_N, 2), inputs(SPLIT_N, 3)];
  const strided = new Float32Array(SPLIT_N * 2 + 3);
  v.mul(a, b, strided, { out: { offset: 3, stride: 2 } });
  const { m, n, k } = SGEMM;
  const sgemmC = inputs(m * n, 6);
  mm.sgemm({ m, n, k, a: inputs(k * m, 4), b: inputs(k * n, 5), c: sgemmC, transA: true, alpha: 0.5, beta: 2 });
  return {
    add: [...v.add(a, b)],
    div: [...v.div(a, b)],
    fma: [...v.fma(a, b, c)],
    mulStrided: [...strided],
    compare: [...v.compare(a, 0.25, 'lt')],
    dot: v.dot(a, b),
    sum: r.sum(a),
    min: r.min(a),
    max: r.max(a),
    argmax: r.argmax(a),
    sgemm: [...sgemmC],
  };
}

async function main(): Promise<void> {
  const instance = await PluginInstance.start(openclBackend, { options: { devices: 'all', splitMinElements: 1000 } });
  if (instance.status !== 'ready') throw new Error(`opencl: ${instance.reason}`);
  const unsplit = await PluginInstance.start(openclBackend, { options: { devices: 'all', splitMinElements: false } });
  try {
    const memory = instance.get('memory') as OpenClMemory;
    const ids = memory.devices().map((d) => d.id);
    const second = memory.on(ids[1]);
    const before = second.info().freeBytes;
    const host = await hostCalls(instance);
    const splitUsedSecond = second.info().freeBytes < before;
    const reference = await hostCalls(unsplit);

    const v = instance.get('vector');
    const perDevice = [];
    for (const id of ids) {
      const on = memory.on(id);
      const [x, y] = [on.allocate(8), on.allocate(8)];
      on.copyToDevice(x, inputs(8, 7));
      on.copyToDevice(y, inputs(8, 8));
      const sum = v.add(x, y);
      perDevice.push({
        id,
        xDevice: x.device,
        sumDevice: sum.device,
        sum: [...(await on.copyFromDevice(sum))],
        reduced: instance.get('reduce').sum(x),
        allocations: on.info().allocations,
      });
    }
    const [x0, x1] = [memory.on(ids[0]).allocate(8), memory.on(ids[1]).allocate(8)];
    const mixed = codeOf(() => v.add(x0, x1));
    const mixedOut = codeOf(() => v.add(x0, inputs(8, 1), x1));
    const unknown = codeOf(() => memory.on('opencl:9:9'));
    const hostWithSecond = v.add(x1, inputs(8, 2)).device;
    const pattern = instance.get('pattern');
    const set = pattern.compile(['ab']);
    const text = memory.on(ids[1]).allocate(4, 'u8');
    const patternMixed = codeOf(() => pattern.scan(set, text));
    const framework = await createFramework({
      plugins: [openclBackend],
      discover: false,
      wisdomPath: false,
      pluginOptions: { opencl: { devices: 'all' } },
    });
    const viaFramework = (framework.backend('opencl').get('memory') as OpenClMemory).on(ids[1]).allocate(4).device;
    await framework.dispose();
    const measured = await PluginInstance.start(openclBackend, {
      options: { devices: 'measured', splitMinElements: 1000 },
    });
    const measuredAdd = [...measured.get('vector').add(inputs(SPLIT_N, 1), inputs(SPLIT_N, 2))];
    const measuredSum = measured.get('reduce').sum(inputs(SPLIT_N, 1));
    await measured.dispose();
    const primary = memory
      .devices()
      .filter((d) => d.primary)
      .map((d) => d.id);
    console.log(
      JSON.stringify({
        ...{ ids, primary, splitUsedSecond, host, reference, perDevice, mixed, mixedOut, unknown },
        ...{ hostWithSecond, patternMixed, viaFramework, measuredAdd, measuredSum },
      }),
    );
  } finally {
    await unsplit.dispose();
    await instance.dispose();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
