import { type CapabilityName, isCapabilityName } from '../capabilities/names.js';
import { KnhkError } from '../errors/knhk-error.js';
import type { PluginTimeouts } from '../plugin/instance.js';
import type { KnhkPlugin } from '../plugin/manifest.js';
import type { SelectionPolicy } from '../selection/policy.js';
import type { Effort } from '../selection/workloads/workload.js';
import type { Logger } from './logger.js';

/** A capability name, or `'*'` for every capability. */
export type PinTarget = CapabilityName | '*';

/** Options of {@link createFramework}. Every one is optional. */
export interface FrameworkOptions {
  /** Plugins registered programmatically (objects from definePlugin/defineBackend). */
  readonly plugins?: readonly KnhkPlugin[];
  /** Folders of plugin packages (or plugin package folders) to load. */
  readonly pluginPaths?: readonly string[];
  /**
   * Discover installed plugin packages (a `knhk` field in package.json) in `node_modules`
   * from `cwd` upwards, and the folders in `KNHK_PLUGIN_PATH`. Default true.
   */
  readonly discover?: boolean;
  /** Where discovery starts, and what relative plugin folders are resolved against. Default `process.cwd()`. */
  readonly cwd?: string;
  /** Environment read for `KNHK_PLUGIN_PATH`. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Providers to use, by capability (or `'*'` for all), e.g. `{ vector: 'avx2' }`. */
  readonly pin?: Readonly<Partial<Record<PinTarget, string>>>;
  /** Never fall back: a failing provider fails the call, with the reason. Default false. */
  readonly strict?: boolean;
  /**
   * Run the detect() of discovered plugin packages (installed or by path) in a worker thread
   * first, so that one that blocks its thread (a busy loop, a driver call that never returns)
   * is stopped at the time limit. Default true. Programmatic plugins run detect() in the
   * host thread, bounded by the time limit only when they yield.
   */
  readonly probeInWorker?: boolean;
  /** Time limits of plugin hooks in ms (defaults: detect 15000, init 15000, dispose 5000; a detect probe starts a worker thread and may load a vendor runtime, which a loaded machine makes slow). */
  readonly timeouts?: Partial<PluginTimeouts>;
  /** Per-plugin options, by plugin name, handed to the plugin as `context.options`. */
  readonly pluginOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Where warnings go. Default: Node process warnings, once per distinct message. */
  readonly logger?: Logger;
  /** How providers are ordered. Default: measured wisdom when valid, else declared priority. */
  readonly policy?: SelectionPolicy;
  /**
   * How hard to plan at start-up when there is no valid wisdom: `estimate` (default) uses
   * declared priorities and measures nothing; `quick` and `thorough` measure every provider
   * now and save the wisdom. Valid wisdom is always reused without measuring.
   */
  readonly effort?: Effort;
  /** The wisdom file; default `$KNHK_WISDOM` or `~/.cache/knhk/wisdom.json`. `false`: neither read nor write. */
  readonly wisdomPath?: string | false;
}

function configError(message: string, option: string): KnhkError {
  return new KnhkError('KNHK_E_CONFIG_INVALID', message, { option });
}

function checkStringArray(value: unknown, option: string): void {
  if (value !== undefined && (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))) {
    throw configError(`${option} must be an array of strings`, option);
  }
}

function checkTimeouts(timeouts: unknown): void {
  if (timeouts === undefined) return;
  if (typeof timeouts !== 'object' || timeouts === null) throw configError('timeouts must be an object', 'timeouts');
  for (const [key, value] of Object.entries(timeouts)) {
    if (!['detectMs', 'initMs', 'disposeMs'].includes(key)) {
      throw configError(`timeouts.${key} is not an option (detectMs, initMs, disposeMs)`, 'timeouts');
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw configError(`timeouts.${key} must be a positive number of milliseconds`, 'timeouts');
    }
  }
}

/** Checks the options; throws `KNHK_E_CONFIG_INVALID` naming the first bad one. */
export function checkOptions(options: FrameworkOptions): void {
  if (typeof options !== 'object' || options === null) throw configError('options must be an object', 'options');
  if (options.plugins !== undefined && !Array.isArray(options.plugins)) {
    throw configError('plugins must be an array of plugins', 'plugins');
  }
  checkStringArray(options.pluginPaths, 'pluginPaths');
  for (const [target, name] of Object.entries(options.pin ?? {})) {
    if (target !== '*' && !isCapabilityName(target)) throw configError(`pin: "${target}" is not a capability`, 'pin');
    if (typeof name !== 'string') throw configError(`pin.${target} must be a provider name`, 'pin');
  }
  checkTimeouts(options.timeouts);
  if (options.effort !== undefined && !['estimate', 'quick', 'thorough'].includes(options.effort)) {
    throw configError(
      `effort must be "estimate", "quick" or "thorough", got ${JSON.stringify(options.effort)}`,
      'effort',
    );
  }
  if (options.wisdomPath !== undefined && options.wisdomPath !== false && typeof options.wisdomPath !== 'string') {
    throw configError('wisdomPath must be a file path or false', 'wisdomPath');
  }
  if (options.policy !== undefined && typeof options.policy.rank !== 'function') {
    throw configError('policy must have a rank() method', 'policy');
  }
}
