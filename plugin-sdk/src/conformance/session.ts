/**
 * A conformance session: the plugin under test and the CPU reference backend, started once,
 * and the running of single checks against them with a time limit.
 */
import {
  type CapabilityName,
  type KnhkPlugin,
  type Logger,
  OPERATIONS,
  PluginInstance,
  checkApiVersion,
  isKnhkError,
} from '@knhk/core';
import { CheckFailure, describeThrown } from './compare.js';
import { Random } from './random.js';
import type { CheckContext, ConformanceCheck, ConformanceResult, ResolvedConformanceOptions } from './types.js';

/** A logger that keeps warnings and errors, so that checks can tell when a hook failed quietly. */
export class RecordingLogger implements Logger {
  readonly problems: string[] = [];
  debug(): void {}
  info(): void {}
  warn(message: string): void {
    this.problems.push(message);
  }
  error(message: string): void {
    this.problems.push(message);
  }
}

/**
 * Starts the plugin under test with the kit's options, as the framework would: a plugin
 * whose `apiVersion` excludes this core is refused with the framework's own
 * `KNHK_E_PLUGIN_API_VERSION` error (`checkApiVersion()`, as `createFramework()` runs it), and
 * is reported failed, its hooks never run. Never throws.
 */
export async function startSubject(
  plugin: KnhkPlugin,
  options: ResolvedConformanceOptions,
  logger: Logger,
): Promise<PluginInstance> {
  try {
    checkApiVersion(plugin.manifest.name, plugin.manifest.apiVersion);
  } catch (error) {
    if (!isKnhkError(error)) throw error;
    return PluginInstance.failed(
      plugin.manifest,
      { type: 'programmatic' },
      { code: error.code, message: error.message },
    );
  }
  return PluginInstance.start(plugin, { options: options.pluginOptions, logger });
}

function timeLimit<T>(work: Promise<T>, ms: number, id: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckFailure(`check "${id}" did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The plugin under test and the reference, started; runs checks against them. */
export class ConformanceSession {
  private constructor(
    readonly plugin: KnhkPlugin,
    readonly options: ResolvedConformanceOptions,
    readonly subject: PluginInstance,
    readonly reference: PluginInstance,
  ) {}

  /** Starts the plugin and the reference backend. Never throws. */
  static async open(plugin: KnhkPlugin, options: ResolvedConformanceOptions): Promise<ConformanceSession> {
    const subject = await startSubject(plugin, options, new RecordingLogger());
    // Loaded on first use: importing the SDK for definePlugin() does not load the reference.
    const { default: cpuBackend } = await import('@knhk/backend-cpu');
    const reference = await PluginInstance.start(cpuBackend);
    return new ConformanceSession(plugin, options, subject, reference);
  }

  /** Whether the plugin's detect() answered available (it may still have failed in init()). */
  get available(): boolean {
    const { status, error } = this.subject;
    if (status === 'ready') return true;
    if (status !== 'failed' || error === undefined) return false;
    return error.code !== 'KNHK_E_PLUGIN_DETECT_FAILED' && !error.message.includes('detect()');
  }

  /** Runs one check; a failure or a throw becomes a failed result, never an exception. */
  async run(check: ConformanceCheck): Promise<ConformanceResult> {
    const started = performance.now();
    const done = (passed: boolean, message?: string, skipped?: boolean): ConformanceResult => ({
      id: check.id,
      capability: check.capability,
      passed,
      ...(skipped ? { skipped } : {}),
      ...(message === undefined ? {} : { message }),
      durationMs: performance.now() - started,
    });
    const blocked = this.blocker(check);
    if (blocked !== undefined) return done(blocked.skip, blocked.message, blocked.skip);
    try {
      await timeLimit(
        Promise.resolve().then(() => check.run(this.context(check))),
        this.options.checkTimeoutMs,
        check.id,
      );
      return done(true);
    } catch (error) {
      return done(
        false,
        error instanceof CheckFailure ? error.message : `the check stopped: a call threw ${describeThrown(error)}`,
      );
    }
  }

  /** Disposes both instances. Never throws. */
  async close(): Promise<void> {
    await Promise.all([this.subject.dispose(), this.reference.dispose()]);
  }

  private context(check: ConformanceCheck): CheckContext {
    return {
      plugin: this.plugin,
      subject: this.subject,
      reference: this.reference,
      rng: Random.forCheck(this.options.seed, check.id),
      options: this.options,
    };
  }

  /** Why a check cannot run: the plugin or the reference is not ready, or the plugin does not register the operation. */
  private blocker(check: ConformanceCheck): { skip: boolean; message: string } | undefined {
    const requires = check.requires ?? 'reference';
    if (requires === 'nothing') return undefined;
    const { subject, reference } = this;
    if (subject.status !== 'ready') {
      const skip = subject.status === 'unavailable' && !this.options.requireAvailable;
      const state = `plugin "${subject.name}" is ${subject.status}: ${subject.reason || 'no reason given'}`;
      return { skip, message: skip ? `not run: ${state}` : state };
    }
    const operation = checkedOperation(check);
    if (operation !== undefined && !subject.registers(check.capability as CapabilityName, operation)) {
      // The kit checks exactly what a plugin registers: the framework sends this operation elsewhere.
      return {
        skip: true,
        message: `not registered: ${subject.unregisteredReason(check.capability as CapabilityName, operation)}`,
      };
    }
    if (requires === 'reference' && reference.status !== 'ready') {
      return {
        skip: false,
        message: `the reference backend "${reference.name}" is ${reference.status}: ${reference.reason}`,
      };
    }
    return undefined;
  }
}

/**
 * The compute operation a check exercises: its `operation`, else the one its id starts with
 * (`vector.dot: ...`), when that is an operation of its capability.
 */
function checkedOperation(check: ConformanceCheck): string | undefined {
  if (check.operation !== undefined) return check.operation;
  const operations = (OPERATIONS as Readonly<Record<string, Readonly<Record<string, unknown>>>>)[check.capability];
  if (operations === undefined) return undefined;
  const match = /^([a-z]+)\.([A-Za-z]+)\b/.exec(check.id);
  if (match === null || match[1] !== check.capability || !Object.hasOwn(operations, match[2])) return undefined;
  return match[2];
}
