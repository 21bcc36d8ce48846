/**
 * Plugin dependencies: which plugins a plugin needs started before it (its `requires`), the
 * cycles and missing requirements among a set of plugins, and which started provider meets
 * each requirement. Pure logic: the framework does the starting (`framework/plugin-loading.ts`).
 */
import type { CapabilityName } from '../capabilities/names.js';
import { KnhkError } from '../errors/knhk-error.js';
import { CAPABILITY_PACKAGES } from './capability-packages.js';
import type { PluginManifest, Requirement } from './manifest.js';

/** What resolution needs of a started plugin. */
export interface StartedProvider {
  readonly name: string;
  readonly manifest: PluginManifest;
  readonly status: string;
  readonly reason: string;
  get(capability: CapabilityName): unknown;
}

/** The plugin chosen for each requirement, and its implementation. */
export type ResolvedDependencies = ReadonlyMap<CapabilityName, { readonly provider: string; readonly impl: unknown }>;

/** The dependency graph of a set of plugins: who must start before whom, and who cannot start. */
export interface RequirementGraph {
  /** For each plugin, the plugins it waits for (every candidate provider of each requirement). */
  readonly waitsFor: ReadonlyMap<string, readonly string[]>;
  /** Plugins that cannot start: a requirement nobody provides, or a cycle. */
  readonly failures: ReadonlyMap<string, KnhkError>;
}

function matches(requirement: Requirement, manifest: PluginManifest): boolean {
  return (
    manifest.capabilities.includes(requirement.capability) &&
    (requirement.provider === undefined || manifest.name === requirement.provider)
  );
}

function wouldProvide(requirement: Requirement): string {
  if (requirement.provider !== undefined) return `a plugin named "${requirement.provider}"`;
  const pkg = CAPABILITY_PACKAGES[requirement.capability];
  return pkg !== undefined ? `a plugin that provides it, such as ${pkg}` : 'a plugin that provides it';
}

/** `KNHK_E_PLUGIN_REQUIREMENT_MISSING`: no plugin (of the set, or of the framework) provides a requirement. */
export function missingRequirement(plugin: string, requirement: Requirement): KnhkError {
  const which = requirement.provider !== undefined ? ` from "${requirement.provider}"` : '';
  return new KnhkError(
    'KNHK_E_PLUGIN_REQUIREMENT_MISSING',
    `plugin "${plugin}" requires the ${requirement.capability} capability${which}, and no plugin provides it; install ${wouldProvide(requirement)}`,
    { plugin, capability: requirement.capability, ...(requirement.provider ? { provider: requirement.provider } : {}) },
  );
}

/** Strongly connected components (Tarjan), each with more than one plugin: the cycles. */
function cycles(waitsFor: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of waitsFor.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component);
    }
  };
  for (const v of waitsFor.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** One cycle through `start` inside its component, as `a -> b -> a`. */
function chainFrom(start: string, component: ReadonlySet<string>, waitsFor: ReadonlyMap<string, readonly string[]>) {
  const path = [start];
  const seen = new Set([start]);
  const walk = (v: string): boolean => {
    for (const w of waitsFor.get(v) ?? []) {
      if (w === start) return true;
      if (!component.has(w) || seen.has(w)) continue;
      seen.add(w);
      path.push(w);
      if (walk(w)) return true;
      path.pop();
    }
    return false;
  };
  walk(start);
  return [...path, start];
}

/**
 * The dependency graph of plugins about to start together: each waits for every plugin that
 * could meet one of its requirements. A required capability that none of them provides, and
 * every plugin on a cycle, is a coded failure (`KNHK_E_PLUGIN_REQUIREMENT_MISSING`,
 * `KNHK_E_PLUGIN_REQUIREMENT_CYCLE` naming the chain).
 */
export function requirementGraph(manifests: readonly PluginManifest[]): RequirementGraph {
  const waitsFor = new Map<string, string[]>();
  const failures = new Map<string, KnhkError>();
  for (const manifest of manifests) {
    const providers = new Set<string>();
    for (const requirement of manifest.requires) {
      const candidates = manifests.filter((m) => m.name !== manifest.name && matches(requirement, m));
      if (candidates.length === 0 && !requirement.optional && !failures.has(manifest.name)) {
        failures.set(manifest.name, missingRequirement(manifest.name, requirement));
      }
      for (const c of candidates) providers.add(c.name);
    }
    waitsFor.set(manifest.name, [...providers]);
  }
  for (const component of cycles(waitsFor)) {
    const members = new Set(component);
    const chains = component.map((name) => chainFrom(name, members, waitsFor));
    for (const chain of chains) {
      const name = chain[0];
      failures.set(
        name,
        new KnhkError(
          'KNHK_E_PLUGIN_REQUIREMENT_CYCLE',
          `plugin "${name}" is on a requirement cycle (${chain.join(' -> ')}): each waits for the next to start`,
          { plugin: name, cycle: chain },
        ),
      );
    }
    // Nobody waits on a plugin of a cycle: it does not start.
    for (const name of component) waitsFor.set(name, []);
  }
  return { waitsFor, failures };
}

function byPriority(a: StartedProvider, b: StartedProvider): number {
  return b.manifest.priority - a.manifest.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/**
 * Chooses, for each requirement of `plugin`, the started provider that meets it: the named
 * one, else the ready one of highest declared priority, then name. Returns the dependencies,
 * or the coded error that keeps the plugin from starting: `KNHK_E_PLUGIN_REQUIREMENT_MISSING`
 * when no plugin provides a required capability, `KNHK_E_PLUGIN_REQUIREMENT_FAILED` when every
 * one that does is unavailable or failed (with their reasons).
 */
export function resolveRequirements(
  plugin: PluginManifest,
  providers: readonly StartedProvider[],
): ResolvedDependencies | KnhkError {
  const resolved = new Map<CapabilityName, { provider: string; impl: unknown }>();
  for (const requirement of plugin.requires) {
    const candidates = providers.filter((p) => p.name !== plugin.name && matches(requirement, p.manifest));
    const ready = candidates.filter((p) => p.status === 'ready').sort(byPriority);
    if (ready.length > 0) {
      resolved.set(requirement.capability, { provider: ready[0].name, impl: ready[0].get(requirement.capability) });
      continue;
    }
    if (requirement.optional) continue;
    if (candidates.length === 0) return missingRequirement(plugin.name, requirement);
    const why = candidates.map((p) => `"${p.name}" is ${p.status}: ${p.reason}`).join('; ');
    return new KnhkError(
      'KNHK_E_PLUGIN_REQUIREMENT_FAILED',
      `plugin "${plugin.name}" requires the ${requirement.capability} capability, and no provider of it started (${why})`,
      { plugin: plugin.name, capability: requirement.capability, providers: candidates.map((p) => p.name) },
    );
  }
  return resolved;
}
