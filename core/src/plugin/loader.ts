/** Importing a discovered plugin package and checking what it exports. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import semver from 'semver';
import { KnhkError, describeError, isKnhkError } from '../errors/knhk-error.js';
import { KNHK_API_VERSION } from './api-version.js';
import type { PluginPackage } from './discovery.js';
import { type KnhkPlugin, checkPlugin } from './manifest.js';
import { runHook } from './timeout.js';

/** Throws `KNHK_E_PLUGIN_API_VERSION` unless the range includes this core's API version. */
export function checkApiVersion(plugin: string, range: string): void {
  if (!semver.satisfies(KNHK_API_VERSION, range, { includePrerelease: true })) {
    throw new KnhkError(
      'KNHK_E_PLUGIN_API_VERSION',
      `plugin "${plugin}" declares apiVersion "${range}", but this core implements plugin API ${KNHK_API_VERSION}`,
      { plugin, declared: range, implemented: KNHK_API_VERSION },
    );
  }
}

function exportsEntry(exportsField: unknown): string | undefined {
  if (typeof exportsField === 'string') return exportsField;
  if (typeof exportsField !== 'object' || exportsField === null) return undefined;
  const dot = (exportsField as Record<string, unknown>)['.'] ?? exportsField;
  if (typeof dot === 'string') return dot;
  if (typeof dot === 'object' && dot !== null) {
    const conditions = dot as Record<string, unknown>;
    for (const key of ['import', 'node', 'default']) {
      if (typeof conditions[key] === 'string') return conditions[key] as string;
    }
  }
  return undefined;
}

/** The file a plugin package's code starts from. */
export function entryFile(pkg: PluginPackage): string {
  const declared =
    pkg.knhk.entry ??
    exportsEntry(pkg.packageJson.exports) ??
    (typeof pkg.packageJson.main === 'string' ? pkg.packageJson.main : 'index.js');
  const file = path.resolve(pkg.dir, declared);
  if (!file.startsWith(pkg.dir + path.sep)) {
    throw new KnhkError(
      'KNHK_E_PLUGIN_MANIFEST_INVALID',
      `plugin package "${pkg.packageName}": entry "${declared}" is outside the package`,
      {
        plugin: pkg.packageName,
      },
    );
  }
  if (!existsSync(file)) {
    throw new KnhkError(
      'KNHK_E_PLUGIN_LOAD_FAILED',
      `plugin package "${pkg.packageName}": entry ${file} does not exist (is the package built?)`,
      { plugin: pkg.packageName, entry: file },
    );
  }
  return file;
}

/**
 * Imports a plugin package (within `timeoutMs`) and returns its plugin. The `apiVersion`
 * in package.json, when present, is checked before any of its code runs.
 */
export async function loadPluginPackage(pkg: PluginPackage, timeoutMs: number): Promise<KnhkPlugin> {
  if (pkg.knhk.apiVersion !== undefined) checkApiVersion(pkg.knhk.name ?? pkg.packageName, pkg.knhk.apiVersion);
  const file = entryFile(pkg);
  let moduleValue: Record<string, unknown>;
  try {
    moduleValue = await runHook(pkg.packageName, 'import', timeoutMs, () => import(pathToFileURL(file).href));
  } catch (error) {
    if (isKnhkError(error)) throw error;
    throw new KnhkError(
      'KNHK_E_PLUGIN_LOAD_FAILED',
      `plugin package "${pkg.packageName}": importing ${file} threw: ${describeError(error)}`,
      {
        plugin: pkg.packageName,
        entry: file,
      },
    );
  }
  const exported = moduleValue.default ?? moduleValue.plugin;
  if (exported === undefined) {
    throw new KnhkError(
      'KNHK_E_PLUGIN_LOAD_FAILED',
      `plugin package "${pkg.packageName}": ${file} has no default export (export default definePlugin({...}))`,
      { plugin: pkg.packageName, entry: file },
    );
  }
  const plugin = checkPlugin(exported, `^${KNHK_API_VERSION}`);
  if (pkg.knhk.name !== undefined && pkg.knhk.name !== plugin.manifest.name) {
    throw new KnhkError(
      'KNHK_E_PLUGIN_MANIFEST_INVALID',
      `plugin package "${pkg.packageName}": package.json names the plugin "${pkg.knhk.name}", its code "${plugin.manifest.name}"`,
      { plugin: plugin.manifest.name },
    );
  }
  return plugin;
}
