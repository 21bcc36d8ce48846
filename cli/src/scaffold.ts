/**
 * Writes a new third-party plugin project from cli/templates/plugin: a knhk backend in
 * TypeScript with the conformance kit and a framework test, ready for `npm install && npm test`.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KnhkError } from '@knhk/core';

const TEMPLATE_DIR = fileURLToPath(new URL('../../templates/plugin/', import.meta.url));
const NAME_PATTERN = /^[a-z0-9][a-z0-9._~-]*$/;

/** What to scaffold. */
export interface ScaffoldOptions {
  /** Folder to create (must not exist, or be empty). */
  readonly dir: string;
  /** Plugin name; default: the folder's name. */
  readonly name?: string;
  /** How the project depends on @knhk/plugin-sdk; default: a link to this install when it is a source checkout. */
  readonly sdkSpec?: string;
}

/** The @knhk/plugin-sdk dependency for a new project: a `file:` link to a source checkout, else the published version. */
export function defaultSdkSpec(): string {
  const entry = fileURLToPath(import.meta.resolve('@knhk/plugin-sdk'));
  const sdkDir = realpathSync(path.resolve(path.dirname(entry), '..', '..'));
  const { version } = JSON.parse(readFileSync(path.join(sdkDir, 'package.json'), 'utf8')) as { version: string };
  return sdkDir.split(path.sep).includes('node_modules') ? `^${version}` : `file:${sdkDir}`;
}

function checkTarget(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory() || readdirSync(dir).length > 0) {
    throw new KnhkError('KNHK_E_SCAFFOLD_TARGET', `${dir} exists and is not an empty folder`, { dir });
  }
}

function templateFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? templateFiles(dir, path.join(prefix, entry.name)) : [path.join(prefix, entry.name)],
  );
}

function targetName(file: string): string {
  const plain = file.endsWith('.tmpl') ? file.slice(0, -'.tmpl'.length) : file;
  return path.basename(plain) === 'gitignore' ? path.join(path.dirname(plain), '.gitignore') : plain;
}

/** Writes the project; returns the files written (relative to `dir`). */
export function scaffoldPlugin(options: ScaffoldOptions): string[] {
  const dir = path.resolve(options.dir);
  const name = options.name ?? path.basename(dir).toLowerCase();
  if (!NAME_PATTERN.test(name)) {
    throw new KnhkError(
      'KNHK_E_ARG_INVALID',
      `"${name}" is not a valid plugin name: use lowercase letters, digits, '.', '_', '~' or '-' (pass --name)`,
      { name },
    );
  }
  checkTarget(dir);
  const replacements: Record<string, string> = {
    __PACKAGE_NAME__: name,
    __PLUGIN_NAME__: name,
    __SDK_SPEC__: options.sdkSpec ?? defaultSdkSpec(),
  };
  const written: string[] = [];
  for (const file of templateFiles(TEMPLATE_DIR)) {
    let text = readFileSync(path.join(TEMPLATE_DIR, file), 'utf8');
    for (const [key, value] of Object.entries(replacements)) text = text.split(key).join(value);
    const target = targetName(file);
    mkdirSync(path.dirname(path.join(dir, target)), { recursive: true });
    writeFileSync(path.join(dir, target), text);
    written.push(target);
  }
  return written.sort();
}
