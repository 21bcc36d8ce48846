/**
 * The test-only EMULATION addon (emulation/build/Release/knhk_emulation.node): NEON and
 * AVX-512 Teddy kernels built through SIMDe on x86. Only tests load it; no backend does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NativeKernels } from '../src/index.js';
import type { PatternKernels } from './pattern-checks.js';

/** The emulation addon's exports. */
export interface EmulationAddon {
  /** Which emulation, e.g. "SIMDe 0.7.4". */
  readonly emulation: string;
  /** "scalar" (native) or "neon" (emulated through SIMDe): vector, reduce and pattern functions. */
  kernels(isa: 'scalar' | 'neon'): NativeKernels & { readonly emulated: boolean };
  /** "avx512": the pattern functions on the AVX-512 Teddy kernel, emulated through SIMDe. */
  patternKernels(isa: 'avx512'): PatternKernels & { readonly emulated: boolean };
}

/** native/emulation/build, or `$KNHK_EMULATION_BUILD_DIR` (the sanitizer build). */
const buildDir =
  process.env.KNHK_EMULATION_BUILD_DIR ??
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'emulation', 'build');

/** Loads the emulation addon, or throws with the build's failure output and what to install. */
export function loadEmulation(): EmulationAddon {
  const file = path.join(buildDir, 'Release', 'knhk_emulation.node');
  if (!existsSync(file)) {
    const failure = path.join(buildDir, 'BUILD_FAILED.txt');
    const output = existsSync(failure) ? readFileSync(failure, 'utf8').slice(-2000) : 'never built';
    throw new Error(
      `the emulation addon is not built (${output}); install libsimde-dev and run \`npm run build:emulation -w @knhk/native\``,
    );
  }
  return createRequire(import.meta.url)(file) as EmulationAddon;
}
