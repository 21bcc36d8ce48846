/** The shapes the framework reports: plugins, backends, selections and fallbacks. */
import type { CapabilityName } from '../capabilities/names.js';
import type { DeviceInfo } from '../capabilities/memory.js';
import type { PluginSource, PluginStatus, ReportedError } from '../plugin/instance.js';
import type { PluginKind, Requirement } from '../plugin/manifest.js';
import type { MeasuredFigure } from '../selection/crossover.js';
import type { Exclusion, SelectionQuery } from '../selection/policy.js';

/** One plugin, as `framework.plugins()` and `knhk plugins --json` report it. */
export interface PluginReport {
  readonly name: string;
  readonly version: string;
  readonly kind: PluginKind;
  readonly capabilities: readonly CapabilityName[];
  /** The kernels it registers (`capability.operation`; on a ready plugin, those that serve calls here). Empty for class providers. */
  readonly kernels: readonly string[];
  readonly priority: number;
  readonly emulation: boolean;
  readonly description: string;
  readonly status: PluginStatus;
  readonly reason: string;
  readonly error?: ReportedError;
  readonly devices: readonly DeviceInfo[];
  readonly source: PluginSource;
  /** The capabilities it requires from other plugins (its manifest's `requires`). */
  readonly requires: readonly Requirement[];
  /** The plugin that met each requirement it was handed, by capability. */
  readonly dependencies: { readonly [C in CapabilityName]?: string };
}

/** One hardware backend, as `framework.detect()` and `knhk detect --json` report it. */
export interface BackendReport {
  readonly name: string;
  readonly available: boolean;
  readonly reason: string;
  readonly devices: readonly DeviceInfo[];
  readonly capabilities: readonly CapabilityName[];
  /** False when no plugin of that name is installed. */
  readonly installed: boolean;
  readonly version?: string;
  readonly error?: ReportedError;
}

/** Why the framework chose what it chose for one operation and size bucket. */
export interface SelectionExplanation extends SelectionQuery {
  /** Choices are made per power-of-two size bucket. */
  readonly bucket: number;
  readonly sizeRange: { readonly min: number; readonly max: number };
  readonly chosen: string;
  readonly runnerUp?: string;
  /** Every eligible provider, best first: the fallback order. */
  readonly order: readonly string[];
  readonly basis: 'priority' | 'measured' | 'pinned';
  readonly reason: string;
  /** Providers of the capability that were not eligible, with why. */
  readonly excluded: readonly Exclusion[];
  /** Measured: each provider's median and its 95% confidence interval, ns per call (overlapping intervals are a tie). */
  readonly figures?: Readonly<Record<string, MeasuredFigure>>;
  readonly strict: boolean;
  /**
   * Providers in `order` whose kernel may decline single calls (`supports`): a declined call
   * goes on to the next provider in `order`, without counting as a failure.
   */
  readonly conditional?: readonly string[];
  /** Calls declined so far for this operation (any size), by provider and reason. */
  readonly declined?: readonly DeclineRecord[];
}

/** Calls of one operation that a provider's kernel declined, for one reason. */
export interface DeclineRecord {
  readonly capability: CapabilityName;
  readonly operation: string;
  readonly provider: string;
  readonly reason: string;
  readonly count: number;
}

/** A provider failure at call time, and what the framework did next. */
export interface FallbackRecord {
  /** ISO timestamp. */
  readonly at: string;
  readonly capability: CapabilityName;
  readonly operation: string;
  readonly size: number;
  /** The provider that failed. */
  readonly provider: string;
  readonly error: { readonly code?: string; readonly message: string };
  /** The provider tried next; absent when none was left (or strict mode forbade it). */
  readonly next?: string;
}
