import { readFileSync } from 'node:fs';

/** The version of the knhk command (its package's version). */
export function knhkVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
