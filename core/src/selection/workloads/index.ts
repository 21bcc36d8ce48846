/** Every workload, by capability. Memory placement is not measured: it follows priority. */
import type { ComputeCapability } from '../../capabilities/names.js';
import { MATMUL_WORKLOADS } from './matmul.js';
import { MLP_WORKLOADS } from './mlp.js';
import { PATTERN_WORKLOADS } from './pattern.js';
import { REDUCE_WORKLOADS } from './reduce.js';
import { VECTOR_WORKLOADS } from './vector.js';
import type { Workload } from './workload.js';

export * from './workload.js';

/** All workloads the tuner and the harness know. */
export const WORKLOADS: readonly Workload[] = [
  ...VECTOR_WORKLOADS,
  ...REDUCE_WORKLOADS,
  ...MATMUL_WORKLOADS,
  ...PATTERN_WORKLOADS,
  ...MLP_WORKLOADS,
] as readonly Workload[];

/** The workloads of some capabilities (all when `capabilities` is empty or absent). */
export function workloadsFor(capabilities?: readonly ComputeCapability[]): readonly Workload[] {
  if (capabilities === undefined || capabilities.length === 0) return WORKLOADS;
  return WORKLOADS.filter((w) => capabilities.includes(w.capability));
}
