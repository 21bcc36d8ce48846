/**
 * The kernel images the cuda backend loads, one per family: the fatbin that
 * `npm run build:kernels` made (build/kernels/, cubins for sm_80 and sm_90 and compute_90
 * PTX) when it was built from the sources the shipped PTX was made from, else the shipped PTX
 * (ptx/, compute_80), which the driver JIT-compiles. The manifest (ptx/manifest.json, written
 * by scripts/generate-ptx.mjs) records per family the SHA-256 of its inputs and the PTX ISA
 * version; scripts/cuda-kernels.mjs names the families.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fatbinEntries } from './fatbin-entries.js';

/** The package directory (from dist/src/kernel-images.js). */
export const CUDA_PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One family's image. */
export interface KernelImage {
  readonly family: string;
  readonly kind: 'fatbin' | 'ptx';
  readonly file: string;
  /** The PTX ISA version of the image's PTX (the one the driver JIT-compiles where no cubin fits). */
  readonly ptxIsa: string;
}

/** The images of every family, or why there are none. */
export type KernelImages =
  { readonly ok: true; readonly images: readonly KernelImage[] } | { readonly ok: false; readonly reason: string };

interface ManifestFamily {
  readonly name: string;
  readonly inputsSha256: string;
  readonly ptx: string;
  readonly ptxSha256: string;
  readonly ptxIsa: string;
}

interface BuiltFamily {
  readonly fatbin: string;
  readonly inputsSha256: string;
}

const REBUILD =
  'run `npm run build:kernels -w @knhk/backend-cuda` where nvcc is installed, or reinstall @knhk/backend-cuda (its package ships the PTX)';

function readJson<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** The fatbin of `family` when its build matches the manifest's inputs and it holds PTX, else undefined. */
function builtImage(root: string, family: ManifestFamily, built: BuiltFamily | undefined): KernelImage | undefined {
  if (built === undefined || built.inputsSha256 !== family.inputsSha256) return undefined;
  const file = path.join(root, 'build', 'kernels', built.fatbin);
  if (!existsSync(file)) return undefined;
  try {
    const ptx = fatbinEntries(readFileSync(file), file).find((e) => e.kind === 'ptx');
    return ptx?.ptxIsa === undefined ? undefined : { family: family.name, kind: 'fatbin', file, ptxIsa: ptx.ptxIsa };
  } catch {
    return undefined;
  }
}

/** The images of the package at `root` (default: this package). Never throws. */
export function kernelImages(root: string = CUDA_PACKAGE_DIR): KernelImages {
  const manifest = readJson<{ families?: readonly ManifestFamily[] }>(path.join(root, 'ptx', 'manifest.json'));
  const families = manifest?.families ?? [];
  if (families.length === 0) {
    return {
      ok: false,
      reason: `the CUDA kernels are not built and no PTX is shipped (no ${path.join(root, 'ptx', 'manifest.json')}); ${REBUILD}`,
    };
  }
  const built =
    readJson<{ built?: Record<string, BuiltFamily> }>(path.join(root, 'build', 'kernels', 'build.json'))?.built ?? {};
  const images: KernelImage[] = [];
  const missing: string[] = [];
  for (const family of families) {
    const fatbin = builtImage(root, family, built[family.name]);
    const ptxFile = path.join(root, family.ptx);
    if (fatbin !== undefined) images.push(fatbin);
    else if (existsSync(ptxFile))
      images.push({ family: family.name, kind: 'ptx', file: ptxFile, ptxIsa: family.ptxIsa });
    else missing.push(`${family.name} (no fatbin in build/kernels, no ${family.ptx})`);
  }
  if (missing.length > 0) {
    return {
      ok: false,
      reason: `the CUDA kernels are not built and no PTX is shipped for ${missing.join(', ')}; ${REBUILD}`,
    };
  }
  return { ok: true, images };
}
