/** Measured selection for a framework: reusing wisdom, or measuring and saving it. */
import type { CapabilityName } from '../capabilities/names.js';
import { describeError } from '../errors/knhk-error.js';
import { machineFacts } from '../selection/machine.js';
import { MeasuredPolicy } from '../selection/measured-policy.js';
import { type MeasureProgress, type MeasuredProvider, runMeasurements } from '../selection/tuner.js';
import {
  type Wisdom,
  type WisdomKey,
  readWisdom,
  staleReason,
  wisdomFromSamples,
  writeWisdom,
} from '../selection/wisdom.js';
import { workloadsFor } from '../selection/workloads/index.js';
import type { Workload } from '../selection/workloads/workload.js';

/** Where the framework's selection comes from. */
export interface WisdomStatus {
  /** `reused`: valid wisdom loaded without measuring; `measured`: measured in this process; `none`: declared priority. */
  readonly source: 'reused' | 'measured' | 'none';
  /** The wisdom file, unless disabled. */
  readonly path?: string;
  /** Why: e.g. why existing wisdom was not reused. */
  readonly reason: string;
  readonly createdAt?: string;
  readonly effort?: 'quick' | 'thorough';
}

/** Options of `framework.tune()`. */
export interface TuneOptions {
  /** Default 'quick'. */
  readonly effort?: 'quick' | 'thorough';
  /** Only these capabilities (default: every capability with a workload). */
  readonly capabilities?: readonly CapabilityName[];
  /** Only these operations, as `capability.operation`. */
  readonly operations?: readonly string[];
  /** Sizes per `capability.operation` instead of the effort's. */
  readonly params?: Readonly<Record<string, readonly number[]>>;
  /** Save to the wisdom file (default true when there is one). */
  readonly save?: boolean;
  onProgress?(progress: MeasureProgress): void;
}

/** What tuning needs from the framework. */
export interface TuningHost {
  readonly wisdomFile: string | undefined;
  wisdomKey(): WisdomKey;
  measuredProviders(capability: CapabilityName, operation?: string): MeasuredProvider[];
  /** knhk's workloads followed by those the ready plugins contribute. */
  workloads(): readonly Workload[];
}

/** Loads wisdom that is valid for this framework; otherwise says why not. */
export function loadValidWisdom(host: TuningHost): { policy?: MeasuredPolicy; status: WisdomStatus } {
  const file = host.wisdomFile;
  if (file === undefined) return { status: { source: 'none', reason: 'wisdom is disabled (wisdomPath: false)' } };
  let wisdom: Wisdom | undefined;
  try {
    wisdom = readWisdom(file);
  } catch (error) {
    return { status: { source: 'none', path: file, reason: describeError(error) } };
  }
  if (wisdom === undefined) return { status: { source: 'none', path: file, reason: `no wisdom at ${file} yet` } };
  const stale = staleReason(wisdom, host.wisdomKey());
  if (stale !== undefined) return { status: { source: 'none', path: file, reason: `wisdom not reused: ${stale}` } };
  const status: WisdomStatus = {
    source: 'reused',
    path: file,
    reason: `reused wisdom measured ${wisdom.createdAt} (${wisdom.effort})`,
    createdAt: wisdom.createdAt,
    effort: wisdom.effort,
  };
  return { policy: new MeasuredPolicy(wisdom), status };
}

/** Measures every available provider and returns the wisdom (saved unless told not to). */
export async function tuneFramework(
  host: TuningHost,
  options: TuneOptions,
): Promise<{ wisdom: Wisdom; status: WisdomStatus }> {
  const effort = options.effort ?? 'quick';
  const workloads = workloadsFor(options.capabilities, host.workloads()).filter(
    (w) => options.operations === undefined || options.operations.includes(`${w.capability}.${w.operation}`),
  );
  const { samples, failures } = await runMeasurements({
    workloads,
    effort,
    providers: (workload) => host.measuredProviders(workload.capability, workload.operation),
    params: options.params,
    onProgress: options.onProgress,
  });
  const machine = machineFacts();
  const wisdom = wisdomFromSamples(samples, failures, { key: host.wisdomKey(), machine, effort });
  const file = host.wisdomFile;
  const save = file !== undefined && options.save !== false;
  if (save) writeWisdom(file, wisdom);
  const where = save ? `, saved to ${file}` : '';
  const status: WisdomStatus = {
    source: 'measured',
    ...(file !== undefined ? { path: file } : {}),
    reason: `measured ${samples.length} points (${effort})${where}`,
    createdAt: wisdom.createdAt,
    effort,
  };
  return { wisdom, status };
}
