/**
 * Several OpenCL devices at once, on the real runtime: PoCL exposes two CPU devices when
 * started with POCL_DEVICES="pthread pthread" (a PoCL setting), so the checks run in a child
 * process started with it (two-devices.run.ts); this process compares what it saw with the
 * cpu backend. Buffers live on the device they were allocated on and compute on them runs
 * there, buffers of two devices in one call are KNHK_E_OPENCL_DEVICE_MISMATCH, and calls on
 * host arrays above `splitMinElements` are split over both devices with the same results.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { KnhkError, PluginInstance } from '@knhk/core';
import { cpuBackend } from '@knhk/backend-cpu';
import { parseOptions, splitByShares } from '../src/index.js';
import { SGEMM, SPLIT_N, inputs } from './two-devices.run.js';
import { describeWithSystemPackages } from '@knhk/plugin-sdk/mocha';
import { OPENCL_RUNTIME } from './opencl-runtime.js';

interface HostResults {
  readonly add: number[];
  readonly div: number[];
  readonly fma: number[];
  readonly mulStrided: number[];
  readonly compare: number[];
  readonly dot: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  readonly argmax: number;
  readonly sgemm: number[];
}

interface Seen {
  readonly ids: string[];
  readonly primary: string[];
  readonly splitUsedSecond: boolean;
  readonly host: HostResults;
  readonly reference: HostResults;
  readonly perDevice: {
    id: string;
    xDevice: string;
    sumDevice: string;
    sum: number[];
    reduced: number;
    allocations: number;
  }[];
  readonly mixed: string;
  readonly mixedOut: string;
  readonly unknown: string;
  readonly hostWithSecond: string;
  readonly patternMixed: string;
  readonly viaFramework: string;
  readonly measuredAdd: number[];
  readonly measuredSum: number;
}

function runChild(): Seen {
  const script = fileURLToPath(new URL('./two-devices.run.js', import.meta.url));
  const child = spawnSync(process.execPath, [script], {
    env: { ...process.env, POCL_DEVICES: 'pthread pthread' },
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 2 ** 20,
  });
  if (child.status !== 0) {
    const why = child.error?.message ?? child.signal ?? `exit ${child.status}`;
    throw new Error(`two-devices.run.js failed (${why}): ${child.stderr}`);
  }
  return JSON.parse(child.stdout) as Seen;
}

describeWithSystemPackages('@knhk/backend-opencl: several devices at once', OPENCL_RUNTIME, () => {
  let seen: Seen;
  let cpu: PluginInstance;

  before(async () => {
    cpu = await PluginInstance.start(cpuBackend, {});
    seen = runChild();
  });

  after(() => cpu.dispose());

  it('opens two real devices, the first one primary', () => {
    expect(seen.ids).to.have.length(2);
    expect(seen.primary).to.deep.equal([seen.ids[0]]);
  });

  it('allocates on the chosen device and computes there, with the cpu backend results', () => {
    const expected = [...cpu.get('vector').add(inputs(8, 7), inputs(8, 8))];
    const reduced = cpu.get('reduce').sum(inputs(8, 7));
    for (const [i, d] of seen.perDevice.entries()) {
      expect(d.id).to.equal(seen.ids[i]);
      expect(d.xDevice).to.equal(d.id);
      expect(d.sumDevice).to.equal(d.id);
      expect(d.sum).to.deep.equal(expected);
      expect(d.reduced).to.be.closeTo(reduced, 1e-5);
      expect(d.allocations).to.equal(3);
    }
  });

  it('runs a call on the device of its buffer, host arrays uploaded there; framework.backend() gives the same memory API', () => {
    expect(seen.hostWithSecond).to.equal(seen.ids[1]);
    expect(seen.viaFramework).to.equal(seen.ids[1]);
  });

  it('refuses buffers of two devices in one call with KNHK_E_OPENCL_DEVICE_MISMATCH, saying what to do', () => {
    expect(seen.mixed).to.match(
      /^KNHK_E_OPENCL_DEVICE_MISMATCH \| .*vector.add: a is on opencl:0:0 and b on opencl:0:1/,
    );
    expect(seen.mixed).to.contain("memory.on('opencl:0:0').allocate()");
    expect(seen.mixedOut).to.match(/^KNHK_E_OPENCL_DEVICE_MISMATCH \| .*vector.add: a is on .* and out on /);
    expect(seen.patternMixed).to.match(
      /^KNHK_E_OPENCL_DEVICE_MISMATCH \| .*pattern.scan: data is on opencl:0:1, this call runs on opencl:0:0/,
    );
    expect(seen.unknown).to.match(/^KNHK_E_ARG_INVALID \| .*memory.on: "opencl:9:9" is not an opened opencl device/);
  });

  it('splits large calls on host arrays over both devices, with the results of one device and of the cpu backend', () => {
    expect(seen.splitUsedSecond).to.equal(true);
    const { host, reference } = seen;
    for (const key of ['add', 'div', 'fma', 'mulStrided', 'compare', 'min', 'max', 'argmax', 'sgemm'] as const) {
      expect(host[key], key).to.deep.equal(reference[key]);
    }
    const [v, r] = [cpu.get('vector'), cpu.get('reduce')];
    const [a, b, c] = [inputs(SPLIT_N, 1), inputs(SPLIT_N, 2), inputs(SPLIT_N, 3)];
    expect(host.add).to.deep.equal([...v.add(a, b)]);
    expect(host.div).to.deep.equal([...v.div(a, b)]);
    expect(host.fma).to.deep.equal([...v.fma(a, b, c)]);
    const strided = new Float32Array(SPLIT_N * 2 + 3);
    v.mul(a, b, strided, { out: { offset: 3, stride: 2 } });
    expect(host.mulStrided).to.deep.equal([...strided]);
    expect(host.compare).to.deep.equal([...v.compare(a, 0.25, 'lt')]);
    expect([host.min, host.max, host.argmax]).to.deep.equal([r.min(a), r.max(a), r.argmax(a)]);
    expect(host.sum).to.be.closeTo(r.sum(a), 1e-3);
    expect(host.dot).to.be.closeTo(v.dot(a, b), 1e-2);
    expect(seen.measuredAdd, "split by measured speed (devices: 'measured')").to.deep.equal(host.add);
    expect(seen.measuredSum).to.be.closeTo(r.sum(a), 1e-3);
    const { m, n, k } = SGEMM;
    const cc = inputs(m * n, 6);
    cpu
      .get('matmul')
      .sgemm({ m, n, k, a: inputs(k * m, 4), b: inputs(k * n, 5), c: cc, transA: true, alpha: 0.5, beta: 2 });
    host.sgemm.forEach((x, i) => expect(x).to.be.closeTo(cc[i], 1e-4));
  });

  it('cuts a split into contiguous parts in proportion to the shares, never empty', () => {
    expect(splitByShares(10, [1, 1, 1])).to.deep.equal([
      { device: 0, start: 0, count: 4 },
      { device: 1, start: 4, count: 3 },
      { device: 2, start: 7, count: 3 },
    ]);
    expect(splitByShares(10, [3, 1])).to.deep.equal([
      { device: 0, start: 0, count: 8 },
      { device: 1, start: 8, count: 2 },
    ]);
    expect(splitByShares(1, [1, 1])).to.deep.equal([{ device: 0, start: 0, count: 1 }]);
    expect(splitByShares(5, [1, 1e-9])).to.deep.equal([{ device: 0, start: 0, count: 5 }]);
  });

  it('checks splitMinElements: a positive integer or false', () => {
    expect(parseOptions({}).splitMinElements).to.equal(2 ** 20);
    expect(parseOptions({ splitMinElements: false }).splitMinElements).to.equal(false);
    expect(() => parseOptions({ splitMinElements: 0 })).to.throw(
      KnhkError,
      /splitMinElements must be a positive integer or false/,
    );
  });
});
