/**
 * Meters: the seed's event types with their units, and custom meters (any lowercase name).
 * A meter's quantity is a non-negative decimal in its unit; the aggregation a charge uses is
 * chosen per charge (a workflow-execution meter holds durations: `count` is executions, `sum`
 * is total duration).
 */
export interface MeterInfo {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
}

export const BUILTIN_METERS: readonly MeterInfo[] = Object.freeze([
  { name: 'api_calls', unit: 'calls', description: 'API calls' },
  { name: 'workflow_executions', unit: 'ms', description: 'workflow executions, quantity = duration' },
  { name: 'data_processed', unit: 'bytes', description: 'data processed' },
  { name: 'compute_time', unit: 'ms', description: 'compute time' },
  { name: 'storage_used', unit: 'bytes', description: 'storage used (a gauge: aggregate with max or latest)' },
  { name: 'gpu_hours', unit: 'hours', description: 'GPU accelerator hours' },
  { name: 'network_bandwidth', unit: 'bytes', description: 'network bandwidth' },
]);

/** Meter names: builtin or custom, lowercase, at most 64 characters. */
export const METER_NAME_PATTERN = /^[a-z][a-z0-9_.-]{0,63}$/;

export function meterInfo(name: string): MeterInfo {
  return BUILTIN_METERS.find((m) => m.name === name) ?? { name, unit: 'units', description: 'custom meter' };
}
