/** Turning configured and discovered plugins into started plugin instances. */
import { type DependencyContainer } from '../di.js';
import { describeError, isKnhkError } from '../errors/knhk-error.js';
import { KNHK_API_VERSION } from '../plugin/api-version.js';
import { type PluginPackage, findInstalledPlugins, findPathPlugins, splitPluginPath } from '../plugin/discovery.js';
import { DEFAULT_TIMEOUTS, PluginInstance, type PluginSource } from '../plugin/instance.js';
import { checkApiVersion, entryFile, loadPluginPackage } from '../plugin/loader.js';
import { probeDetect } from '../plugin/detect-probe.js';
import { KnhkError } from '../errors/knhk-error.js';
import { type ResolvedDependencies, requirementGraph, resolveRequirements } from '../plugin/requirements.js';
import { pathToFileURL } from 'node:url';
import {
  type DetectResult,
  type KnhkPlugin,
  type PluginKind,
  type PluginManifest,
  checkPlugin,
} from '../plugin/manifest.js';
import type { Logger } from './logger.js';
import type { FrameworkOptions } from './options.js';

/** What loading needs from the framework. */
export interface LoadSettings extends FrameworkOptions {
  readonly container: DependencyContainer;
  readonly logger: Logger;
}

function placeholderManifest(name: string, version: string, kind: PluginKind): PluginManifest {
  return {
    name,
    version,
    apiVersion: '*',
    kind,
    capabilities: [],
    kernels: [],
    priority: 0,
    emulation: false,
    description: '',
    requires: [],
    errors: [],
  };
}

function failedInstance(
  name: string,
  version: string,
  source: PluginSource,
  error: unknown,
  kind: PluginKind = 'module',
): PluginInstance {
  const reported = isKnhkError(error)
    ? { code: error.code, message: error.message }
    : { code: 'KNHK_E_PLUGIN_LOAD_FAILED' as const, message: describeError(error) };
  return PluginInstance.failed(placeholderManifest(name, version, kind), source, reported);
}

/** A plugin ready to start: checked, with where it came from and, for packages, its detect() answer. */
interface PluginEntry {
  readonly plugin: KnhkPlugin;
  readonly source: PluginSource;
  readonly detected?: DetectResult;
}

/** Checks a plugin object (manifest, apiVersion); a failed instance when it is not usable. */
function checkEntry(plugin: unknown, source: PluginSource, detected?: DetectResult): PluginEntry | PluginInstance {
  try {
    const checked = checkPlugin(plugin, `^${KNHK_API_VERSION}`);
    checkApiVersion(checked.manifest.name, checked.manifest.apiVersion);
    return { plugin: checked, source, ...(detected !== undefined ? { detected } : {}) };
  } catch (error) {
    const manifest = (plugin as { manifest?: { name?: unknown; version?: unknown } } | null)?.manifest;
    const name = typeof manifest?.name === 'string' ? manifest.name : '(unnamed plugin)';
    const version = typeof manifest?.version === 'string' ? manifest.version : '0.0.0';
    const kind = (manifest as { kind?: unknown } | undefined)?.kind === 'backend' ? 'backend' : 'module';
    return failedInstance(name, version, source, error, kind);
  }
}

function startEntry(entry: PluginEntry, settings: LoadSettings, dependencies?: ResolvedDependencies) {
  const { plugin, source, detected } = entry;
  return PluginInstance.start(plugin, {
    parent: settings.container,
    options: settings.pluginOptions?.[plugin.manifest.name],
    logger: settings.logger,
    timeouts: settings.timeouts,
    source,
    detected,
    dependencies,
  });
}

/**
 * Checks a plugin object and starts it, its requirements met by `providers` (the framework's
 * started plugins); never throws (failures become failed instances).
 */
export async function startPlugin(
  plugin: unknown,
  source: PluginSource,
  settings: LoadSettings,
  providers: readonly PluginInstance[] = [],
): Promise<PluginInstance> {
  const entry = checkEntry(plugin, source);
  if (entry instanceof PluginInstance) return entry;
  const dependencies = resolveRequirements(entry.plugin.manifest, providers);
  if (dependencies instanceof KnhkError) return failedStart(entry, dependencies);
  return startEntry(entry, settings, dependencies);
}

function failedStart(entry: PluginEntry, error: KnhkError): PluginInstance {
  return PluginInstance.failed(entry.plugin.manifest, entry.source, { code: error.code, message: error.message });
}

/** Runs the package's detect() in a probe worker, after the package.json apiVersion check. */
async function probePackage(pkg: PluginPackage, settings: LoadSettings): Promise<DetectResult> {
  const name = pkg.knhk.name ?? pkg.packageName;
  if (pkg.knhk.apiVersion !== undefined) checkApiVersion(name, pkg.knhk.apiVersion);
  const entryUrl = pathToFileURL(entryFile(pkg)).href;
  const timeoutMs = settings.timeouts?.detectMs ?? DEFAULT_TIMEOUTS.detectMs;
  return probeDetect(name, { entryUrl, options: settings.pluginOptions?.[name] ?? {} }, timeoutMs);
}

async function loadPackage(
  pkg: PluginPackage,
  settings: LoadSettings,
): Promise<PluginEntry | PluginInstance | undefined> {
  const importMs = settings.timeouts?.initMs ?? DEFAULT_TIMEOUTS.initMs;
  let plugin: KnhkPlugin;
  let detected: DetectResult | undefined;
  try {
    if (settings.probeInWorker !== false) detected = await probePackage(pkg, settings);
    plugin = await loadPluginPackage(pkg, importMs);
  } catch (error) {
    const kind = pkg.knhk.kind === 'backend' ? 'backend' : 'module';
    return failedInstance(pkg.knhk.name ?? pkg.packageName, pkg.version, pkg.source, error, kind);
  }
  // The very module also registered programmatically (e.g. an application that imports a
  // backend and also has it installed) is one plugin, not a duplicate.
  if (settings.plugins?.includes(plugin)) return undefined;
  return checkEntry(plugin, pkg.source, detected);
}

/** Plugin packages to load: explicit paths first, then KNHK_PLUGIN_PATH, then installed ones; each folder once. */
export function pluginPackages(options: FrameworkOptions): PluginPackage[] {
  const discover = options.discover !== false;
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const packages = [
    ...findPathPlugins(options.pluginPaths ?? [], cwd),
    ...(discover ? findPathPlugins(splitPluginPath(env.KNHK_PLUGIN_PATH), cwd) : []),
    ...(discover ? findInstalledPlugins(cwd) : []),
  ];
  const seen = new Set<string>();
  return packages.filter((pkg) => {
    if (seen.has(pkg.dir)) return false;
    seen.add(pkg.dir);
    return true;
  });
}

/**
 * Starts plugins in the order their requirements ask: each starts once every plugin that
 * could meet one of its requirements has started (so independent plugins start concurrently),
 * and gets the chosen providers handed over. A requirement nobody provides, a cycle, and a
 * requirement whose providers all failed are coded failures of the plugin that requires it.
 */
function startInOrder(entries: readonly PluginEntry[], settings: LoadSettings): Promise<PluginInstance>[] {
  const graph = requirementGraph(entries.map((e) => e.plugin.manifest));
  const byName = new Map(entries.map((e) => [e.plugin.manifest.name, e]));
  const started = new Map<string, Promise<PluginInstance>>();
  const start = (entry: PluginEntry): Promise<PluginInstance> => {
    const name = entry.plugin.manifest.name;
    const known = started.get(name);
    if (known !== undefined) return known;
    const promise = (async () => {
      const failure = graph.failures.get(name);
      if (failure !== undefined) return failedStart(entry, failure);
      const waits = (graph.waitsFor.get(name) ?? []).map((n) => start(byName.get(n) as PluginEntry));
      const dependencies = resolveRequirements(entry.plugin.manifest, await Promise.all(waits));
      if (dependencies instanceof KnhkError) return failedStart(entry, dependencies);
      return startEntry(entry, settings, dependencies);
    })();
    started.set(name, promise);
    return promise;
  };
  return entries.map(start);
}

/**
 * Loads and starts every plugin the options name or discovery finds, in the order of their
 * requirements. Programmatic plugins come first, so they win a name clash; a later plugin of
 * the same name is not started (`KNHK_E_PLUGIN_DUPLICATE`).
 */
export async function loadPlugins(options: FrameworkOptions, settings: LoadSettings): Promise<PluginInstance[]> {
  const programmatic = (options.plugins ?? []).map((plugin) => checkEntry(plugin, { type: 'programmatic' }));
  const packages = await Promise.all(pluginPackages(options).map((pkg) => loadPackage(pkg, settings)));
  const names = new Set<string>();
  const slots: (PluginInstance | PluginEntry)[] = [];
  for (const item of [...programmatic, ...packages]) {
    if (item === undefined) continue;
    if (item instanceof PluginInstance) {
      slots.push(item);
      continue;
    }
    const name = item.plugin.manifest.name;
    if (names.has(name)) {
      const error = new KnhkError('KNHK_E_PLUGIN_DUPLICATE', `a plugin named "${name}" is already registered`, {
        plugin: name,
      });
      slots.push(failedStart(item, error));
      continue;
    }
    names.add(name);
    slots.push(item);
  }
  const entries = slots.filter((s): s is PluginEntry => !(s instanceof PluginInstance));
  const starting = startInOrder(entries, settings);
  const byName = new Map(entries.map((e, i) => [e.plugin.manifest.name, starting[i]]));
  return Promise.all(
    slots.map((s) =>
      s instanceof PluginInstance ? s : (byName.get(s.plugin.manifest.name) as Promise<PluginInstance>),
    ),
  );
}
