/**
 * The consensus benchmark: 3 knhk nodes and a 3-member etcd 3.4 cluster, all as separate
 * processes on loopback with their data on the same disk, under the same closed-loop write
 * load at several client concurrencies; both clusters measured in the same run, alternating.
 * Goal (issue 7): knhk at least etcd's throughput at equal p99.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalCluster } from '@knhk/plugin-consensus';
import { EtcdCluster } from './etcd-cluster.js';
import { ETCD_PUT, KNHK_PUT, runPutLoad, type LoadFigures } from './put-load.js';

/** Options of {@link runConsensusBenchmark}. */
export interface ConsensusBenchOptions {
  readonly concurrencies: readonly number[];
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly valueBytes: number;
  readonly keySpace: number;
}

export const CONSENSUS_BENCH_DEFAULTS: ConsensusBenchOptions = Object.freeze({
  concurrencies: [1, 8, 32, 64],
  seconds: 5,
  warmupSeconds: 1,
  valueBytes: 100,
  keySpace: 10_000,
});

/** One concurrency level, both systems. */
export interface ConsensusBenchRow {
  readonly concurrency: number;
  readonly knhk: LoadFigures;
  readonly etcd: LoadFigures;
  /** knhk / etcd throughput at this concurrency. */
  readonly throughputRatio: number;
  /** knhk's throughput interpolated at etcd's p99 of this row (undefined outside knhk's measured p99 range). */
  readonly knhkOpsPerSecondAtEtcdP99: number | undefined;
}

export interface ConsensusBenchReport {
  readonly createdAt: string;
  readonly machine: { cpuModel: string; cores: number; node: string; etcd: string };
  readonly options: ConsensusBenchOptions;
  readonly rows: readonly ConsensusBenchRow[];
}

/** knhk's throughput at a given p99, by linear interpolation between its measured points. */
export function throughputAtP99(points: readonly LoadFigures[], p99Ms: number): number | undefined {
  const sorted = [...points].filter((p) => Number.isFinite(p.p99Ms)).sort((a, b) => a.p99Ms - b.p99Ms);
  for (let i = 0; i + 1 < sorted.length; i++) {
    const [a, b] = [sorted[i], sorted[i + 1]];
    if (p99Ms < a.p99Ms || p99Ms > b.p99Ms) continue;
    const t = b.p99Ms === a.p99Ms ? 0 : (p99Ms - a.p99Ms) / (b.p99Ms - a.p99Ms);
    return a.opsPerSecond + t * (b.opsPerSecond - a.opsPerSecond);
  }
  if (sorted.length > 0 && p99Ms >= sorted[sorted.length - 1].p99Ms) return sorted[sorted.length - 1].opsPerSecond;
  return undefined;
}

/** Runs both clusters; `progress` gets a line per measurement. */
export async function runConsensusBenchmark(
  options: ConsensusBenchOptions,
  progress: (line: string) => void,
): Promise<ConsensusBenchReport> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'knhk-consensus-bench-'));
  let knhk: LocalCluster | undefined;
  let etcd: EtcdCluster | undefined;
  try {
    knhk = await LocalCluster.launch({ dir, size: 3 });
    etcd = await EtcdCluster.launch(path.join(dir, 'etcd'));
    const knhkLeader = await knhk.waitForLeader(15_000);
    const knhkEndpoint = knhk.endpoint(knhkLeader.id);
    const etcdEndpoint = (await etcd.leaderEndpoint()) ?? etcd.endpoints()[0];
    const rows: ConsensusBenchRow[] = [];
    const measured: { knhk: LoadFigures; etcd: LoadFigures }[] = [];
    for (const [i, concurrency] of options.concurrencies.entries()) {
      const load = { concurrency, ...options };
      const run = async (system: 'knhk' | 'etcd') => {
        const figures = await runPutLoad({
          ...load,
          endpoint: system === 'knhk' ? knhkEndpoint : etcdEndpoint,
          shape: system === 'knhk' ? KNHK_PUT : ETCD_PUT,
        });
        progress(
          `${system} c=${concurrency}: ${figures.opsPerSecond.toFixed(0)} ops/s, p50 ${figures.p50Ms.toFixed(2)} ms, ` +
            `p99 ${figures.p99Ms.toFixed(2)} ms, errors ${figures.errors}`,
        );
        return figures;
      };
      // Alternate which system goes first, so that neither always runs on a warmer machine.
      const first = i % 2 === 0 ? await run('knhk') : await run('etcd');
      const second = i % 2 === 0 ? await run('etcd') : await run('knhk');
      measured.push(i % 2 === 0 ? { knhk: first, etcd: second } : { knhk: second, etcd: first });
    }
    const knhkPoints = measured.map((m) => m.knhk);
    for (const m of measured) {
      rows.push({
        concurrency: m.knhk.concurrency,
        knhk: m.knhk,
        etcd: m.etcd,
        throughputRatio: m.knhk.opsPerSecond / m.etcd.opsPerSecond,
        knhkOpsPerSecondAtEtcdP99: throughputAtP99(knhkPoints, m.etcd.p99Ms),
      });
    }
    return {
      createdAt: new Date().toISOString(),
      machine: {
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        cores: os.cpus().length,
        node: process.version,
        etcd: 'etcd 3.4 (/usr/bin/etcd), default settings (heartbeat 100 ms, election 1000 ms)',
      },
      options,
      rows,
    };
  } finally {
    await knhk?.stop();
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '-');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');

/** The report as a Markdown table, knhk and etcd side by side. */
export function consensusMarkdown(report: ConsensusBenchReport): string {
  const lines = [
    `3-node clusters on loopback, ${report.machine.cores} cores (${report.machine.cpuModel}), ${report.machine.node}; ` +
      `${report.options.valueBytes}-byte values, ${report.options.seconds} s per point after ${report.options.warmupSeconds} s warm-up; ` +
      'every write fsynced on a quorum before it is acknowledged.',
    '',
    '| clients | knhk ops/s | knhk p50 ms | knhk p99 ms | etcd ops/s | etcd p50 ms | etcd p99 ms | knhk/etcd ops | knhk ops/s at etcd p99 | errors knhk/etcd |',
    '| ------: | ---------: | ----------: | ----------: | ---------: | ----------: | ----------: | ------------: | ---------------------: | ---------------: |',
  ];
  for (const r of report.rows) {
    const atP99 = r.knhkOpsPerSecondAtEtcdP99 === undefined ? 'n/a' : f0(r.knhkOpsPerSecondAtEtcdP99);
    lines.push(
      `| ${r.concurrency} | ${f0(r.knhk.opsPerSecond)} | ${f2(r.knhk.p50Ms)} | ${f2(r.knhk.p99Ms)} | ` +
        `${f0(r.etcd.opsPerSecond)} | ${f2(r.etcd.p50Ms)} | ${f2(r.etcd.p99Ms)} | ${r.throughputRatio.toFixed(2)} | ` +
        `${atP99} | ${r.knhk.errors}/${r.etcd.errors} |`,
    );
  }
  return lines.join('\n');
}
