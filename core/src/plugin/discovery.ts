/**
 * Finding plugin packages on disk: installed packages whose package.json has a `knhk`
 * field, and folders named in options or in `KNHK_PLUGIN_PATH`. Only package.json files are
 * read here; no plugin code runs.
 */
import { readFileSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { PluginSource } from './instance.js';

/** The `knhk` field of a plugin's package.json. Every field is optional. */
export interface PackageKnhkField {
  /** Module whose default export is the plugin; default: the package's main/exports entry. */
  readonly entry?: string;
  /** Checked before any plugin code is imported. */
  readonly apiVersion?: string;
  readonly name?: string;
  /** `backend` or `module`; used to report a package that fails before its code says. */
  readonly kind?: string;
}

/** A plugin package found on disk, not yet imported. */
export interface PluginPackage {
  /** Real path of the package folder. */
  readonly dir: string;
  readonly packageName: string;
  readonly version: string;
  readonly knhk: PackageKnhkField;
  readonly packageJson: Readonly<Record<string, unknown>>;
  readonly source: PluginSource;
}

function readPackage(dir: string, type: PluginSource['type']): PluginPackage | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dir, 'package.json'), 'utf8');
  } catch {
    return undefined;
  }
  if (!text.includes('"knhk"')) return undefined;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const field = json.knhk;
  if (typeof field !== 'object' || field === null || Array.isArray(field)) return undefined;
  const real = realpathSync(dir);
  return {
    dir: real,
    packageName: typeof json.name === 'string' ? json.name : path.basename(real),
    version: typeof json.version === 'string' ? json.version : '0.0.0',
    knhk: field as PackageKnhkField,
    packageJson: json,
    source: { type, location: real },
  };
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => !name.startsWith('.'));
  } catch {
    return [];
  }
}

/** Plugin packages directly inside one node_modules folder (scoped ones included). */
function scanNodeModules(nodeModules: string): PluginPackage[] {
  const found: PluginPackage[] = [];
  for (const name of listDir(nodeModules)) {
    if (name.startsWith('@')) {
      for (const scoped of listDir(path.join(nodeModules, name))) {
        const pkg = readPackage(path.join(nodeModules, name, scoped), 'package');
        if (pkg) found.push(pkg);
      }
    } else {
      const pkg = readPackage(path.join(nodeModules, name), 'package');
      if (pkg) found.push(pkg);
    }
  }
  return found;
}

/**
 * Installed plugin packages visible from `fromDir`, searching `node_modules` there and in
 * every parent folder, as Node's module resolution does. Nearer packages come first.
 */
export function findInstalledPlugins(fromDir: string): PluginPackage[] {
  const found: PluginPackage[] = [];
  let dir = path.resolve(fromDir);
  for (;;) {
    if (path.basename(dir) !== 'node_modules') found.push(...scanNodeModules(path.join(dir, 'node_modules')));
    const parent = path.dirname(dir);
    if (parent === dir) return found;
    dir = parent;
  }
}

/**
 * Plugin packages in the given folders (relative ones resolved against `baseDir`). A folder
 * is either a plugin package itself or a folder of plugin packages (each a subfolder).
 */
export function findPathPlugins(folders: readonly string[], baseDir: string = process.cwd()): PluginPackage[] {
  const found: PluginPackage[] = [];
  for (const folder of folders) {
    const dir = path.resolve(baseDir, folder);
    const self = readPackage(dir, 'path');
    if (self) {
      found.push(self);
      continue;
    }
    for (const name of listDir(dir)) {
      const pkg = readPackage(path.join(dir, name), 'path');
      if (pkg) found.push(pkg);
    }
  }
  return found;
}

/** The folders of a `KNHK_PLUGIN_PATH`-style list (separated by the platform's path delimiter). */
export function splitPluginPath(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(path.delimiter)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
