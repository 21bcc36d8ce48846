/** Turning configured and discovered plugins into started plugin instances. */
import { type DependencyContainer } from '../di.js';
import { describeError, isKnhkError } from '../errors/knhk-error.js';
import { KNHK_API_VERSION } from '../plugin/api-version.js';
import { type PluginPackage, findInstalledPlugins, findPathPlugins, splitPluginPath } from '../plugin/discovery.js';
import { DEFAULT_TIMEOUTS, PluginInstance, type PluginSource } from '../plugin/instance.js';
import { checkApiVersion, entryFile, loadPluginPackage } from '../plugin/loader.js';
import { probeDetect } from '../plugin/detect-probe.js';
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

/** Checks a plugin object and starts it; never throws (failures become failed instances). */
export async function startPlugin(
  plugin: unknown,
  source: PluginSource,
  settings: LoadSettings,
  detected?: DetectResult,
): Promise<PluginInstance> {
  let checked: KnhkPlugin;
  try {
    checked = checkPlugin(plugin, `^${KNHK_API_VERSION}`);
    checkApiVersion(checked.manifest.name, checked.manifest.apiVersion);
  } catch (error) {
    const manifest = (plugin as { manifest?: { name?: unknown; version?: unknown } } | null)?.manifest;
    const name = typeof manifest?.name === 'string' ? manifest.name : '(unnamed plugin)';
    const version = typeof manifest?.version === 'string' ? manifest.version : '0.0.0';
    const kind = (manifest as { kind?: unknown } | undefined)?.kind === 'backend' ? 'backend' : 'module';
    return failedInstance(name, version, source, error, kind);
  }
  return PluginInstance.start(checked, {
    parent: settings.container,
    options: settings.pluginOptions?.[checked.manifest.name],
    logger: settings.logger,
    timeouts: settings.timeouts,
    source,
    detected,
  });
}

/** Runs the package's detect() in a probe worker, after the package.json apiVersion check. */
async function probePackage(pkg: PluginPackage, settings: LoadSettings): Promise<DetectResult> {
  const name = pkg.knhk.name ?? pkg.packageName;
  if (pkg.knhk.apiVersion !== undefined) checkApiVersion(name, pkg.knhk.apiVersion);
  const entryUrl = pathToFileURL(entryFile(pkg)).href;
  const timeoutMs = settings.timeouts?.detectMs ?? DEFAULT_TIMEOUTS.detectMs;
  return probeDetect(name, { entryUrl, options: settings.pluginOptions?.[name] ?? {} }, timeoutMs);
}

async function startPackage(pkg: PluginPackage, settings: LoadSettings): Promise<PluginInstance | undefined> {
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
  return startPlugin(plugin, pkg.source, settings, detected);
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
 * Loads and starts every plugin the options name or discovery finds, concurrently.
 * Programmatic plugins come first, so they win a name clash.
 */
export async function loadPlugins(options: FrameworkOptions, settings: LoadSettings): Promise<PluginInstance[]> {
  const programmatic = (options.plugins ?? []).map((plugin) => startPlugin(plugin, { type: 'programmatic' }, settings));
  const packages = pluginPackages(options).map((pkg) => startPackage(pkg, settings));
  const started = await Promise.all([...programmatic, ...packages]);
  return started.filter((instance): instance is PluginInstance => instance !== undefined);
}
