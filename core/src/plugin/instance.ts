import { container as rootContainer, type DependencyContainer } from '../di.js';
import type { DeviceInfo } from '../capabilities/memory.js';
import {
  CAPABILITY_TOKENS,
  COMPUTE_CAPABILITIES,
  type CapabilityMap,
  type CapabilityName,
} from '../capabilities/names.js';
import type { AnyErrorCode, KnhkErrorCode } from '../errors/catalogue.js';
import { KnhkError, describeError, isKnhkError } from '../errors/knhk-error.js';
import { type Logger, silentLogger } from '../framework/logger.js';
import {
  type DetectResult,
  type KnhkPlugin,
  PLUGIN_CONTEXT,
  type PluginContext,
  type PluginManifest,
} from './manifest.js';
import type { ResolvedDependencies } from './requirements.js';
import { runHook } from './timeout.js';
import type { Kernel } from '../kernels/kernel.js';
import { type CallNormaliser, type NormalisedCall, callNormaliser } from '../kernels/calls.js';

type KernelFn = (a0: unknown, a1: unknown, a2: unknown, a3: unknown, a4: unknown) => unknown;
/** Whether a kernel serves a call: true, or why not. */
export type SupportsCheck = (a0: unknown, a1: unknown, a2: unknown, a3: unknown, a4: unknown) => true | string;

/**
 * A call-form kernel as the dispatcher calls it: the function of the normalised call, its
 * per-call check, and the operation's normaliser.
 */
export interface CallKernel {
  readonly run: (call: NormalisedCall) => unknown;
  readonly supports?: (call: NormalisedCall) => true | string;
  readonly normaliser: CallNormaliser;
}

/** A compute capability as a plugin registers it: the function of each operation, and its per-call check. */
interface KernelTable {
  /**
   * The kernel functions on the public arguments, called as they are by the dispatcher (which
   * runs `supports` itself). A call-form kernel is here behind its normaliser.
   */
  readonly raw: Readonly<Record<string, KernelFn>>;
  /** The same, each with its `supports` check in front (direct access, handles). */
  readonly checked: Readonly<Record<string, KernelFn>>;
  /** The `supports` checks of args-form kernels. */
  readonly supports: ReadonlyMap<string, SupportsCheck>;
  /** The call-form kernels, by operation. */
  readonly calls: ReadonlyMap<string, CallKernel>;
}

function isComputeCapability(capability: CapabilityName): boolean {
  return (COMPUTE_CAPABILITIES as readonly string[]).includes(capability);
}

/** `KNHK_E_CALL_UNSUPPORTED`: a kernel declined a call that no other provider may take. */
export function unsupportedCall(provider: string, operation: string, reason: string): KnhkError {
  return new KnhkError(
    'KNHK_E_CALL_UNSUPPORTED',
    `${operation}: provider "${provider}" does not support this call (${reason})`,
    { provider, operation, reason },
  );
}

function checkedKernel(provider: string, id: string, run: KernelFn, supports: SupportsCheck): KernelFn {
  return (a0, a1, a2, a3, a4) => {
    const answer = supports(a0, a1, a2, a3, a4);
    if (answer !== true) throw unsupportedCall(provider, id, String(answer));
    return run(a0, a1, a2, a3, a4);
  };
}

/** A call-form kernel on the public arguments: normalise (a new call object), check `supports`, run. */
function argsOfCall(provider: string, id: string, kernel: CallKernel, check: boolean): KernelFn {
  const { run, supports, normaliser } = kernel;
  if (!check || supports === undefined) {
    return (a0, a1, a2, a3, a4) => run(normaliser.normalise(a0, a1, a2, a3, a4));
  }
  return (a0, a1, a2, a3, a4) => {
    const call = normaliser.normalise(a0, a1, a2, a3, a4);
    const answer = supports(call);
    if (answer !== true) throw unsupportedCall(provider, id, String(answer));
    return run(call);
  };
}

/** Time limits of plugin hooks, in milliseconds. */
export interface PluginTimeouts {
  readonly detectMs: number;
  readonly initMs: number;
  readonly disposeMs: number;
}

export const DEFAULT_TIMEOUTS: PluginTimeouts = Object.freeze({ detectMs: 15000, initMs: 15000, disposeMs: 5000 });

/** Where a plugin came from. */
export interface PluginSource {
  readonly type: 'programmatic' | 'path' | 'package';
  /** Folder of the plugin package, for `path` and `package`. */
  readonly location?: string;
}

/**
 * The life of one plugin: `available` and `ready` can serve calls; `unavailable` said so in
 * detect(); `failed` was isolated with a coded error; `disposed` is over.
 */
export type PluginStatus = 'ready' | 'unavailable' | 'failed' | 'disposed';

/** A coded error as reports carry it. */
export interface ReportedError {
  /** A code of core's catalogue, or of the plugin's own (a plugin's init() may throw one). */
  readonly code: AnyErrorCode;
  readonly message: string;
}

export interface StartOptions {
  readonly parent?: DependencyContainer;
  readonly options?: Readonly<Record<string, unknown>>;
  readonly logger?: Logger;
  readonly timeouts?: Partial<PluginTimeouts>;
  readonly source?: PluginSource;
  /** The answer of detect() when it already ran elsewhere (in a probe worker); detect() is then not called again. */
  readonly detected?: DetectResult;
  /** The providers of the plugin's `requires`, already started (see `resolveRequirements`). */
  readonly dependencies?: ResolvedDependencies;
}

function toReported(error: unknown, fallbackCode: KnhkErrorCode, prefix: string): ReportedError {
  if (isKnhkError(error)) return { code: error.code, message: error.message };
  return new KnhkError(fallbackCode, `${prefix}: ${describeError(error)}`);
}

/**
 * One plugin brought to life in its own child container: detect(), then (when available)
 * registration, init() and construction of every provider. A plugin that throws or hangs
 * ends `failed` with a coded error instead of breaking the caller.
 */
export class PluginInstance {
  private readonly providerCache = new Map<CapabilityName, unknown>();
  private readonly kernelTables = new Map<CapabilityName, KernelTable>();
  /** `capability.operation` of kernels that said in `available()` that they cannot run here, with why. */
  private readonly withheld = new Map<string, string>();
  private statusValue: PluginStatus = 'unavailable';
  private reasonValue = '';
  private errorValue: ReportedError | undefined;
  private devicesValue: readonly DeviceInfo[] = [];

  private constructor(
    readonly plugin: KnhkPlugin,
    readonly context: PluginContext,
    readonly source: PluginSource,
    private readonly timeouts: PluginTimeouts,
    /** The plugin that meets each of its requirements, by capability; the framework disposes this one first. */
    readonly dependencyProviders: ReadonlyMap<CapabilityName, string> = new Map(),
  ) {}

  /** Detects and, when available, initialises the plugin. Never throws. */
  static async start(plugin: KnhkPlugin, options: StartOptions = {}): Promise<PluginInstance> {
    const child = (options.parent ?? rootContainer).createChildContainer();
    const dependencies: Record<string, unknown> = {};
    const providers = new Map<CapabilityName, string>();
    for (const [capability, { provider, impl }] of options.dependencies ?? []) {
      dependencies[capability] = impl;
      providers.set(capability, provider);
      child.register(CAPABILITY_TOKENS[capability] as symbol, { useValue: impl });
    }
    const context: PluginContext = Object.freeze({
      name: plugin.manifest.name,
      container: child,
      options: Object.freeze({ ...(options.options ?? {}) }),
      logger: options.logger ?? silentLogger,
      dependencies: Object.freeze(dependencies),
    });
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    const source = options.source ?? { type: 'programmatic' as const };
    const instance = new PluginInstance(plugin, context, source, timeouts, providers);
    await instance.bringUp(options.detected);
    return instance;
  }

  /** A plugin that could not even be loaded, kept so that reports can show it. */
  static failed(manifest: PluginManifest, source: PluginSource, error: ReportedError): PluginInstance {
    const plugin: KnhkPlugin = {
      manifest,
      providers: {},
      detect: () => ({ available: false, reason: error.message, devices: [] }),
    };
    const context: PluginContext = {
      name: manifest.name,
      container: rootContainer,
      options: {},
      logger: silentLogger,
      dependencies: {},
    };
    const instance = new PluginInstance(plugin, context, source, DEFAULT_TIMEOUTS);
    instance.fail(error);
    return instance;
  }

  get name(): string {
    return this.plugin.manifest.name;
  }
  get manifest(): PluginManifest {
    return this.plugin.manifest;
  }
  get status(): PluginStatus {
    return this.statusValue;
  }
  /** For people: why it is available, unavailable or failed. */
  get reason(): string {
    return this.reasonValue;
  }
  get error(): ReportedError | undefined {
    return this.errorValue;
  }
  get devices(): readonly DeviceInfo[] {
    return this.devicesValue;
  }

  /** Whether this plugin provides the capability (ready or not). */
  provides(capability: CapabilityName): boolean {
    return this.plugin.manifest.capabilities.includes(capability);
  }

  /**
   * Whether this (ready) plugin implements an operation: a registered kernel, or a method of
   * its capability provider. Module capabilities and `operation` '*' ask only for the capability.
   */
  registers(capability: CapabilityName, operation: string): boolean {
    if (!this.provides(capability)) return false;
    if (operation === '*' || !isComputeCapability(capability) || this.statusValue !== 'ready') return true;
    const table = this.kernelTables.get(capability);
    if (table !== undefined) return Object.hasOwn(table.raw, operation);
    const impl = this.providerCache.get(capability) as Record<string, unknown> | undefined;
    return typeof impl?.[operation] === 'function';
  }

  /** Why `registers()` is false for an operation, for `explain()`. */
  unregisteredReason(capability: CapabilityName, operation: string): string {
    const id = `${capability}.${operation}`;
    return this.withheld.get(id) ?? `does not register ${id}`;
  }

  /** The per-call check of an operation's args-form kernel, when it has one. */
  supportsOf(capability: CapabilityName, operation: string): SupportsCheck | undefined {
    return this.kernelTables.get(capability)?.supports.get(operation);
  }

  /** The call-form kernel of an operation, when its kernel has that form. */
  callKernelOf(capability: CapabilityName, operation: string): CallKernel | undefined {
    return this.kernelTables.get(capability)?.calls.get(operation);
  }

  /** Whether the operation's kernel may decline single calls (a `supports` of either form). */
  isConditional(capability: CapabilityName, operation: string): boolean {
    return (
      this.supportsOf(capability, operation) !== undefined ||
      this.callKernelOf(capability, operation)?.supports !== undefined
    );
  }

  /**
   * The implementation as the dispatcher calls it: kernels without their `supports` check
   * (the dispatcher runs it and routes a declined call on). Use {@link get} everywhere else.
   */
  dispatchTarget(capability: CapabilityName): Record<string, KernelFn> {
    const table = this.kernelTables.get(capability);
    if (table !== undefined) return table.raw as Record<string, KernelFn>;
    return this.get(capability) as unknown as Record<string, KernelFn>;
  }

  /** The kernels of this plugin that serve calls here (after `available()`). */
  registeredKernels(): readonly Kernel[] {
    return (this.plugin.kernels ?? []).filter((k) => !this.withheld.has(k.id));
  }

  /**
   * The plugin's implementation of a capability: an object with a function per operation it
   * registers (a kernel with `supports` refuses a call it declines with
   * `KNHK_E_CALL_UNSUPPORTED`). Throws when it is not ready or does not provide it.
   */
  get<C extends CapabilityName>(capability: C): CapabilityMap[C] {
    const cached = this.providerCache.get(capability);
    if (cached !== undefined) return cached as CapabilityMap[C];
    if (this.statusValue !== 'ready') {
      throw new KnhkError(
        'KNHK_E_PLUGIN_UNAVAILABLE',
        `plugin "${this.name}" is ${this.statusValue}: ${this.reasonValue}`,
        {
          plugin: this.name,
        },
      );
    }
    throw new KnhkError('KNHK_E_CAPABILITY_MISSING', `plugin "${this.name}" does not provide "${capability}"`, {
      plugin: this.name,
      capability,
    });
  }

  /** Runs dispose() (bounded by its timeout) and frees the container. Never throws. */
  async dispose(): Promise<void> {
    if (this.statusValue === 'disposed') return;
    const wasReady = this.statusValue === 'ready';
    this.statusValue = 'disposed';
    this.providerCache.clear();
    this.kernelTables.clear();
    if (!wasReady || this.plugin.dispose === undefined) return;
    try {
      await runHook(this.name, 'dispose', this.timeouts.disposeMs, () => this.plugin.dispose?.(this.context));
    } catch (error) {
      this.context.logger.warn(`knhk: plugin "${this.name}" failed to dispose: ${describeError(error)}`);
    }
  }

  /** Makes the functions of a capability's kernels (those whose `available()` agrees) in the plugin's container. */
  private buildKernelTable(capability: CapabilityName): void {
    const raw: Record<string, KernelFn> = {};
    const checked: Record<string, KernelFn> = {};
    const supports = new Map<string, SupportsCheck>();
    const calls = new Map<string, CallKernel>();
    for (const kernel of this.plugin.kernels ?? []) {
      if (kernel.capability !== capability) continue;
      const answer = kernel.available === undefined ? true : kernel.available(this.context.container);
      if (answer !== true) {
        this.withheld.set(kernel.id, `does not register ${kernel.id} here: ${String(answer)}`);
        continue;
      }
      const run = kernel.create(this.context.container) as unknown as KernelFn;
      if (typeof run !== 'function') {
        throw new KnhkError('KNHK_E_KERNEL_INVALID', `kernel ${kernel.id}: create() must return a function`, {
          plugin: this.name,
          kernel: kernel.id,
        });
      }
      const normaliser = kernel.form === 'call' ? callNormaliser(capability, kernel.operation) : undefined;
      if (normaliser !== undefined) {
        // A call-form kernel: the dispatcher calls `run` with the call it normalised; everything
        // else (direct access, handles, a fallback from an args-form path) goes through the normaliser.
        const callKernel: CallKernel = Object.freeze({
          run: run as unknown as CallKernel['run'],
          normaliser,
          ...(kernel.supports !== undefined ? { supports: kernel.supports as unknown as CallKernel['supports'] } : {}),
        });
        calls.set(kernel.operation, callKernel);
        raw[kernel.operation] = argsOfCall(this.name, kernel.id, callKernel, false);
        checked[kernel.operation] = argsOfCall(this.name, kernel.id, callKernel, true);
        continue;
      }
      raw[kernel.operation] = run;
      const check = kernel.supports as SupportsCheck | undefined;
      checked[kernel.operation] = check === undefined ? run : checkedKernel(this.name, kernel.id, run, check);
      if (check !== undefined) supports.set(kernel.operation, check);
    }
    this.kernelTables.set(capability, {
      raw: Object.freeze(raw),
      checked: Object.freeze(checked),
      supports,
      calls,
    });
    this.providerCache.set(capability, Object.freeze({ ...checked }));
  }

  private fail(error: ReportedError): void {
    this.statusValue = 'failed';
    this.errorValue = error;
    this.reasonValue = error.message;
  }

  private async bringUp(detected: DetectResult | undefined): Promise<void> {
    const { plugin, context, timeouts } = this;
    try {
      const result = detected ?? (await runHook(this.name, 'detect', timeouts.detectMs, () => plugin.detect(context)));
      this.devicesValue = Object.freeze([...(result?.devices ?? [])]);
      this.reasonValue = String(result?.reason ?? '');
      if (result?.available !== true) {
        this.statusValue = 'unavailable';
        return;
      }
    } catch (error) {
      this.fail(toReported(error, 'KNHK_E_PLUGIN_DETECT_FAILED', `plugin "${this.name}": detect() threw`));
      return;
    }
    try {
      context.container.register(PLUGIN_CONTEXT, { useValue: context });
      plugin.register?.(context.container, context);
      const kernelCapabilities = new Set((plugin.kernels ?? []).map((k) => k.capability as CapabilityName));
      const classCapabilities = plugin.manifest.capabilities.filter((c) => !kernelCapabilities.has(c));
      for (const capability of classCapabilities) {
        const provider = plugin.providers[capability];
        // The manifest was checked: each capability has a provider of one of the three forms.
        context.container.register(CAPABILITY_TOKENS[capability] as symbol, provider as never);
      }
      await runHook(this.name, 'init', timeouts.initMs, () => plugin.init?.(context));
      for (const capability of classCapabilities) {
        this.providerCache.set(capability, context.container.resolve(CAPABILITY_TOKENS[capability] as symbol));
      }
      for (const capability of kernelCapabilities) this.buildKernelTable(capability);
      this.statusValue = 'ready';
    } catch (error) {
      this.providerCache.clear();
      this.kernelTables.clear();
      this.fail(toReported(error, 'KNHK_E_PLUGIN_INIT_FAILED', `plugin "${this.name}": init failed`));
    }
  }
}
