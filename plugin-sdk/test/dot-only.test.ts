import cpuBackend from '@knhk/backend-cpu';
import {
  type ConformanceReport,
  type VectorRange,
  checkConformance,
  createFramework,
  defineBackend,
  defineKernel,
  formatFailures,
} from '@knhk/plugin-sdk';
import { expect } from 'chai';

/** A third-party backend that registers only vector.dot (f64 accumulation, offsets and strides). */
const dotOnly = defineBackend({
  name: 'dot-only',
  version: '1.0.0',
  priority: 10,
  detect: (context) => cpuBackend.detect(context),
  kernels: [
    defineKernel({
      capability: 'vector',
      operation: 'dot',
      accumulation: 'f64',
      // The arithmetic is the cpu reference's dot (through its public provider), so that the
      // kit's argument checks get the same coded errors; the point here is the registration.
      create: () => (a, b, range) => referenceDot(a, b, range),
    }),
  ],
});

let referenceDot: (a: unknown, b: unknown, range?: VectorRange) => number;

describe('a backend that registers only vector.dot', () => {
  let report: ConformanceReport;

  before(async function () {
    this.timeout(120_000);
    const fw = await createFramework({ discover: false, plugins: [cpuBackend], wisdomPath: false });
    const cpuVector = fw.backend('cpu').get('vector');
    referenceDot = (a, b, range) => cpuVector.dot(a as Float32Array, b as Float32Array, range);
    report = await checkConformance(dotOnly);
    await fw.dispose();
  });

  it('passes the kit for what it registers; the other vector operations are listed as not registered', () => {
    expect(report.passed, formatFailures(report)).to.equal(true);
    const vector = report.results.filter((r) => r.capability === 'vector');
    const dot = vector.filter((r) => r.id.startsWith('vector.dot'));
    expect(dot.length).to.be.greaterThan(0);
    expect(dot.every((r) => r.passed && r.skipped !== true)).to.equal(true);
    const others = vector.filter((r) => /^vector\.[a-z]+/.test(r.id) && !r.id.startsWith('vector.dot'));
    expect(others.length).to.be.greaterThan(0);
    for (const r of others) {
      expect(r.skipped, r.id).to.equal(true);
      expect(r.message, r.id).to.match(/^not registered: does not register vector\.[a-z]+$/);
    }
    expect(report.results.some((r) => r.capability === 'reduce')).to.equal(false);
  });

  it('is chosen for dot, and every other vector operation runs on cpu with explain() saying why', async () => {
    const fw = await createFramework({ discover: false, plugins: [cpuBackend, dotOnly], wisdomPath: false });
    expect(fw.explain('vector', 'dot', 1024).chosen).to.equal('dot-only');
    const add = fw.explain('vector', 'add', 1024);
    expect(add.chosen).to.equal('cpu');
    expect(add.excluded).to.deep.include({ provider: 'dot-only', reason: 'does not register vector.add' });
    const a = Float32Array.from({ length: 1024 }, (_, i) => i);
    const b = new Float32Array(1024).fill(0.5);
    expect(fw.vector.dot(a, b)).to.equal(261888);
    expect(fw.vector.add(a, b)[3]).to.equal(3.5);
    expect(fw.fallbacks()).to.deep.equal([]);
    await fw.dispose();
  });
});
