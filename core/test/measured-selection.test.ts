import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type KnhkPlugin, type VectorOps, createFramework, definePlugin, selectionSegments } from '../src/index.js';
import { silentLogger } from './fixtures/reduce-plugins.js';

function spin(ns: number): void {
  const end = process.hrtime.bigint() + BigInt(Math.round(ns));
  while (process.hrtime.bigint() < end);
}

function loopDot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** A dot provider with a fixed cost per call and an extra cost above `slowAbove` elements. */
function dotPlugin(
  name: string,
  version: string,
  cost: { fixedNs: number; slowAbove: number; slowNs: number },
  calls: string[],
): KnhkPlugin {
  const dot = (a: Float32Array, b: Float32Array): number => {
    calls.push(name);
    spin(cost.fixedNs + (a.length > cost.slowAbove ? cost.slowNs : 0));
    return loopDot(a, b);
  };
  return definePlugin({
    name,
    version,
    kind: 'backend',
    providers: { vector: { useValue: { dot } as unknown as VectorOps } },
  });
}

describe('measured selection and wisdom', () => {
  let dir: string;
  let wisdomPath: string;
  const calls: string[] = [];
  // "small-fast" has no fixed cost but is slow above 1000 elements; "steady" costs 20 µs every call.
  const plugins = (smallFastVersion = '1.0.0'): KnhkPlugin[] => [
    dotPlugin('small-fast', smallFastVersion, { fixedNs: 0, slowAbove: 1000, slowNs: 400_000 }, calls),
    dotPlugin('steady', '1.0.0', { fixedNs: 20_000, slowAbove: Infinity, slowNs: 0 }, calls),
  ];
  const tuneOnlyDot = { operations: ['vector.dot'], params: { 'vector.dot': [16, 64, 256, 4096, 16384] } };

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'knhk-wisdom-'));
    wisdomPath = path.join(dir, 'wisdom.json');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('follows the measurements: the provider slow at large sizes is chosen only below its crossover', async () => {
    const knhk = await createFramework({ discover: false, plugins: plugins(), wisdomPath, logger: silentLogger });
    expect(knhk.wisdomStatus().source).to.equal('none');
    const wisdom = await knhk.tune(tuneOnlyDot);
    expect(knhk.wisdomStatus().source).to.equal('measured');
    for (const size of [16, 64, 256])
      expect(knhk.selected('vector', 'dot', size), `size ${size}`).to.equal('small-fast');
    for (const size of [4096, 16384, 1 << 20])
      expect(knhk.selected('vector', 'dot', size), `size ${size}`).to.equal('steady');
    const why = knhk.explain('vector', 'dot', 64);
    expect(why).to.deep.include({ basis: 'measured', chosen: 'small-fast', runnerUp: 'steady' });
    expect(why.reason).to.match(/^measured at size 64 \(nearest to 64\): median small-fast .* < steady/);
    const [steady, smallFast] = [why.figures?.steady, why.figures?.['small-fast']];
    expect(steady?.lowNs).to.be.greaterThan(smallFast?.highNs ?? Infinity);
    expect(smallFast?.lowNs).to.be.at.most(smallFast?.medianNs ?? -1);
    expect(smallFast?.highNs).to.be.at.least(smallFast?.medianNs ?? Infinity);
    const segments = selectionSegments(wisdom).filter((s) => s.operation === 'dot');
    expect(segments.map((s) => s.chosen)).to.deep.equal(['small-fast', 'steady']);
    expect(segments[1].sizeRange.min).to.equal(Math.round(Math.sqrt(256 * 4096)));
    // Neither provider registers vector.add: nothing to choose, and the error says so.
    expect(() => knhk.explain('vector', 'add', 64)).to.throw(/does not register vector\.add/);
    await knhk.dispose();
  });

  it('reuses valid wisdom at start-up without measuring, and gives the same choices', async () => {
    const saved = JSON.parse(readFileSync(wisdomPath, 'utf8')) as { plugins: string[]; format: string };
    expect(saved.format).to.equal('knhk-wisdom/2');
    expect(saved.plugins).to.deep.equal(['small-fast@1.0.0', 'steady@1.0.0']);
    calls.length = 0;
    const knhk = await createFramework({
      discover: false,
      plugins: plugins(),
      wisdomPath,
      effort: 'quick',
      logger: silentLogger,
    });
    expect(calls).to.deep.equal([]);
    expect(knhk.wisdomStatus().source).to.equal('reused');
    expect(knhk.selected('vector', 'dot', 64)).to.equal('small-fast');
    expect(knhk.selected('vector', 'dot', 16384)).to.equal('steady');
    await knhk.dispose();
  });

  it('does not reuse wisdom once a plugin version changes, and says why', async () => {
    const knhk = await createFramework({
      discover: false,
      plugins: plugins('1.0.1'),
      wisdomPath,
      logger: silentLogger,
    });
    const status = knhk.wisdomStatus();
    expect(status.source).to.equal('none');
    expect(status.reason).to.include('small-fast@1.0.0').and.to.include('small-fast@1.0.1');
    expect(knhk.explain('vector', 'dot', 16384).basis).to.equal('priority');
    await knhk.dispose();
  });

  it('reports wisdom of the previous format stale, with the reason, and never reads its figures', async () => {
    const saved = JSON.parse(readFileSync(wisdomPath, 'utf8')) as Record<string, unknown>;
    const oldPath = path.join(dir, 'old-format.json');
    writeFileSync(oldPath, JSON.stringify({ ...saved, format: 'knhk-wisdom/1' }));
    const knhk = await createFramework({
      discover: false,
      plugins: plugins(),
      wisdomPath: oldPath,
      logger: silentLogger,
    });
    const status = knhk.wisdomStatus();
    expect(status.source).to.equal('none');
    expect(status.reason).to.include('format knhk-wisdom/1').and.to.include('re-measure');
    expect(knhk.explain('vector', 'dot', 16384).basis).to.equal('priority');
    await knhk.dispose();
  });

  it('excludes a provider that fails while measured, with the reason', async () => {
    const broken = definePlugin({
      name: 'broken',
      version: '1.0.0',
      kind: 'backend',
      priority: 50,
      providers: {
        vector: {
          useValue: {
            dot: () => {
              throw new Error('kernel launch failed');
            },
          } as unknown as VectorOps,
        },
      },
    });
    const knhk = await createFramework({
      discover: false,
      plugins: [broken, ...plugins()],
      wisdomPath: false,
      logger: silentLogger,
    });
    await knhk.tune({ operations: ['vector.dot'], params: { 'vector.dot': [64] } });
    const why = knhk.explain('vector', 'dot', 64);
    expect(why.order).to.not.include('broken');
    expect(why.excluded).to.deep.include({ provider: 'broken', reason: 'failed while measured: kernel launch failed' });
    await knhk.dispose();
  });
});

describe('workloads contributed by plugins', () => {
  it('measure providers of a module capability and decide what get() returns', async () => {
    type Kem = { keygen(): { publicKey: Uint8Array; secretKey: Uint8Array } };
    const kemPlugin = (name: string, costNs: number, withWorkload: boolean): KnhkPlugin =>
      definePlugin({
        name,
        version: '1.0.0',
        priority: costNs > 10_000 ? 10 : 0, // the slow one declares the higher priority
        providers: {
          kem: {
            useValue: {
              keygen: () => {
                spin(costNs);
                return { publicKey: new Uint8Array(32), secretKey: new Uint8Array(32) };
              },
            } as never,
          },
        },
        workloads: withWorkload
          ? [
              {
                capability: 'kem',
                operation: '*',
                what: 'one key generation',
                paramName: 'set',
                params: { quick: [1], thorough: [1] },
                selectionSize: () => 0,
                figure: { name: 'keys/s', value: (_p, ns) => 1e9 / ns },
                bind: (kem) => ({ run: () => void (kem as unknown as Kem).keygen(), dispose: () => {} }),
              },
            ]
          : undefined,
      });
    const knhk = await createFramework({
      discover: false,
      wisdomPath: false,
      logger: silentLogger,
      plugins: [kemPlugin('slow-kem', 200_000, true), kemPlugin('fast-kem', 1_000, false)],
    });
    expect(knhk.explain('kem', '*', 0).chosen).to.equal('slow-kem');
    expect(knhk.workloads().filter((w) => w.capability === 'kem')).to.have.length(1);
    await knhk.tune({ capabilities: ['kem'] });
    expect(knhk.explain('kem', '*', 0)).to.deep.include({
      basis: 'measured',
      chosen: 'fast-kem',
      runnerUp: 'slow-kem',
    });
    expect(knhk.get('kem')).to.equal(knhk.backend('fast-kem').get('kem'));
    expect(knhk.wisdomKey().plugins).to.deep.equal(['fast-kem@1.0.0', 'slow-kem@1.0.0']);
    await knhk.dispose();
  });
});
