/**
 * Public types of the conformance kit: its options, its report and the checks it runs.
 */
import type { ComputeCapability, KnhkPlugin, PluginInstance } from '@knhk/core';
import type { Random } from './random.js';

/** Options of `checkConformance()` and `conformanceSuite()`. */
export interface ConformanceOptions {
  /** Compute capabilities to check. Default: every compute capability the plugin declares. */
  readonly capabilities?: readonly ComputeCapability[];
  /** Seed of the random inputs: the same seed gives the same inputs. Default {@link DEFAULT_SEED}. */
  readonly seed?: number;
  /**
   * Default true: a plugin whose detect() answers unavailable fails, with its reason. When
   * false, such a plugin passes its lifecycle checks and its other checks are reported as
   * skipped (mocha shows them as pending).
   */
  readonly requireAvailable?: boolean;
  /** Element count of the "large" cases. Default {@link DEFAULT_LARGE_SIZE}. */
  readonly largeSize?: number;
  /** Options the plugin receives as `PluginContext.options`. */
  readonly pluginOptions?: Readonly<Record<string, unknown>>;
  /** Time limit of one check, in milliseconds. Default {@link DEFAULT_CHECK_TIMEOUT_MS}. */
  readonly checkTimeoutMs?: number;
}

/** Options with every default filled in. */
export interface ResolvedConformanceOptions {
  readonly capabilities: readonly ComputeCapability[];
  readonly seed: number;
  readonly requireAvailable: boolean;
  readonly largeSize: number;
  readonly pluginOptions: Readonly<Record<string, unknown>>;
  readonly checkTimeoutMs: number;
}

/** Default seed of the random inputs. */
export const DEFAULT_SEED = 0x6b6e686b;
/** Default element count of the large cases (2^20). */
export const DEFAULT_LARGE_SIZE = 1 << 20;
/** Default time limit of one check. */
export const DEFAULT_CHECK_TIMEOUT_MS = 60_000;

/** The outcome of one check. */
export interface ConformanceResult {
  /** What was checked, e.g. `vector.dot: random odd sizes`. */
  readonly id: string;
  /** The capability it belongs to, or `lifecycle`. */
  readonly capability: string;
  /** False when the plugin gave a wrong answer, the wrong error, or threw. */
  readonly passed: boolean;
  /** True when the check did not run (an unavailable plugin with `requireAvailable: false`). */
  readonly skipped?: boolean;
  /** Why it failed (naming the case, index, expected and actual value), or why it was skipped. */
  readonly message?: string;
  /** How long the check took. */
  readonly durationMs: number;
}

/** The outcome of a whole conformance run. */
export interface ConformanceReport {
  /** The plugin's name. */
  readonly plugin: string;
  /** Whether its detect() answered available. */
  readonly available: boolean;
  /** The reason its detect() gave (or why it failed to start). */
  readonly reason: string;
  /** True when every check passed (skipped ones count as passed). */
  readonly passed: boolean;
  /** The seed of the random inputs, to reproduce a failure. */
  readonly seed: number;
  readonly results: readonly ConformanceResult[];
}

/** What a check receives. */
export interface CheckContext {
  /** The plugin under test, as given. */
  readonly plugin: KnhkPlugin;
  /** The plugin under test, started. */
  readonly subject: PluginInstance;
  /** The CPU reference backend, started. */
  readonly reference: PluginInstance;
  /** Random inputs, seeded from the run's seed and the check's id. */
  readonly rng: Random;
  readonly options: ResolvedConformanceOptions;
}

/** One check of the kit. It throws to fail. */
export interface ConformanceCheck {
  readonly id: string;
  readonly capability: string;
  /**
   * What must be up for the check to run: `nothing` (lifecycle checks that look at the
   * plugin itself), `subject` (the plugin started) or `reference` (the plugin and the CPU
   * reference backend started). Default `reference`.
   */
  readonly requires?: 'nothing' | 'subject' | 'reference';
  /**
   * The compute operation it exercises (default: the one its id starts with, `vector.dot: ...`).
   * A plugin that does not register it gets the check reported as skipped, "not registered".
   */
  readonly operation?: string;
  run(context: CheckContext): void | Promise<void>;
}
