/** Every workload, by capability. Memory placement is not measured: it follows priority. */
import type { CapabilityName } from '../../capabilities/names.js';
import { MATMUL_WORKLOADS } from './matmul.js';
import { MLP_WORKLOADS } from './mlp.js';
import { PATTERN_WORKLOADS } from './pattern.js';
import { REDUCE_WORKLOADS } from './reduce.js';
import { VECTOR_WORKLOADS } from './vector.js';
import type { Workload } from './workload.js';

export * from './workload.js';

/** The workloads knhk itself brings, for the compute capabilities. */
export const WORKLOADS: readonly Workload[] = [
  ...VECTOR_WORKLOADS,
  ...REDUCE_WORKLOADS,
  ...MATMUL_WORKLOADS,
  ...PATTERN_WORKLOADS,
  ...MLP_WORKLOADS,
] as readonly Workload[];

/**
 * The workloads of some capabilities (all when `capabilities` is empty or absent), from
 * `available` (default: knhk's own). A workload whose `capability.operation` came earlier is
 * not repeated.
 */
export function workloadsFor(
  capabilities?: readonly CapabilityName[],
  available: readonly Workload[] = WORKLOADS,
): readonly Workload[] {
  const seen = new Set<string>();
  return available.filter((w) => {
    const id = `${w.capability}.${w.operation}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return capabilities === undefined || capabilities.length === 0 || capabilities.includes(w.capability);
  });
}
