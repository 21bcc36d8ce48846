import { type ConformanceReport, type ConformanceResult, checkConformance, formatFailures } from '@knhk/plugin-sdk';
import { expect } from 'chai';
import {
  addThrowsUncoded,
  addWrongForOddLengths,
  dotDropsLast,
  dotDropsElement1001,
  dotOffBySmallError,
  dotRelativeErrorWhenLarge,
  dotStrideOffByOne,
  dotTenPercentOffWhenLarge,
  float32Matmul,
  float32Reduce,
  float32Vector,
  kernelBackend,
  maxIgnoresNaN,
  minOrdersNegativeZeroAbove,
  patternScansInChunks,
  patternSkipsOverlaps,
  sgemmIgnoresBeta,
  sgemmIgnores,
  startDelegate,
  sumEmptyNegativeZero,
  sumReadsOnePastStride,
  sumRelativeErrorWhenLarge,
  sumTenPercentOffWhenLarge,
  stopDelegate,
  wrappedBackend,
} from './broken-plugins.js';

const OPTIONS = { largeSize: 4096 };

function result(report: ConformanceReport, id: string): ConformanceResult {
  const found = report.results.find((r) => r.id === id);
  expect(found, `no check "${id}"`).to.not.equal(undefined);
  return found as ConformanceResult;
}

function failedIds(report: ConformanceReport): string[] {
  return report.results.filter((r) => !r.passed).map((r) => r.id);
}

/** Expects `id` to fail, with a message containing `words`, and every failed check to start with `prefix`. */
function expectFailure(report: ConformanceReport, id: string, prefix: string, ...words: string[]): void {
  expect(report.passed).to.equal(false);
  const failed = result(report, id);
  expect(failed.passed, `"${id}" should fail`).to.equal(false);
  for (const word of words) expect(failed.message).to.include(word);
  const unrelated = failedIds(report).filter((other) => !other.startsWith(prefix));
  expect(unrelated, formatFailures(report)).to.deep.equal([]);
}

describe('the conformance kit fails broken plugins', function () {
  this.timeout(60_000);
  before(startDelegate);
  after(stopDelegate);

  it('catches a dot that is 10% wrong at 2^20 elements', async () => {
    const plugin = wrappedBackend('dot-ten-percent-large', { vector: dotTenPercentOffWhenLarge });
    const report = await checkConformance(plugin, { largeSize: 1 << 20, capabilities: ['vector'] });
    expectFailure(report, 'vector.dot: large size, mostly positive products', 'vector.dot', 'n=1048576');
  });

  describe('a dot and a sum 1e-3 wrong (relative) at 2^20 elements', () => {
    const bugs = { vector: dotRelativeErrorWhenLarge, reduce: sumRelativeErrorWhenLarge };
    const LARGE = { largeSize: 1 << 20, capabilities: ['vector', 'reduce'] as const };

    it('are absent from the cpu float64 kernels, which pass when declared f64', async () => {
      const report = await checkConformance(kernelBackend('cpu-f64', 'f64'), {
        largeSize: 1 << 16,
        capabilities: ['vector', 'reduce', 'matmul'],
      });
      expect(report.passed, formatFailures(report)).to.equal(true);
      const ran = report.results.filter((r) => r.skipped !== true).map((r) => r.id);
      for (const id of ['vector.dot: large size', 'reduce.sum: large size', 'matmul.sgemm: every transposition'])
        expect(ran).to.include(id);
    });

    it('are caught by the float checks when the kernels declare f64 accumulation', async () => {
      const report = await checkConformance(kernelBackend('f64-relative-error', 'f64', bugs), LARGE);
      for (const id of ['vector.dot: large size', 'reduce.sum: large size']) {
        expect(result(report, id).passed, id).to.equal(false);
        expect(result(report, id).message).to.include('n=1048576').and.include('f64 accumulation');
      }
      const unrelated = failedIds(report).filter((id) => !/^(vector\.dot|reduce\.sum): /.test(id));
      expect(unrelated, formatFailures(report)).to.deep.equal([]);
    });

    it('pass the float checks when declared f32 (within gamma_n(u32)), and fail only the exact ones', async () => {
      const report = await checkConformance(kernelBackend('f32-relative-error', 'f32', bugs), LARGE);
      expect(result(report, 'vector.dot: large size').passed).to.equal(true);
      expect(result(report, 'reduce.sum: large size').passed).to.equal(true);
      expect(failedIds(report)).to.deep.equal([
        'vector.dot: exact on small integers',
        'reduce.sum: exact on small integers',
      ]);
    });
  });

  it('catches a dot that reads a strided operand at stride - 1', async () => {
    const report = await checkConformance(
      wrappedBackend('dot-stride-minus-one', { vector: dotStrideOffByOne }),
      OPTIONS,
    );
    expectFailure(report, 'vector.dot: offsets, strides and explicit length', 'vector.dot', 'strides');
    expect(result(report, 'vector.dot: random odd sizes').passed).to.equal(true);
  });

  it('catches a sum that reads one past each strided element', async () => {
    const report = await checkConformance(wrappedBackend('sum-one-past', { reduce: sumReadsOnePastStride }), OPTIONS);
    expectFailure(report, 'reduce.sum: offsets, strides and explicit length', 'reduce.sum', 'stride');
    expect(result(report, 'reduce.sum: random odd sizes').passed).to.equal(true);
  });

  for (const flag of ['transA', 'transB'] as const) {
    it(`catches an sgemm that ignores ${flag}`, async () => {
      const report = await checkConformance(
        wrappedBackend(`no-${flag.toLowerCase()}`, { matmul: sgemmIgnores(flag) }),
        OPTIONS,
      );
      expectFailure(report, 'matmul.sgemm: every transposition', 'matmul.sgemm', flag);
      expect(result(report, 'matmul.sgemm: 1x1x1 and odd sizes').passed).to.equal(true);
    });
  }

  it('catches a scan that misses matches across 64 KiB chunk boundaries', async () => {
    const name = 'chunked-scan';
    const report = await checkConformance(wrappedBackend(name, { pattern: patternScansInChunks(name, 1 << 16) }), {
      ...OPTIONS,
      capabilities: ['pattern'],
    });
    expectFailure(
      report,
      'pattern.scan: matches across block and chunk boundaries (16 B to 64 KiB)',
      'pattern.scan',
      'patterns across',
      'ending at',
    );
    expect(result(report, 'pattern.openStream: writes of 4 KiB and 64 KiB with matches across them').passed).to.equal(
      true,
    );
  });

  it('catches a sum that is 10% wrong at 2^20 elements (f32 accumulation)', async () => {
    const plugin = wrappedBackend('sum-ten-percent-large', { reduce: sumTenPercentOffWhenLarge });
    const report = await checkConformance(plugin, { largeSize: 1 << 20, capabilities: ['reduce'] });
    expectFailure(report, 'reduce.sum: large size, mostly positive', 'reduce.sum', 'n=1048576', 'f32 accumulation');
  });

  it('catches a dot that drops an element above index 1000', async () => {
    const report = await checkConformance(wrappedBackend('dot-drops-1001', { vector: dotDropsElement1001 }), OPTIONS);
    expectFailure(report, 'vector.dot: exact on small integers', 'vector.dot', 'n=1023');
  });

  it('catches an empty sum that returns -0', async () => {
    const report = await checkConformance(
      wrappedBackend('sum-empty-minus-zero', { reduce: sumEmptyNegativeZero }),
      OPTIONS,
    );
    expectFailure(report, 'reduce.sum: empty range is +0', 'reduce.sum', 'expected 0, got -0');
  });

  it('catches a max that ignores NaN', async () => {
    const report = await checkConformance(wrappedBackend('max-ignores-nan', { reduce: maxIgnoresNaN }), OPTIONS);
    expectFailure(report, 'reduce.max: NaN and ±Inf', 'reduce.max', 'expected NaN');
  });

  it('catches a min that orders -0 above +0', async () => {
    const report = await checkConformance(
      wrappedBackend('min-minus-zero-above', { reduce: minOrdersNegativeZeroAbove }),
      OPTIONS,
    );
    expectFailure(report, 'reduce.min: NaN and ±Inf', 'reduce.min', 'expected -0, got 0');
  });

  it('passes the wrapper itself when it has no bug', async () => {
    const report = await checkConformance(wrappedBackend('clean-wrapper'), OPTIONS);
    expect(report.passed, formatFailures(report)).to.equal(true);
    expect(new Set(report.results.map((r) => r.capability))).to.deep.equal(
      new Set(['lifecycle', 'vector', 'reduce', 'matmul', 'pattern']),
    );
  });

  it('passes legitimate float32 accumulation in other orders and unfused fma, for several seeds', async () => {
    const plugin = wrappedBackend('float32-sums', {
      vector: float32Vector,
      reduce: float32Reduce,
      matmul: float32Matmul,
    });
    for (const seed of [1, 2, 3]) {
      const report = await checkConformance(plugin, {
        largeSize: 1 << 16,
        seed,
        capabilities: ['vector', 'reduce', 'matmul'],
      });
      expect(report.passed, formatFailures(report)).to.equal(true);
    }
  });

  it('(1) fails a dot product that is off by a small error', async () => {
    const report = await checkConformance(wrappedBackend('dot-error', { vector: dotOffBySmallError }), OPTIONS);
    expectFailure(report, 'vector.dot: exact on small integers', 'vector.dot', 'vector.dot', 'expected', 'got');
    expect(result(report, 'vector.dot: empty').passed).to.equal(false);
    expect(result(report, 'vector.add: random odd sizes').passed).to.equal(true);
    expect(result(report, 'reduce.sum: random odd sizes').passed).to.equal(true);
  });

  it('(1) fails a dot product that drops the last element', async () => {
    const report = await checkConformance(wrappedBackend('dot-drops-last', { vector: dotDropsLast }), OPTIONS);
    expectFailure(report, 'vector.dot: exact on small integers', 'vector.dot', 'exactly');
    expect(result(report, 'vector.dot: empty').passed).to.equal(true);
  });

  it('(2) fails an add that is one ulp wrong for odd lengths only', async () => {
    const report = await checkConformance(wrappedBackend('odd-add', { vector: addWrongForOddLengths }), OPTIONS);
    expectFailure(report, 'vector.add: random odd sizes', 'vector.add', 'n=15', 'element [7]', 'bit for bit');
    expect(result(report, 'vector.add: sizes 1, 2, 3').passed).to.equal(false);
    expect(result(report, 'vector.add: empty').passed).to.equal(true);
    expect(result(report, 'vector.add: large size').passed).to.equal(true);
    expect(result(report, 'vector.sub: random odd sizes').passed).to.equal(true);
  });

  it('(3) fails a pattern scan that skips overlapping matches', async () => {
    const report = await checkConformance(
      wrappedBackend('no-overlaps', { pattern: patternSkipsOverlaps('no-overlaps') }),
      OPTIONS,
    );
    expectFailure(
      report,
      'pattern.scan: overlapping, duplicate and suffix patterns',
      'pattern.scan',
      'expected pattern',
      'ending at',
    );
    expect(result(report, 'pattern.compile: returns a pattern-set handle of this plugin').passed).to.equal(true);
    expect(result(report, 'pattern.scan: single-byte patterns').passed).to.equal(true);
    expect(result(report, 'pattern.openStream: random chunk boundaries equal one scan').passed).to.equal(true);
  });

  it('(4) fails an sgemm that ignores beta', async () => {
    const report = await checkConformance(wrappedBackend('no-beta', { matmul: sgemmIgnoresBeta }), OPTIONS);
    expectFailure(report, 'matmul.sgemm: alpha and beta', 'matmul.sgemm', 'beta');
    expect(result(report, 'matmul.sgemm: every transposition').passed).to.equal(true);
    expect(result(report, 'matmul.sgemm: beta 0 does not read C').passed).to.equal(true);
  });

  it('(5) fails a plugin that throws an uncoded Error on mismatched lengths', async () => {
    const report = await checkConformance(wrappedBackend('uncoded', { vector: addThrowsUncoded }), OPTIONS);
    expect(failedIds(report)).to.deep.equal(['vector: mismatched lengths throw KNHK_E_ARG_LENGTH']);
    expect(result(report, 'vector: mismatched lengths throw KNHK_E_ARG_LENGTH').message).to.include(
      'uncoded Error: lengths differ',
    );
  });

  describe('(6) a plugin whose detect() says unavailable', () => {
    const reason = 'no Acme accelerator found (/dev/acme0 is missing)';
    const unavailable = wrappedBackend('acme', { detect: () => ({ available: false, reason, devices: [] }) });

    it('fails with its reason by default', async () => {
      const report = await checkConformance(unavailable, OPTIONS);
      expect(report).to.include({ available: false, reason, passed: false });
      expect(result(report, 'lifecycle: starts and reports ready').message).to.include(reason);
      expect(result(report, 'lifecycle: detect() answers { available, reason, devices }').passed).to.equal(true);
      expect(result(report, 'lifecycle: manifest fields are sane').passed).to.equal(true);
      const compute = report.results.filter((r) => r.capability !== 'lifecycle');
      expect(compute.length).to.be.greaterThan(50);
      for (const r of compute)
        expect(r, r.id).to.include({ passed: false, message: `plugin "acme" is unavailable: ${reason}` });
    });

    it('passes, skipping the capability checks, with requireAvailable: false', async () => {
      const report = await checkConformance(unavailable, { ...OPTIONS, requireAvailable: false });
      expect(report.passed, formatFailures(report)).to.equal(true);
      expect(report.available).to.equal(false);
      const compute = report.results.filter((r) => r.capability !== 'lifecycle');
      expect(compute.every((r) => r.skipped === true && r.message?.startsWith('not run: '))).to.equal(true);
    });
  });

  it('fails a check that does not finish in time, and runs the others', async () => {
    const plugin = wrappedBackend('never-synchronizes', {
      memory: () => ({ synchronize: () => new Promise<void>(() => {}) }),
    });
    const report = await checkConformance(plugin, { ...OPTIONS, capabilities: ['memory'], checkTimeoutMs: 300 });
    const timedOut = result(report, 'memory.synchronize: resolves');
    expect(timedOut).to.include({
      passed: false,
      message: 'check "memory.synchronize: resolves" did not finish within 300 ms',
    });
    expect(result(report, 'memory.info: allocations count up and down').passed).to.equal(true);
    expect(result(report, 'memory.allocate: zero-filled buffer handles of this plugin').message).to.include(
      'provider is "cpu"',
    );
  });

  it('fails a plugin whose dispose() throws', async () => {
    const plugin = wrappedBackend('bad-dispose', {
      dispose: () => {
        throw new Error('device lost');
      },
    });
    const report = await checkConformance(plugin, { ...OPTIONS, capabilities: ['reduce'] });
    expect(failedIds(report)).to.deep.equal(['lifecycle: dispose() completes']);
    expect(result(report, 'lifecycle: dispose() completes').message).to.include('device lost');
  });
});
