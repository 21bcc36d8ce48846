/**
 * Measuring every available provider of each workload at each size: the engine behind
 * measured selection (`framework.tune()`) and the benchmark harness (`knhk bench`).
 */
import type { CapabilityMap, CapabilityName } from '../capabilities/names.js';
import { describeError } from '../errors/knhk-error.js';
import { type Measurement, type MeasureBudget, measure } from './measure.js';
import { seededRandom } from '../random/seeded-random.js';
import type { Workload } from './workloads/workload.js';

/** A provider to measure: its name and its implementation of the workload's capability. */
export interface MeasuredProvider {
  readonly name: string;
  readonly impl: unknown;
  /** True for a peer library measured for comparison only (never selected). */
  readonly peer?: boolean;
}

/** One measurement of one provider at one size. */
export interface Sample {
  readonly capability: CapabilityName;
  readonly operation: string;
  readonly param: number;
  /** The size the framework selects by. */
  readonly size: number;
  readonly provider: string;
  readonly peer: boolean;
  readonly measurement: Measurement;
  readonly figure: { readonly name: string; readonly value: number };
}

/** A provider that failed while being measured. */
export interface MeasureFailure {
  readonly capability: CapabilityName;
  readonly operation: string;
  readonly param: number;
  readonly provider: string;
  readonly reason: string;
}

/** Progress, reported before (no `sample`) and after each measurement. */
export interface MeasureProgress {
  readonly index: number;
  readonly total: number;
  readonly workload: Workload;
  readonly param: number;
  readonly provider: string;
  readonly sample?: Sample;
  readonly failure?: MeasureFailure;
}

/** A run: which workloads at which sizes, against which providers, for how long. */
export interface MeasurePlan {
  readonly workloads: readonly Workload[];
  readonly effort: 'quick' | 'thorough';
  /** The providers to measure a workload on. */
  providers(workload: Workload): readonly MeasuredProvider[];
  /** Sizes per workload (`capability.operation`) instead of the effort's. */
  readonly params?: Readonly<Record<string, readonly number[]>>;
  readonly budget?: MeasureBudget;
  readonly seed?: number;
  onProgress?(progress: MeasureProgress): void;
}

/** Time per measurement by effort. */
export const BUDGETS: Readonly<Record<'quick' | 'thorough', MeasureBudget>> = Object.freeze({
  quick: { timeMs: 30, warmupMs: 10, minSamples: 10 },
  thorough: { timeMs: 250, warmupMs: 50, minSamples: 20 },
});

function paramsOf(plan: MeasurePlan, workload: Workload): readonly number[] {
  return plan.params?.[`${workload.capability}.${workload.operation}`] ?? workload.params[plan.effort];
}

async function measureOne(
  workload: Workload,
  provider: MeasuredProvider,
  param: number,
  plan: MeasurePlan,
): Promise<Sample> {
  const random = seededRandom(plan.seed ?? 1);
  const bound = workload.bind(provider.impl as CapabilityMap[CapabilityName] as never, param, random);
  try {
    const measurement = await measure(bound.run, plan.budget ?? BUDGETS[plan.effort]);
    return {
      capability: workload.capability,
      operation: workload.operation,
      param,
      size: workload.selectionSize(param),
      provider: provider.name,
      peer: provider.peer === true,
      measurement,
      figure: { name: workload.figure.name, value: workload.figure.value(param, measurement.meanNs) },
    };
  } finally {
    bound.dispose();
  }
}

/** Measures every provider of every workload at every size; a failing provider is recorded, not fatal. */
export async function runMeasurements(plan: MeasurePlan): Promise<{ samples: Sample[]; failures: MeasureFailure[] }> {
  const jobs = plan.workloads.flatMap((workload) =>
    paramsOf(plan, workload).flatMap((param) =>
      plan.providers(workload).map((provider) => ({ workload, param, provider })),
    ),
  );
  const samples: Sample[] = [];
  const failures: MeasureFailure[] = [];
  for (const [index, { workload, param, provider }] of jobs.entries()) {
    const base = { index, total: jobs.length, workload, param, provider: provider.name };
    plan.onProgress?.(base);
    try {
      const sample = await measureOne(workload, provider, param, plan);
      samples.push(sample);
      plan.onProgress?.({ ...base, sample });
    } catch (error) {
      const { capability, operation } = workload;
      const failure = { capability, operation, param, provider: provider.name, reason: describeError(error) };
      failures.push(failure);
      plan.onProgress?.({ ...base, failure });
    }
  }
  return { samples, failures };
}
