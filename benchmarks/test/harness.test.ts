import { expect } from 'chai';
import { type KnhkPlugin, type VectorOps, createFramework, definePlugin, silentLogger } from '@knhk/core';
import { reportMarkdown, runBench, throughputChart } from '../src/index.js';
import { chartFile } from '../src/report/markdown.js';

function spin(ns: number): void {
  const end = process.hrtime.bigint() + BigInt(Math.round(ns));
  while (process.hrtime.bigint() < end);
}

/** A dot provider with a fixed cost per call plus an extra cost above `slowAbove` elements. */
function dotPlugin(name: string, fixedNs: number, slowAbove: number, slowNs: number): KnhkPlugin {
  const dot = (a: Float32Array, b: Float32Array): number => {
    spin(fixedNs + (a.length > slowAbove ? slowNs : 0));
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  };
  return definePlugin({
    name,
    version: '1.0.0',
    kind: 'backend',
    providers: { vector: { useValue: { dot } as unknown as VectorOps } },
  });
}

describe('benchmark harness', () => {
  it('reports every provider per size, finds the crossover and marks it in the chart', async function () {
    this.timeout(60_000);
    const framework = await createFramework({
      discover: false,
      wisdomPath: false,
      logger: silentLogger,
      plugins: [dotPlugin('small-fast', 0, 1000, 400_000), dotPlugin('steady', 20_000, Infinity, 0)],
    });
    const { report, wisdom } = await runBench(framework, {
      effort: 'quick',
      capabilities: ['vector'],
      peers: false,
      operations: ['vector.dot'],
      params: { 'vector.dot': [64, 256, 4096, 16384] },
    });
    const providers = new Set(report.results.map((r) => r.provider));
    expect([...providers].sort()).to.deep.equal(['small-fast', 'steady']);
    expect(report.results).to.have.length(8);
    const dot = report.selection.filter((s) => s.operation === 'dot');
    expect(dot.map((s) => s.chosen)).to.deep.equal(['small-fast', 'steady']);
    expect(dot[1].sizeRange.min).to.equal(1024);
    expect(wisdom.plugins).to.deep.equal(['small-fast@1.0.0', 'steady@1.0.0']);
    expect(framework.selected('vector', 'dot', 100)).to.equal('small-fast');
    expect(report.dispatchOverhead?.provider).to.equal('steady');
    const svg = throughputChart('vector.dot', 'n', report.results, dot);
    expect(svg).to.include('crossover → steady');
    expect(svg.match(/<polyline /g)).to.have.length(2);
    expect(reportMarkdown(report)).to.include('| vector.dot | 1024 – ∞ | steady | small-fast |');
    await framework.dispose();
  });

  it('names charts with nothing a shell would expand: module capabilities (operation *) get the capability name', () => {
    expect(chartFile('vector', 'dot')).to.equal('vector-dot.svg');
    expect(chartFile('kem', '*')).to.equal('kem.svg');
    expect(chartFile('x y', 'a/b')).to.equal('x_y-a_b.svg');
  });
});
