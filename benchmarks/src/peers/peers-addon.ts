/**
 * The benchmark-only peers addon (benchmarks/native; built at `npm install` of
 * @knhk/benchmarks, and again by `npm run native-peers`): a STREAM-style triad, and Hyperscan
 * opened with dlopen at run time. No backend loads it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A Hyperscan database inside the addon (a type-tagged external). */
export interface HyperscanDatabase {
  readonly __brand: 'knhk-hyperscan-database';
}

/** The peers addon's exports. */
export interface PeersAddon {
  /** a[i] = b[i] + s * c[i] on `threads` threads; the seconds it took. */
  triad(a: Float32Array, b: Float32Array, c: Float32Array, s: number, threads: number): number;
  /** Whether libhs.so.5 could be opened, and if not why. */
  hyperscanStatus(): { readonly available: boolean; readonly reason: string };
  /** Literal patterns compiled with hs_compile_multi (block mode, every match reported). */
  hyperscanCompile(patterns: readonly Uint8Array[]): HyperscanDatabase;
  /** Number of matches in `data`. */
  hyperscanCount(database: HyperscanDatabase, data: Uint8Array): number;
  /** Frees the database. */
  hyperscanRelease(database: HyperscanDatabase): void;
}

/** Where `node native/scripts/build.mjs benchmarks/native` builds the addon. */
export const PEERS_BUILD_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'native',
  'build',
);

/** The addon (from `buildDir`, default {@link PEERS_BUILD_DIR}), or why it is missing (with the build's failure output when there is one). */
export function loadPeersAddon(
  buildDir = PEERS_BUILD_DIR,
): { readonly ok: true; readonly addon: PeersAddon } | { readonly ok: false; readonly reason: string } {
  const file = path.join(buildDir, 'Release', 'knhk_peers.node');
  try {
    return { ok: true, addon: createRequire(import.meta.url)(file) as PeersAddon };
  } catch (error) {
    const failure = path.join(buildDir, 'BUILD_FAILED.txt');
    const output = existsSync(failure) ? `: ${readFileSync(failure, 'utf8').slice(-600)}` : '';
    return {
      ok: false,
      reason: `the peers addon is not built (${error instanceof Error ? error.message : String(error)})${output}; build it with \`node native/scripts/build.mjs benchmarks/native\` from the repository root (needs g++, make, python3)`,
    };
  }
}
