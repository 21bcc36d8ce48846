import cpuBackend from '@knhk/backend-cpu';
import {
  type ConformanceReport,
  checkConformance,
  createFramework,
  defineBackend,
  formatFailures,
  isKnhkError,
  planConformance,
} from '@knhk/plugin-sdk';
import { expect } from 'chai';

const CAPABILITIES = ['vector', 'reduce', 'matmul', 'pattern', 'mlp', 'memory'];

describe('checkConformance', () => {
  let report: ConformanceReport;

  before(async function () {
    this.timeout(120_000);
    report = await checkConformance(cpuBackend);
  });

  it('passes the cpu reference backend with the default options', () => {
    expect(report.passed, formatFailures(report)).to.equal(true);
    expect(report).to.include({ plugin: 'cpu', available: true });
    expect(report.reason).to.be.a('string').and.not.equal('');
  });

  it('checks the lifecycle and every compute capability the cpu backend declares', () => {
    for (const capability of ['lifecycle', ...CAPABILITIES]) {
      expect(
        report.results.filter((r) => r.capability === capability),
        capability,
      ).to.have.length.greaterThan(0);
    }
    expect(report.results[0].id).to.equal('lifecycle: manifest fields are sane');
    expect(report.results[report.results.length - 1].id).to.equal('lifecycle: dispose() completes');
  });

  it('reports the checks the plan lists, with unique ids', () => {
    const plan = planConformance(cpuBackend);
    expect(report.results.map((r) => r.id)).to.deep.equal(plan.checks.map((c) => c.id));
    expect(new Set(plan.checks.map((c) => c.id)).size).to.equal(plan.checks.length);
    expect(plan.options).to.include({ largeSize: 1 << 20, requireAvailable: true });
  });

  it('covers the named cases of the brief', () => {
    const ids = report.results.map((r) => r.id);
    for (const id of [
      'vector.dot: random odd sizes',
      'vector.dot: exact on small integers',
      'vector.add: out aliasing an input',
      'vector.compare: NaN, ±Inf and ±0',
      'reduce.argmax: ties',
      'reduce.min: empty range throws KNHK_E_ARG_LENGTH',
      'matmul.sgemm: every transposition',
      'matmul.sgemm: beta 0 does not read C',
      'pattern.openStream: random chunk boundaries equal one scan',
      'mlp.trainStep: loss and updated parameters match the reference',
      'memory: a freed buffer throws KNHK_E_BUFFER_RELEASED',
    ]) {
      expect(ids).to.include(id);
    }
  });

  it('plans only the capabilities asked for', () => {
    const plan = planConformance(cpuBackend, { capabilities: ['reduce'] });
    expect(new Set(plan.checks.map((c) => c.capability))).to.deep.equal(new Set(['lifecycle', 'reduce']));
  });

  it('rejects bad options with KNHK_E_CONFIG_INVALID', async () => {
    for (const options of [
      { largeSize: 0 },
      { largeSize: 2.5 },
      { seed: 1.5 },
      { capabilities: ['kem' as 'vector'] },
      { checkTimeoutMs: -1 },
    ]) {
      let error: unknown;
      await checkConformance(cpuBackend, options).catch((e: unknown) => (error = e));
      expect(isKnhkError(error, 'KNHK_E_CONFIG_INVALID'), JSON.stringify(options)).to.equal(true);
    }
  });

  it('fails a capability that is asked for but not declared', async () => {
    const vectorOnly = defineBackend({
      name: 'vector-only',
      version: '1.0.0',
      detect: () => ({ available: true, reason: 'test', devices: [{ id: 'x0', name: 'x', type: 'cpu' }] }),
      providers: { vector: { useFactory: () => ({}) as never } },
    });
    const result = await checkConformance(vectorOnly, { capabilities: ['mlp'] });
    expect(result.passed).to.equal(false);
    const failed = result.results.filter((r) => !r.passed).map((r) => r.id);
    expect(failed).to.deep.equal([
      'lifecycle: every declared capability resolves to an implementation of the operations it registers',
      'mlp: declared by the plugin',
    ]);
  });

  it('refuses a plugin whose apiVersion excludes this core, with the error the framework gives', async () => {
    let started = false;
    const future = defineBackend({
      name: 'from-the-future',
      version: '1.0.0',
      apiVersion: '^99.0.0',
      detect: cpuBackend.detect,
      register: (container, context) => {
        started = true;
        return cpuBackend.register?.(container, context);
      },
      kernels: (cpuBackend.kernels ?? []).filter((k) => k.capability === 'reduce'),
    });
    const fw = await createFramework({ discover: false, plugins: [future], wisdomPath: false });
    const refused = fw.plugins().find((p) => p.name === 'from-the-future');
    await fw.dispose();
    expect(refused?.error?.code).to.equal('KNHK_E_PLUGIN_API_VERSION');
    const message = refused?.error?.message ?? '';
    expect(message).to.include('^99.0.0');

    const result = await checkConformance(future);
    expect(result.passed).to.equal(false);
    expect(result.reason).to.equal(message);
    expect(result.results[0].id).to.equal('lifecycle: manifest fields are sane');
    expect(result.results[0].message).to.include(message);
    const failed = result.results.filter((r) => !r.passed);
    expect(failed.map((r) => r.id)).to.include('lifecycle: starts and reports ready');
    for (const r of failed.filter((r) => r.capability === 'reduce'))
      expect(r.message, r.id).to.equal(`plugin "from-the-future" is failed: ${message}`);
    expect(failed.filter((r) => r.capability === 'reduce').length).to.be.greaterThan(10);
    expect(started, 'the kit must not start a refused plugin').to.equal(false);
  });

  it('gives the same results for the same seed', async () => {
    const options = { capabilities: ['reduce', 'vector'] as const, largeSize: 64, seed: 7 };
    const [first, second] = [await checkConformance(cpuBackend, options), await checkConformance(cpuBackend, options)];
    const strip = (r: ConformanceReport) => r.results.map(({ id, passed, message }) => ({ id, passed, message }));
    expect(strip(first)).to.deep.equal(strip(second));
    expect(first.seed).to.equal(7);
  });
});
