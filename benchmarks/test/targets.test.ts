/**
 * The targets section: ratios and verdicts from two figures (pure), and its Markdown table.
 * No speed is asserted.
 */
import { expect } from 'chai';
import { type BenchReport, measuredRow, reportMarkdown, unmeasuredRow } from '../src/index.js';

const atLeast = { id: 'x', what: 'x over y', target: { comparison: '>=', value: 0.5 } } as const;
const atMost = { id: 'z', what: 'time over peer', target: { comparison: '<=', value: 0.6 } } as const;
const gbs = (name: string, value: number) => ({ name, value, unit: 'GB/s' });

describe('@knhk/benchmarks targets', () => {
  it('divides ours by the compared figure and judges the ratio against >= and <= goals', () => {
    const met = measuredRow(atLeast, gbs('knhk', 3), gbs('peer', 4));
    expect(met).to.include({ status: 'met', ratio: 0.75 });
    expect(measuredRow(atLeast, gbs('knhk', 1), gbs('peer', 4)).status).to.equal('not met');
    expect(measuredRow(atMost, gbs('knhk', 50), gbs('peer', 100)).status).to.equal('met');
    expect(measuredRow(atMost, gbs('knhk', 70), gbs('peer', 100)).status).to.equal('not met');
    expect(measuredRow(atLeast, gbs('knhk', 3), gbs('peer', 0)).status).to.equal('not met'); // no finite ratio
    expect(measuredRow(atLeast, gbs('knhk', 0), gbs('peer', 0)).status).to.equal('not met');
    const differ = measuredRow(atLeast, gbs('knhk', 3), gbs('peer', 4), 'match counts differ');
    expect(differ).to.include({ status: 'not met', reason: 'match counts differ' });
    const missing = unmeasuredRow(atLeast, 'libhs.so.5 not found', gbs('knhk', 3));
    expect(missing).to.include({ status: 'not measured', reason: 'libhs.so.5 not found' });
    expect(missing.ours?.value).to.equal(3);
    expect(missing).to.not.have.property('ratio');
  });

  it('renders a Markdown table row per target, with pipes and newlines in reasons kept inside the cell', () => {
    const report = {
      createdAt: 'now',
      effort: 'quick',
      machine: {
        cpuModel: 'cpu',
        cores: 2,
        cpuFlags: [],
        platform: 'linux',
        arch: 'x64',
        node: 'v20',
        v8: '11',
        totalMemoryBytes: 2 ** 30,
        plugins: [],
        devices: [],
        knhk: '0.1.0',
      },
      workloads: [],
      results: [],
      failures: [],
      selection: [],
      peers: { measured: [], missing: [] },
      targets: {
        effort: 'quick',
        note: 'quick: small',
        rows: [measuredRow(atLeast, gbs('knhk (avx2)', 3), gbs('Hyperscan', 4)), unmeasuredRow(atMost, 'a | b\nc')],
      },
    } as unknown as BenchReport;
    const md = reportMarkdown(report);
    expect(md).to.include('## Targets');
    expect(md).to.include('| x over y | knhk (avx2): 3 GB/s | Hyperscan: 4 GB/s | 0.75 | >= 0.5 | met |');
    expect(md).to.include('| time over peer | - | - | - | <= 0.6 | not measured: a \\| b c |');
  });
});
