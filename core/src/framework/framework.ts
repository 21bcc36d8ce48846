import type { Matmul } from '../capabilities/matmul.js';
import type { DeviceMemory } from '../capabilities/memory.js';
import type { NeuralTraining } from '../capabilities/mlp.js';
import {
  COMPUTE_CAPABILITIES,
  type CapabilityMap,
  type CapabilityName,
  type ComputeCapability,
  isCapabilityName,
} from '../capabilities/names.js';
import type { PatternMatcher } from '../capabilities/pattern.js';
import type { Reductions } from '../capabilities/reduce.js';
import type { VectorOps } from '../capabilities/vector.js';
import { container as rootContainer } from '../di.js';
import { KnhkError, describeError, isKnhkError } from '../errors/knhk-error.js';
import { KNOWN_BACKENDS } from '../plugin/known-backends.js';
import { type KnhkPlugin } from '../plugin/manifest.js';
import { PluginInstance } from '../plugin/instance.js';
import { type Exclusion, PriorityPolicy, type SelectionPolicy, bucketRange, sizeBucket } from '../selection/policy.js';
import { type Plan, type Router, createDispatcher } from './dispatch.js';
import { type Logger, processWarningLogger } from './logger.js';
import { type FrameworkOptions, type PinTarget, checkOptions } from './options.js';
import { type LoadSettings, loadPlugins, startPlugin } from './plugin-loading.js';
import type { BackendReport, DeclineRecord, FallbackRecord, PluginReport, SelectionExplanation } from './reports.js';
import { type TuneOptions, type TuningHost, type WisdomStatus, loadValidWisdom, tuneFramework } from './tuning.js';
import { MeasuredPolicy } from '../selection/measured-policy.js';
import { machineFacts } from '../selection/machine.js';
import type { MeasuredProvider } from '../selection/tuner.js';
import { WORKLOADS } from '../selection/workloads/index.js';
import type { Workload } from '../selection/workloads/workload.js';
import {
  type Wisdom,
  type WisdomKey,
  defaultWisdomPath,
  staleReason,
  wisdomKey,
  writeWisdom,
} from '../selection/wisdom.js';

const FALLBACK_LOG_MAX = 1000;
/** Distinct (operation, provider, reason) declines kept for `explain()`. */
const DECLINE_KINDS_MAX = 1000;

type Impl = Plan['providers'][number]['impl'];

/** Direct access to one provider, bypassing selection (what the framework dispatches to). */
export interface ProviderView {
  readonly name: string;
  get<C extends CapabilityName>(capability: C): CapabilityMap[C];
}

function report(instance: PluginInstance): PluginReport {
  const m = instance.manifest;
  return {
    name: m.name,
    version: m.version,
    kind: m.kind,
    capabilities: m.capabilities,
    kernels:
      instance.status === 'ready'
        ? instance.registeredKernels().map((k) => k.id)
        : m.kernels.map((k) => `${k.capability}.${k.operation}`),
    priority: m.priority,
    emulation: m.emulation,
    description: m.description,
    status: instance.status,
    reason: instance.reason,
    ...(instance.error ? { error: instance.error } : {}),
    devices: instance.devices,
    source: instance.source,
    requires: m.requires,
    dependencies: Object.fromEntries(instance.dependencyProviders),
  };
}

/**
 * A running knhk: its plugins, the selection of providers per operation and size, and one
 * dispatcher per compute capability. Create one with {@link createFramework}.
 */
export class Framework implements Router, TuningHost {
  /** Element-wise vector operations, dispatched per call. */
  readonly vector: VectorOps;
  readonly reduce: Reductions;
  readonly matmul: Matmul;
  readonly pattern: PatternMatcher;
  readonly mlp: NeuralTraining;
  readonly memory: DeviceMemory;

  private readonly instances = new Map<string, PluginInstance>();
  private readonly failures: PluginInstance[] = [];
  private readonly pins = new Map<PinTarget, string>();
  private readonly fallbackLog: FallbackRecord[] = [];
  /** Calls a kernel declined (its `supports` said no), by operation, provider and reason. */
  private readonly declines = new Map<string, DeclineRecord>();
  private readonly fallbackListeners = new Set<(record: FallbackRecord) => void>();
  private readonly dispatchers = new Map<ComputeCapability, unknown>();
  private readonly container = rootContainer.createChildContainer();
  private policyValue: SelectionPolicy;
  private wisdomStatusValue: WisdomStatus = { source: 'none', reason: 'not loaded yet' };
  private disposed = false;
  private generationValue = 0;
  /** @internal The wisdom file, or undefined when wisdom is disabled. */
  readonly wisdomFile: string | undefined;
  /** @internal */
  readonly logger: Logger;
  /** True when no provider may stand in for a failing one. */
  readonly strict: boolean;

  /** @internal Use {@link createFramework}. */
  constructor(private readonly options: FrameworkOptions) {
    this.logger = options.logger ?? processWarningLogger();
    this.strict = options.strict === true;
    this.policyValue = options.policy ?? new PriorityPolicy();
    this.wisdomFile = options.wisdomPath === false ? undefined : (options.wisdomPath ?? defaultWisdomPath(options.env));
    for (const capability of COMPUTE_CAPABILITIES) this.dispatchers.set(capability, createDispatcher(this, capability));
    this.vector = this.dispatchers.get('vector') as VectorOps;
    this.reduce = this.dispatchers.get('reduce') as Reductions;
    this.matmul = this.dispatchers.get('matmul') as Matmul;
    this.pattern = this.dispatchers.get('pattern') as PatternMatcher;
    this.mlp = this.dispatchers.get('mlp') as NeuralTraining;
    this.memory = this.dispatchers.get('memory') as DeviceMemory;
  }

  /** @internal Loads every configured and discovered plugin, then applies the pins. */
  async load(): Promise<void> {
    const loaded = await loadPlugins(this.options, this.settings());
    for (const instance of loaded) this.admit(instance);
    for (const [target, name] of Object.entries(this.options.pin ?? {})) this.pin(target as PinTarget, name as string);
    if (this.options.policy === undefined) {
      await this.planSelection();
    } else {
      this.wisdomStatusValue = { source: 'none', reason: `custom selection policy "${this.options.policy.name}"` };
    }
  }

  private async planSelection(): Promise<void> {
    const { policy, status } = loadValidWisdom(this);
    this.wisdomStatusValue = status;
    if (policy !== undefined) {
      this.setPolicy(policy);
    } else if (this.options.effort === 'quick' || this.options.effort === 'thorough') {
      await this.tune({ effort: this.options.effort });
    }
  }

  /**
   * Measures every available provider of every compute operation (FFTW's planning), makes
   * the measurements the selection policy, and saves them as wisdom.
   */
  async tune(options: TuneOptions = {}): Promise<Wisdom> {
    this.checkLive();
    const { wisdom, status } = await tuneFramework(this, options);
    this.setPolicy(new MeasuredPolicy(wisdom));
    this.wisdomStatusValue = status;
    return wisdom;
  }

  /**
   * Makes measurements taken elsewhere in this process (e.g. by the benchmark harness) the
   * selection policy, and saves them as wisdom unless `save` is false. Throws
   * `KNHK_E_WISDOM_INVALID` when they were measured for another machine or other plugins.
   */
  adoptWisdom(wisdom: Wisdom, options: { readonly save?: boolean } = {}): void {
    this.checkLive();
    const stale = staleReason(wisdom, this.wisdomKey());
    if (stale !== undefined) {
      throw new KnhkError('KNHK_E_WISDOM_INVALID', `this wisdom does not fit this framework: ${stale}`, { stale });
    }
    const save = options.save !== false && this.wisdomFile !== undefined;
    if (save) writeWisdom(this.wisdomFile as string, wisdom);
    this.setPolicy(new MeasuredPolicy(wisdom));
    this.wisdomStatusValue = {
      source: 'measured',
      ...(this.wisdomFile !== undefined ? { path: this.wisdomFile } : {}),
      reason: `adopted wisdom measured ${wisdom.createdAt}${save ? `, saved to ${this.wisdomFile}` : ''}`,
      createdAt: wisdom.createdAt,
      effort: wisdom.effort,
    };
  }

  /** The wisdom the selection follows, when it follows measurements. */
  wisdom(): Wisdom | undefined {
    return this.policyValue instanceof MeasuredPolicy ? this.policyValue.wisdom : undefined;
  }

  /** Where the selection comes from: reused wisdom, measurements of this process, or declared priority. */
  wisdomStatus(): WisdomStatus {
    return this.wisdomStatusValue;
  }

  /** @internal What wisdom must match: this machine, and the versions of every provider of a measured capability. */
  wisdomKey(): WisdomKey {
    const measured = new Set(this.workloads().map((w) => w.capability));
    const providers = [...this.instances.values()].filter(
      (i) => i.status === 'ready' && !i.manifest.emulation && i.manifest.capabilities.some((c) => measured.has(c)),
    );
    return wisdomKey(
      providers.map((i) => ({ name: i.name, version: i.manifest.version })),
      machineFacts(),
    );
  }

  /** Every workload the tuner and the harness measure: knhk's own, then those the ready plugins contribute. */
  workloads(): readonly Workload[] {
    const contributed = [...this.instances.values()]
      .filter((i) => i.status === 'ready')
      .flatMap((i) => i.plugin.workloads ?? []);
    return [...WORKLOADS, ...contributed];
  }

  /**
   * @internal The providers a workload is measured on: ready, not emulated, and registering
   * the operation (any operation of the capability when none is named).
   */
  measuredProviders(capability: CapabilityName, operation = '*'): MeasuredProvider[] {
    return [...this.instances.values()]
      .filter((i) => i.status === 'ready' && !i.manifest.emulation && i.registers(capability, operation))
      .map((i) => ({ name: i.name, impl: i.get(capability) }));
  }

  /** The selection policy in use. */
  get policy(): SelectionPolicy {
    return this.policyValue;
  }

  /** Replaces the selection policy (e.g. with a measured one); cached choices are dropped. */
  setPolicy(policy: SelectionPolicy): void {
    this.policyValue = policy;
    this.invalidate();
  }

  /**
   * The implementation of a capability. Compute capabilities return a dispatcher that
   * selects per call; module capabilities return the best-ranked provider.
   */
  get<C extends CapabilityName>(capability: C): CapabilityMap[C] {
    this.checkLive();
    if (!isCapabilityName(capability)) {
      throw new KnhkError('KNHK_E_CAPABILITY_UNKNOWN', `"${String(capability)}" is not a knhk capability`, {
        capability,
      });
    }
    const dispatcher = this.dispatchers.get(capability as ComputeCapability);
    if (dispatcher !== undefined) return dispatcher as CapabilityMap[C];
    return this.plan(capability, '*', 0).providers[0].impl as unknown as CapabilityMap[C];
  }

  /** One provider by name, called directly without selection or fallback. */
  backend(name: string): ProviderView {
    const instance = this.readyInstance(name);
    return { name, get: (capability) => instance.get(capability) };
  }

  /**
   * Registers another plugin while running; its requirements are met by the plugins already
   * registered. Returns its report (check `status`).
   */
  async register(plugin: KnhkPlugin): Promise<PluginReport> {
    this.checkLive();
    const providers = [...this.instances.values()];
    const instance = await startPlugin(plugin, { type: 'programmatic' }, this.settings(), providers);
    return report(this.admit(instance));
  }

  /** Every plugin, loaded or not, with its status and reason. Failed loads included. */
  plugins(): PluginReport[] {
    return [...this.instances.values(), ...this.failures].map(report);
  }

  /**
   * Every hardware backend knhk knows (cpu, avx2, avx512, neon, opencl, cuda, rocm,
   * xilinx-fpga, intel-fpga) and every other installed backend, available or not, with why.
   */
  detect(): BackendReport[] {
    const reports: BackendReport[] = KNOWN_BACKENDS.map((known) => {
      const instance = this.instances.get(known.name) ?? this.failures.find((f) => f.name === known.name);
      if (instance !== undefined) return this.backendReport(instance);
      return {
        name: known.name,
        available: false,
        reason: `no plugin named "${known.name}" is installed (it would need ${known.hardware}; package ${known.package})`,
        devices: [],
        capabilities: [],
        installed: false,
      };
    });
    const known = new Set<string>(KNOWN_BACKENDS.map((k) => k.name));
    for (const instance of [...this.instances.values(), ...this.failures]) {
      if (!known.has(instance.name) && instance.manifest.kind === 'backend') reports.push(this.backendReport(instance));
    }
    return reports;
  }

  /** Uses `provider` for a capability (or for every capability with `'*'`), with no fallback. */
  pin(target: PinTarget, provider: string): void {
    this.checkLive();
    if (target !== '*' && !isCapabilityName(target)) {
      throw new KnhkError('KNHK_E_CAPABILITY_UNKNOWN', `cannot pin "${String(target)}": not a capability`, { target });
    }
    const instance = this.readyInstance(provider);
    if (target !== '*' && !instance.provides(target)) {
      throw new KnhkError(
        'KNHK_E_CAPABILITY_MISSING',
        `cannot pin ${target} to "${provider}": it does not provide ${target}`,
        {
          target,
          provider,
        },
      );
    }
    this.pins.set(target, provider);
    this.invalidate();
  }

  /** Removes a pin. */
  unpin(target: PinTarget): void {
    this.pins.delete(target);
    this.invalidate();
  }

  /** Why a provider is chosen for an operation at a size; the order is the fallback order. */
  explain(capability: CapabilityName, operation: string, size: number): SelectionExplanation {
    this.checkLive();
    if (!isCapabilityName(capability)) {
      throw new KnhkError('KNHK_E_CAPABILITY_UNKNOWN', `"${String(capability)}" is not a knhk capability`, {
        capability,
      });
    }
    return this.decide(capability, operation, size);
  }

  /** Name of the provider a call of this operation and size would go to first. */
  selected(capability: CapabilityName, operation: string, size: number): string {
    return this.explain(capability, operation, size).chosen;
  }

  /** Recorded provider failures (newest last, at most 1000). */
  fallbacks(): readonly FallbackRecord[] {
    return [...this.fallbackLog];
  }

  /** Calls `listener` on every provider failure; returns a function that stops it. */
  onFallback(listener: (record: FallbackRecord) => void): () => void {
    this.fallbackListeners.add(listener);
    return () => this.fallbackListeners.delete(listener);
  }

  /**
   * Disposes every plugin (each bounded by its timeout), in the reverse order of their
   * requirements: a plugin is disposed after every plugin it was handed a capability to.
   * The framework is unusable afterwards.
   */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.invalidate();
    const instances = [...this.instances.values()];
    const done = new Map<string, Promise<void>>();
    const disposeOf = (instance: PluginInstance): Promise<void> => {
      const known = done.get(instance.name);
      if (known !== undefined) return known;
      const dependants = instances.filter((i) => [...i.dependencyProviders.values()].includes(instance.name));
      const promise = Promise.all(dependants.map(disposeOf)).then(() => instance.dispose());
      done.set(instance.name, promise);
      return promise;
    };
    await Promise.all(instances.map(disposeOf));
  }

  /** @internal Router: bumped whenever plugins, pins or the policy change; dispatchers then drop their cached plans. */
  get generation(): number {
    return this.generationValue;
  }

  private invalidate(): void {
    this.generationValue++;
  }

  /** @internal Router: the providers for one call (dispatchers cache it per size bucket and generation). */
  plan(capability: CapabilityName, operation: string, size: number): Plan {
    this.checkLive();
    const decision = this.decide(capability, operation, size);
    const providers = decision.order.map((name) => {
      const instance = this.readyInstance(name);
      const supports = instance.supportsOf(capability, operation);
      const kernel = instance.callKernelOf(capability, operation);
      return {
        name,
        impl: instance.dispatchTarget(capability) as unknown as Impl,
        ...(supports !== undefined ? { supports } : {}),
        ...(kernel !== undefined ? { kernel } : {}),
      };
    });
    return { providers, fallback: !this.strict && providers.length > 1, strict: this.strict };
  }

  /**
   * @internal Router: the implementation of the provider that owns a handle, with the
   * kernels' `supports` checks in front (a handle cannot move, so a declined call fails).
   */
  owner(capability: CapabilityName, provider: string, operation: string): Impl {
    this.checkLive();
    const instance = this.instances.get(provider);
    if (instance === undefined || instance.status !== 'ready' || !instance.provides(capability)) {
      throw new KnhkError(
        'KNHK_E_BUFFER_FOREIGN',
        `${capability}: the handle belongs to provider "${provider}", which is not a ready ${capability} provider of this framework`,
        { capability, provider },
      );
    }
    if (!instance.registers(capability, operation)) {
      throw new KnhkError(
        'KNHK_E_CAPABILITY_MISSING',
        `${capability}.${operation}: the handle belongs to provider "${provider}", which ${instance.unregisteredReason(capability, operation)}; copy the data to host arrays (memory.copyFromDevice) so another provider can run it`,
        { capability, operation, provider },
      );
    }
    return instance.get(capability) as unknown as Impl;
  }

  /** @internal Router: a kernel declined a call (not a failure: the call went on to the next provider). */
  recordDecline(capability: CapabilityName, operation: string, provider: string, reason: string): void {
    const key = `${capability}.${operation}\u0000${provider}\u0000${reason}`;
    const known = this.declines.get(key);
    if (known !== undefined) {
      this.declines.set(key, { ...known, count: known.count + 1 });
      return;
    }
    if (this.declines.size >= DECLINE_KINDS_MAX) return;
    this.declines.set(key, { capability, operation, provider, reason, count: 1 });
  }

  /** @internal Router: records a provider failure. */
  recordFailure(
    capability: CapabilityName,
    operation: string,
    size: number,
    provider: string,
    error: unknown,
    next: string | undefined,
  ): void {
    const record: FallbackRecord = {
      at: new Date().toISOString(),
      capability,
      operation,
      size,
      provider,
      error: { ...(isKnhkError(error) ? { code: error.code } : {}), message: describeError(error) },
      ...(next !== undefined ? { next } : {}),
    };
    this.fallbackLog.push(record);
    if (this.fallbackLog.length > FALLBACK_LOG_MAX) this.fallbackLog.shift();
    const then = next !== undefined ? `fell back to "${next}"` : 'no fallback';
    this.logger.warn(`knhk: ${capability}.${operation} failed on "${provider}" (${record.error.message}); ${then}`);
    for (const listener of this.fallbackListeners) listener(record);
  }

  private settings(): LoadSettings {
    return { container: this.container, logger: this.logger, ...this.options };
  }

  private admit(instance: PluginInstance): PluginInstance {
    if (instance.status === 'failed') {
      this.failures.push(instance);
      this.logger.warn(`knhk: plugin "${instance.name}" was isolated: ${instance.reason}`);
      return instance;
    }
    if (this.instances.has(instance.name)) {
      const duplicate = PluginInstance.failed(instance.manifest, instance.source, {
        code: 'KNHK_E_PLUGIN_DUPLICATE',
        message: new KnhkError('KNHK_E_PLUGIN_DUPLICATE', `a plugin named "${instance.name}" is already registered`)
          .message,
      });
      void instance.dispose();
      this.failures.push(duplicate);
      this.logger.warn(`knhk: ${duplicate.reason}`);
      return duplicate;
    }
    this.instances.set(instance.name, instance);
    this.invalidate();
    return instance;
  }

  private backendReport(instance: PluginInstance): BackendReport {
    return {
      name: instance.name,
      available: instance.status === 'ready',
      reason: instance.reason,
      devices: instance.devices,
      capabilities: instance.manifest.capabilities,
      installed: true,
      version: instance.manifest.version,
      ...(instance.error ? { error: instance.error } : {}),
    };
  }

  private readyInstance(name: string): PluginInstance {
    this.checkLive();
    const instance = this.instances.get(name);
    if (instance === undefined) {
      const failed = this.failures.find((f) => f.name === name);
      if (failed !== undefined) {
        throw new KnhkError('KNHK_E_PLUGIN_UNAVAILABLE', `plugin "${name}" failed to load: ${failed.reason}`, {
          plugin: name,
        });
      }
      throw new KnhkError(
        'KNHK_E_PLUGIN_NOT_FOUND',
        `no plugin named "${name}" (registered: ${[...this.instances.keys()].join(', ') || 'none'})`,
        {
          plugin: name,
        },
      );
    }
    if (instance.status !== 'ready') {
      throw new KnhkError('KNHK_E_PLUGIN_UNAVAILABLE', `plugin "${name}" is ${instance.status}: ${instance.reason}`, {
        plugin: name,
      });
    }
    return instance;
  }

  private decide(capability: CapabilityName, operation: string, size: number): SelectionExplanation {
    const bucket = sizeBucket(size);
    const base = { capability, operation, size, bucket, sizeRange: bucketRange(bucket), strict: this.strict };
    const excluded: Exclusion[] = [];
    const pinned = this.pins.get(capability) ?? this.pins.get('*');
    const eligible: PluginInstance[] = [];
    for (const instance of this.instances.values()) {
      if (!instance.provides(capability)) continue;
      if (pinned !== undefined && instance.name !== pinned) {
        excluded.push({ provider: instance.name, reason: `${capability} is pinned to "${pinned}"` });
      } else if (instance.status !== 'ready') {
        excluded.push({ provider: instance.name, reason: `${instance.status}: ${instance.reason}` });
      } else if (instance.manifest.emulation && pinned !== instance.name) {
        excluded.push({ provider: instance.name, reason: 'emulation: selected only when pinned explicitly' });
      } else if (!instance.registers(capability, operation)) {
        excluded.push({ provider: instance.name, reason: instance.unregisteredReason(capability, operation) });
      } else {
        eligible.push(instance);
      }
    }
    for (const failed of this.failures) {
      if (failed.provides(capability)) excluded.push({ provider: failed.name, reason: `failed: ${failed.reason}` });
    }
    if (eligible.length === 0) {
      const why = excluded.map((e) => `${e.provider}: ${e.reason}`).join('; ') || 'no plugin provides it';
      throw new KnhkError(
        'KNHK_E_CAPABILITY_MISSING',
        `no available provider for ${capability}.${operation} (${why})`,
        {
          capability,
          operation,
          excluded,
        },
      );
    }
    const declined = this.declinedFor(capability, operation);
    if (pinned !== undefined) {
      return {
        ...base,
        chosen: pinned,
        order: [pinned],
        basis: 'pinned',
        reason: `pinned to "${pinned}"`,
        excluded,
        ...(declined.length > 0 ? { declined } : {}),
      };
    }
    const ranking = this.policyValue.rank(
      { capability, operation, size },
      eligible.map((i) => ({ name: i.name, version: i.manifest.version, priority: i.manifest.priority })),
    );
    const order = ranking.order.map((c) => c.name);
    const conditional = order.filter((name) => this.instances.get(name)?.isConditional(capability, operation));
    return {
      ...base,
      chosen: order[0],
      ...(order.length > 1 ? { runnerUp: order[1] } : {}),
      order,
      basis: ranking.basis,
      reason: ranking.reason,
      excluded: [...excluded, ...(ranking.excluded ?? [])],
      ...(ranking.figures ? { figures: ranking.figures } : {}),
      ...(conditional.length > 0 ? { conditional } : {}),
      ...(declined.length > 0 ? { declined } : {}),
    };
  }

  private declinedFor(capability: CapabilityName, operation: string): DeclineRecord[] {
    return [...this.declines.values()].filter((d) => d.capability === capability && d.operation === operation);
  }

  private checkLive(): void {
    if (this.disposed) throw new KnhkError('KNHK_E_FRAMEWORK_DISPOSED', 'this framework was disposed');
  }
}

/**
 * Creates a framework: discovers and loads plugins (installed packages with a `knhk` field,
 * `pluginPaths`, `KNHK_PLUGIN_PATH`, and `plugins` given here), runs each plugin's detect()
 * and init() in isolation with time limits, and applies the pins. A plugin that throws,
 * hangs or declares an incompatible apiVersion is reported with a coded error; the
 * framework keeps working without it.
 *
 * @example
 * const knhk = await createFramework();
 * const d = knhk.vector.dot(a, b);
 * console.log(knhk.explain('vector', 'dot', a.length));
 */
export async function createFramework(options: FrameworkOptions = {}): Promise<Framework> {
  checkOptions(options);
  const framework = new Framework(options);
  await framework.load();
  return framework;
}
