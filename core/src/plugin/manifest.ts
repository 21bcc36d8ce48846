import semver from 'semver';
import type { DependencyContainer, InjectionToken } from 'tsyringe';
import type { DeviceInfo } from '../capabilities/memory.js';
import { type CapabilityMap, type CapabilityName, isCapabilityName } from '../capabilities/names.js';
import { KnhkError } from '../errors/knhk-error.js';
import type { ErrorCatalogue } from '../errors/define-catalogue.js';
import { registerErrorCatalogue } from '../errors/registry.js';
import type { Logger } from '../framework/logger.js';
import type { Workload } from '../selection/workloads/workload.js';
import { type Kernel, type KernelInfo, checkKernels, kernelInfo } from '../kernels/kernel.js';

/** `backend`: provides compute capabilities on some hardware. `module`: crypto, consensus, marketplace. */
export type PluginKind = 'backend' | 'module';

/** What a plugin declares about itself. */
export interface PluginManifest {
  /** Unique name, also the provider name users pin: lowercase, npm-style (`cpu`, `acme-gpu`, `@acme/fast`). */
  readonly name: string;
  /** The plugin's own version (semver). */
  readonly version: string;
  /** Semver range of core API versions the plugin works with, e.g. `^1.0.0`. */
  readonly apiVersion: string;
  readonly kind: PluginKind;
  /** The capabilities it provides: the keys of its `providers` and the capabilities of its `kernels`. */
  readonly capabilities: readonly CapabilityName[];
  /** The kernels it registers (compute operations it implements one by one); empty for class providers. */
  readonly kernels: readonly KernelInfo[];
  /** Declared priority, used when nothing was measured (higher wins). Default 0. */
  readonly priority: number;
  /** True for an emulation of hardware: listed, but selected only when pinned. */
  readonly emulation: boolean;
  readonly description: string;
  /**
   * The capabilities it needs from other plugins. The framework starts their providers first
   * and hands the resolved implementations over in {@link PluginContext.dependencies} and in the
   * plugin's container (under `CAPABILITY_TOKENS[capability]`). Empty when it needs none.
   */
  readonly requires: readonly Requirement[];
  /** The `KNHK_E_*` codes of its own error catalogue (see `defineErrorCatalogue`); empty when it has none. */
  readonly errors: readonly string[];
}

/**
 * A capability a plugin needs from another plugin. `provider` names the plugin that must
 * provide it (default: any, the ready one of highest declared priority, then name); an
 * `optional` requirement that no ready plugin meets leaves the capability out of the
 * dependencies instead of failing the plugin.
 */
export interface Requirement {
  readonly capability: CapabilityName;
  readonly provider?: string;
  readonly optional: boolean;
}

/** A requirement as a plugin author writes it: a capability name, or the full form. */
export type RequirementSpec =
  CapabilityName | { readonly capability: CapabilityName; readonly provider?: string; readonly optional?: boolean };

/** The implementations of a plugin's requirements, by capability (optional ones may be absent). */
export type PluginDependencies = { readonly [C in CapabilityName]?: CapabilityMap[C] };

/** The answer of `detect()`. */
export interface DetectResult {
  readonly available: boolean;
  /** Why it is (un)available, for people: e.g. "no OpenCL ICD loader found (libOpenCL.so.1); install ...". */
  readonly reason: string;
  readonly devices: readonly DeviceInfo[];
}

/** What a plugin receives in its lifecycle hooks. */
export interface PluginContext {
  /** The plugin's name. */
  readonly name: string;
  /** The plugin's own child container; its registrations do not leak into other plugins. */
  readonly container: DependencyContainer;
  /** Options for this plugin from `createFramework({ pluginOptions: { [name]: ... } })`. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly logger: Logger;
  /**
   * The implementations of the capabilities its manifest `requires`, resolved from the plugin
   * that provides each (started before this one). The same values are registered in
   * {@link container} under `CAPABILITY_TOKENS[capability]`, so providers can `@inject` them.
   * Use them from register(), init() and the providers on; detect() should not need them (it
   * may run in a probe worker, where this is empty).
   */
  readonly dependencies: PluginDependencies;
}

/** Injection token under which a plugin's container holds its {@link PluginContext}. */
export const PLUGIN_CONTEXT: InjectionToken<PluginContext> = Symbol.for('knhk.plugin.context');

/** How a capability's implementation is made: a tsyringe provider. */
export type CapabilityProvider<T> =
  | { readonly useClass: new (...args: never[]) => T }
  | { readonly useValue: T }
  | { readonly useFactory: (container: DependencyContainer) => T };

/** The implementations a plugin provides, by capability. */
export type CapabilityProviders = { readonly [C in CapabilityName]?: CapabilityProvider<CapabilityMap[C]> };

type MaybePromise<T> = T | Promise<T>;

/** A plugin, as `definePlugin()` returns it and as a plugin module's default export. */
export interface KnhkPlugin {
  readonly manifest: PluginManifest;
  readonly providers: CapabilityProviders;
  /**
   * The kernels it registers, one per compute operation it implements (see `defineKernel`).
   * A capability comes either from `providers` or from kernels, not both. A provider (of
   * either form) that lacks an operation leaves it to the next provider.
   */
  readonly kernels?: readonly Kernel[];
  /** Whether the plugin can work on this machine. Must not throw for a missing device: answer unavailable with the reason. */
  detect(context: PluginContext): MaybePromise<DetectResult>;
  /** Extra registrations in the plugin's container (services its providers inject). */
  register?(container: DependencyContainer, context: PluginContext): void;
  /** Called once after a successful detect, before any provider is used. */
  init?(context: PluginContext): MaybePromise<void>;
  /** Called once when the framework is disposed. */
  dispose?(context: PluginContext): MaybePromise<void>;
  /** Workloads for measuring providers of capabilities knhk brings none for (see `Workload`). */
  readonly workloads?: readonly Workload[];
  /** Its own error codes, registered when the plugin is checked (see `defineErrorCatalogue`). */
  readonly errors?: ErrorCatalogue;
}

/** What a plugin author writes; see {@link definePlugin}. */
export interface PluginDefinition {
  readonly name: string;
  readonly version: string;
  /** Default: `^` + the API version of the core the plugin was built with. */
  readonly apiVersion?: string;
  readonly kind?: PluginKind;
  readonly priority?: number;
  readonly emulation?: boolean;
  readonly description?: string;
  /** Capabilities it needs from other plugins (see {@link PluginManifest.requires}), e.g. `['signature']`. */
  readonly requires?: readonly RequirementSpec[];
  /** Class or value providers of whole capabilities (module capabilities, or compute ones). Default none. */
  readonly providers?: CapabilityProviders;
  /** Kernels of compute operations, one each (see `defineKernel`). */
  readonly kernels?: readonly Kernel[];
  readonly detect?: KnhkPlugin['detect'];
  readonly register?: KnhkPlugin['register'];
  readonly init?: KnhkPlugin['init'];
  readonly dispose?: KnhkPlugin['dispose'];
  readonly workloads?: KnhkPlugin['workloads'];
  /** Its own `KNHK_E_*` codes: the result of `defineErrorCatalogue` (core's codes need no declaring). */
  readonly errors?: ErrorCatalogue;
}

const NAME_PATTERN = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

function invalid(message: string, details: Record<string, unknown>): KnhkError {
  return new KnhkError('KNHK_E_PLUGIN_MANIFEST_INVALID', message, details);
}

function checkRequirements(name: string, input: unknown, provided: readonly string[]): readonly Requirement[] {
  if (input === undefined) return Object.freeze([]);
  if (!Array.isArray(input)) {
    throw invalid(`plugin "${name}": requires must be an array of capability names`, {
      plugin: name,
      field: 'requires',
    });
  }
  const requirements: Requirement[] = [];
  for (const entry of input as unknown[]) {
    const spec = typeof entry === 'string' ? { capability: entry } : (entry as Record<string, unknown> | null);
    const capability = spec?.capability;
    if (!isCapabilityName(capability)) {
      throw invalid(`plugin "${name}": requires ${JSON.stringify(entry)}, which is not a knhk capability`, {
        plugin: name,
        field: 'requires',
      });
    }
    if (provided.includes(capability)) {
      throw invalid(`plugin "${name}": it requires ${capability} and provides it too; a plugin cannot require itself`, {
        plugin: name,
        field: 'requires',
        capability,
      });
    }
    if (requirements.some((r) => r.capability === capability)) {
      throw invalid(`plugin "${name}": it requires ${capability} twice`, {
        plugin: name,
        field: 'requires',
        capability,
      });
    }
    const provider = spec?.provider;
    if (provider !== undefined && (typeof provider !== 'string' || !NAME_PATTERN.test(provider))) {
      throw invalid(`plugin "${name}": requires.${capability}.provider must be a plugin name`, {
        plugin: name,
        field: 'requires',
        capability,
      });
    }
    const optional = spec?.optional ?? false;
    if (typeof optional !== 'boolean') {
      throw invalid(`plugin "${name}": requires.${capability}.optional must be true or false`, {
        plugin: name,
        field: 'requires',
        capability,
      });
    }
    requirements.push(Object.freeze({ capability, ...(provider !== undefined ? { provider } : {}), optional }));
  }
  return Object.freeze(requirements);
}

function checkProvider(name: string, capability: string, provider: unknown): void {
  const ok =
    typeof provider === 'object' &&
    provider !== null &&
    (typeof (provider as { useClass?: unknown }).useClass === 'function' ||
      typeof (provider as { useFactory?: unknown }).useFactory === 'function' ||
      'useValue' in provider);
  if (!ok) {
    throw invalid(`plugin "${name}": providers.${capability} must be { useClass }, { useFactory } or { useValue }`, {
      plugin: name,
      capability,
    });
  }
}

/**
 * Checks a manifest-like object and returns a complete, frozen manifest. Throws
 * `KNHK_E_PLUGIN_MANIFEST_INVALID` naming the first bad field.
 */
export function validateManifest(
  input: Omit<Partial<PluginManifest>, 'requires' | 'errors'> & {
    errors?: readonly string[];
    providers?: unknown;
    kernelList?: readonly Kernel[];
    requires?: readonly (RequirementSpec | Requirement)[];
  },
  defaultApiRange: string,
): PluginManifest {
  const name = input.name;
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw invalid(`plugin name must be a lowercase npm-style name, got ${JSON.stringify(name)}`, { field: 'name' });
  }
  if (typeof input.version !== 'string' || semver.valid(input.version) === null) {
    throw invalid(`plugin "${name}": version must be a semver version, got ${JSON.stringify(input.version)}`, {
      plugin: name,
      field: 'version',
    });
  }
  const apiVersion = input.apiVersion ?? defaultApiRange;
  if (typeof apiVersion !== 'string' || semver.validRange(apiVersion) === null) {
    throw invalid(`plugin "${name}": apiVersion must be a semver range, got ${JSON.stringify(apiVersion)}`, {
      plugin: name,
      field: 'apiVersion',
    });
  }
  const kind = input.kind ?? 'module';
  if (kind !== 'backend' && kind !== 'module') {
    throw invalid(`plugin "${name}": kind must be "backend" or "module", got ${JSON.stringify(kind)}`, {
      plugin: name,
      field: 'kind',
    });
  }
  const capabilities = input.capabilities ?? [];
  if (!Array.isArray(capabilities) || capabilities.length === 0) {
    throw invalid(`plugin "${name}": it must provide at least one capability`, { plugin: name, field: 'providers' });
  }
  for (const c of capabilities) {
    if (!isCapabilityName(c)) {
      throw invalid(`plugin "${name}": "${String(c)}" is not a knhk capability`, { plugin: name, field: 'providers' });
    }
  }
  const priority = input.priority ?? 0;
  if (typeof priority !== 'number' || !Number.isFinite(priority)) {
    throw invalid(`plugin "${name}": priority must be a finite number`, { plugin: name, field: 'priority' });
  }
  return Object.freeze({
    name,
    version: input.version,
    apiVersion,
    kind,
    capabilities: Object.freeze([...capabilities]),
    kernels: Object.freeze((input.kernelList ?? []).map(kernelInfo)),
    priority,
    emulation: input.emulation === true,
    description: typeof input.description === 'string' ? input.description : '',
    requires: checkRequirements(name, input.requires, capabilities),
    errors: Object.freeze(Array.isArray(input.errors) ? input.errors.map(String) : []),
  });
}

/**
 * Checks that a value is a usable plugin (a plugin module's default export may come from
 * another copy of `@knhk/core`, so this is structural). Throws `KNHK_E_PLUGIN_MANIFEST_INVALID`.
 */
export function checkPlugin(value: unknown, defaultApiRange: string): KnhkPlugin {
  if (typeof value !== 'object' || value === null || typeof (value as KnhkPlugin).manifest !== 'object') {
    throw invalid('a plugin must be the object returned by definePlugin() or defineBackend()', {});
  }
  const plugin = value as KnhkPlugin;
  if (plugin.kernels !== undefined && !Array.isArray(plugin.kernels)) {
    throw invalid(`plugin "${plugin.manifest.name}": kernels must be an array`, { plugin: plugin.manifest.name });
  }
  const kernels = checkKernels(String(plugin.manifest.name), plugin.kernels ?? []);
  const manifest = validateManifest({ ...plugin.manifest, kernelList: kernels }, defaultApiRange);
  if (typeof plugin.providers !== 'object' || plugin.providers === null) {
    throw invalid(`plugin "${manifest.name}": providers must be an object`, { plugin: manifest.name });
  }
  const kernelCapabilities = new Set<string>(kernels.map((k) => k.capability));
  for (const c of kernelCapabilities) {
    if (!manifest.capabilities.includes(c as CapabilityName)) {
      throw invalid(`plugin "${manifest.name}": it registers ${c} kernels but its manifest does not list ${c}`, {
        plugin: manifest.name,
        capability: c,
      });
    }
  }
  for (const c of manifest.capabilities) {
    if (kernelCapabilities.has(c)) {
      if (plugin.providers[c] !== undefined) {
        throw invalid(`plugin "${manifest.name}": ${c} comes both from providers and from kernels; use one`, {
          plugin: manifest.name,
          capability: c,
        });
      }
      continue;
    }
    checkProvider(manifest.name, c, plugin.providers[c]);
  }
  if (typeof plugin.detect !== 'function') {
    throw invalid(`plugin "${manifest.name}": detect must be a function`, { plugin: manifest.name });
  }
  if (plugin.workloads !== undefined && !Array.isArray(plugin.workloads)) {
    throw invalid(`plugin "${manifest.name}": workloads must be an array`, { plugin: manifest.name });
  }
  for (const hook of ['register', 'init', 'dispose'] as const) {
    if (plugin[hook] !== undefined && typeof plugin[hook] !== 'function') {
      throw invalid(`plugin "${manifest.name}": ${hook} must be a function`, { plugin: manifest.name });
    }
  }
  if (plugin.errors !== undefined) {
    const catalogue = plugin.errors as Partial<ErrorCatalogue> | null;
    const problem = registerErrorCatalogue(String(catalogue?.owner), catalogue?.entries as never);
    if (problem !== undefined) throw invalid(`plugin "${manifest.name}": ${problem}`, { plugin: manifest.name });
    const codes = Object.keys(catalogue?.entries ?? {});
    if (codes.join() !== manifest.errors.join()) {
      throw invalid(`plugin "${manifest.name}": manifest.errors must list the codes of its catalogue`, {
        plugin: manifest.name,
      });
    }
  }
  // A plugin built with an older core has no `requires` or `errors`: it gets the complete manifest.
  const complete = Array.isArray(plugin.manifest.requires) && Array.isArray(plugin.manifest.errors);
  return complete ? plugin : Object.freeze({ ...plugin, manifest });
}
