/**
 * Loading the addon. A failed build leaves build/BUILD_FAILED.txt (see scripts/build.mjs);
 * its text becomes the reason, with what to install.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NativeAddon, NativeIsa } from './addon-types.js';

/** The result of loading the addon: the addon and the ISAs it can run here, or why not. */
export type NativeLoad =
  | { readonly ok: true; readonly addon: NativeAddon; readonly isas: NativeIsa[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Where the addon is built: native/build (from dist/src/loader.js), or `$KNHK_NATIVE_BUILD_DIR`
 * when set (scripts/sanitize.sh points it at the sanitizer build).
 */
export const DEFAULT_BUILD_DIR =
  process.env.KNHK_NATIVE_BUILD_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'build');

const INSTALL_HINT =
  'install a C++ toolchain (apt-get install g++ make python3) and rebuild with `node native/scripts/build.mjs` (or `npm rebuild @knhk/native`)';
const FAILURE_LINES_MAX = 8;
/** Lines of a failed build that say what went wrong (compiler errors, missing tools), not the stack. */
const FAILURE_LINE = /error|not found|no such file|command not found|exited with status/i;

let cached: NativeLoad | undefined;

function failure(buildDir: string, loadError: string): NativeLoad {
  const failureFile = path.join(buildDir, 'BUILD_FAILED.txt');
  if (existsSync(failureFile)) {
    const lines = readFileSync(failureFile, 'utf8').split('\n');
    const relevant = lines
      .filter((line) => FAILURE_LINE.test(line) && !line.includes('stack at'))
      .slice(0, FAILURE_LINES_MAX);
    const text = (relevant.length > 0 ? relevant : lines.slice(-FAILURE_LINES_MAX)).map((l) => l.trim()).join('; ');
    return {
      ok: false,
      reason: `the native addon failed to build: ${text} (full output: ${failureFile}); ${INSTALL_HINT}`,
    };
  }
  return { ok: false, reason: `the native addon could not be loaded (${loadError}); ${INSTALL_HINT}` };
}

/**
 * Loads build/Release/knhk_native.node (once; pass `buildDir` to load another build,
 * uncached). Never throws: a missing or broken build gives `{ ok: false, reason }`.
 */
export function loadNative(options: { readonly buildDir?: string } = {}): NativeLoad {
  if (options.buildDir === undefined && cached !== undefined) return cached;
  const buildDir = options.buildDir ?? DEFAULT_BUILD_DIR;
  const file = path.join(buildDir, 'Release', 'knhk_native.node');
  let result: NativeLoad;
  try {
    const addon = createRequire(import.meta.url)(file) as NativeAddon;
    result = { ok: true, addon, isas: addon.supportedIsas() };
  } catch (error) {
    result = failure(buildDir, error instanceof Error ? error.message : String(error));
  }
  if (options.buildDir === undefined) cached = result;
  return result;
}
