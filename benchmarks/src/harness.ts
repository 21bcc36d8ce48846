/**
 * The benchmark harness: every available provider (and every installed peer) of every
 * workload at the effort's sizes, with machine facts, the resulting selection and the
 * dispatch overhead. The same measurements become the framework's wisdom.
 */
import {
  type CapabilityName,
  type DeviceInfo,
  type Framework,
  type MachineFacts,
  type MeasureFailure,
  type MeasureProgress,
  type Sample,
  type SelectionSegment,
  type Wisdom,
  type Workload,
  machineFacts,
  priorityByName,
  runMeasurements,
  selectionSegments,
  wisdomFromSamples,
  workloadsFor,
} from '@knhk/core';
import { type DispatchOverhead, measureDispatchOverhead } from './dispatch-overhead.js';
import { type MissingPeer, type Peer, loadPeers } from './peers/index.js';
import { measureTargets } from './targets/measure-targets.js';
import type { TargetsReport } from './targets/target-row.js';

/** One result row, as `knhk bench --json` prints it. */
export interface BenchResult {
  readonly capability: CapabilityName;
  readonly operation: string;
  /** The size the framework selects by. */
  readonly size: number;
  /** The workload's own size and its name (e.g. n = 1024, patterns = 100). */
  readonly param: number;
  readonly paramName: string;
  readonly provider: string;
  readonly peer?: true;
  readonly meanNs: number;
  readonly medianNs: number;
  readonly p99Ns: number;
  readonly opsPerSec: number;
  readonly figure: { readonly name: string; readonly value: number };
}

/** The whole report. */
export interface BenchReport {
  readonly createdAt: string;
  readonly effort: 'quick' | 'thorough';
  readonly machine: MachineFacts & {
    readonly devices: readonly (DeviceInfo & { readonly backend: string })[];
    readonly plugins: readonly { readonly name: string; readonly version: string; readonly status: string }[];
    readonly knhk: string;
  };
  readonly workloads: readonly {
    readonly capability: string;
    readonly operation: string;
    readonly what: string;
    readonly paramName: string;
  }[];
  readonly results: readonly BenchResult[];
  readonly failures: readonly MeasureFailure[];
  readonly selection: readonly SelectionSegment[];
  readonly dispatchOverhead?: DispatchOverhead;
  readonly peers: { readonly measured: readonly string[]; readonly missing: readonly MissingPeer[] };
  /** The performance targets, each pair of figures measured side by side (when `targets` was asked for). */
  readonly targets?: TargetsReport;
}

/** What to measure. */
export interface BenchOptions {
  readonly effort: 'quick' | 'thorough';
  readonly capabilities?: readonly CapabilityName[];
  /** Only these operations, as `capability.operation`. */
  readonly operations?: readonly string[];
  /** Measure installed peers beside knhk's providers. Default true. */
  readonly peers?: boolean;
  /** Sizes per `capability.operation` instead of the effort's. */
  readonly params?: Readonly<Record<string, readonly number[]>>;
  /**
   * Measure the performance targets after the workloads, with the selection they made
   * (sgemm against the FMA peak and OpenBLAS, dot against simsimd, vector ops against a
   * triad, pattern against Hyperscan). Default false.
   */
  readonly targets?: boolean;
  /** Save the measurements as the framework's wisdom file. Default false. */
  readonly saveWisdom?: boolean;
  onProgress?(progress: MeasureProgress): void;
}

function toResult(sample: Sample, workload: Workload | undefined): BenchResult {
  const { meanNs, medianNs, p99Ns, opsPerSec } = sample.measurement;
  return {
    capability: sample.capability,
    operation: sample.operation,
    size: sample.size,
    param: sample.param,
    paramName: workload?.paramName ?? 'size',
    provider: sample.provider,
    ...(sample.peer ? { peer: true as const } : {}),
    meanNs,
    medianNs,
    p99Ns,
    opsPerSec,
    figure: sample.figure,
  };
}

function machineOf(framework: Framework, knhkVersion: string): BenchReport['machine'] {
  const plugins = framework.plugins();
  return {
    ...machineFacts(),
    devices: plugins.flatMap((p) => p.devices.map((d) => ({ ...d, backend: p.name }))),
    plugins: plugins.map((p) => ({ name: p.name, version: p.version, status: p.status })),
    knhk: knhkVersion,
  };
}

function providersOf(framework: Framework, peers: readonly Peer[]) {
  return (workload: Workload) => [
    ...framework.measuredProviders(workload.capability, workload.operation),
    ...peers
      .filter((p) => p.operations.includes(`${workload.capability}.${workload.operation}`))
      .map((p) => ({ name: p.name, impl: p.impl, peer: true })),
  ];
}

/** Runs the benchmarks; returns the report and the wisdom its measurements make. */
export async function runBench(
  framework: Framework,
  options: BenchOptions,
  knhkVersion = '0.1.0',
): Promise<{ report: BenchReport; wisdom: Wisdom }> {
  const { peers, missing } = options.peers === false ? { peers: [], missing: [] } : await loadPeers();
  const workloads = workloadsFor(options.capabilities, framework.workloads()).filter(
    (w) => options.operations === undefined || options.operations.includes(`${w.capability}.${w.operation}`),
  );
  const { samples, failures } = await runMeasurements({
    workloads,
    effort: options.effort,
    providers: providersOf(framework, peers),
    params: options.params,
    onProgress: options.onProgress,
  });
  const machine = machineFacts();
  const wisdom = wisdomFromSamples(samples, failures, { key: framework.wisdomKey(), machine, effort: options.effort });
  const byId = new Map(workloads.map((w) => [`${w.capability}.${w.operation}`, w]));
  const measuresDot = workloads.some((w) => w.capability === 'vector' && w.operation === 'dot');
  framework.adoptWisdom(wisdom, { save: options.saveWisdom === true });
  const report: BenchReport = {
    createdAt: wisdom.createdAt,
    effort: options.effort,
    machine: machineOf(framework, knhkVersion),
    workloads: workloads.map(({ capability, operation, what, paramName }) => ({
      capability,
      operation,
      what,
      paramName,
    })),
    results: samples.map((s) => toResult(s, byId.get(`${s.capability}.${s.operation}`))),
    failures,
    selection: selectionSegments(wisdom, priorityByName(framework.plugins())),
    ...(measuresDot ? { dispatchOverhead: await measureDispatchOverhead(framework) } : {}),
    peers: { measured: peers.map((p) => p.name), missing },
    ...(options.targets === true ? { targets: await measureTargets(framework, options.effort) } : {}),
  };
  return { report, wisdom };
}
