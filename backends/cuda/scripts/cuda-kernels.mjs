// The CUDA kernel sources of @knhk/backend-cuda and how nvcc builds them: the one place that
// names the families, the nvcc flags, the fatbin targets and the manifest format, shared by
// build-kernels.mjs (the install: fatbins, never fails) and generate-ptx.mjs (the committed
// PTX and its manifest, and their check). Plain ESM with no dependencies, so it runs at
// install time before anything is compiled.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package directory (backends/cuda). */
export const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** One file per family: `kernels/<name>.cu`, giving `ptx/<name>.ptx` and `build/kernels/<name>.fatbin`. */
export const KERNEL_FAMILIES = ['vector_f32', 'compare_f32', 'reduce_f32', 'sgemm_f32', 'pattern_u8'];

/**
 * nvcc flags of every build: no contraction of a * b + c (add, sub and mul round as IEEE
 * binary32; fma is explicit), correctly rounded division and square root.
 */
export const NVCC_FLAGS = ['-std=c++17', '-fmad=false', '-prec-div=true', '-prec-sqrt=true'];

/** The virtual architecture of the shipped PTX: the oldest GPU it serves (Ampere); the driver JIT-compiles it for newer ones. */
export const PTX_ARCH = 'compute_80';

/** The fatbin's contents: cubins for sm_80 and sm_90, and compute_90 PTX that the driver JIT-compiles for newer GPUs. */
export const FATBIN_GENCODE = [
  '-gencode=arch=compute_80,code=sm_80',
  '-gencode=arch=compute_90,code=sm_90',
  '-gencode=arch=compute_90,code=compute_90',
];

/** The manifest of the shipped PTX, beside it. */
export const MANIFEST_NAME = 'manifest.json';

/**
 * The nvcc to use and its version: $KNHK_NVCC when it is set (then nothing else is tried),
 * else nvcc on PATH, else $CUDA_HOME/bin/nvcc, else /usr/local/cuda/bin/nvcc; undefined when none runs.
 */
export function findNvcc() {
  if (process.env.KNHK_NVCC) {
    const version = nvccVersion(process.env.KNHK_NVCC);
    return version === undefined ? undefined : { path: process.env.KNHK_NVCC, version };
  }
  const candidates = [
    'nvcc',
    process.env.CUDA_HOME && path.join(process.env.CUDA_HOME, 'bin', 'nvcc'),
    '/usr/local/cuda/bin/nvcc',
  ].filter((c) => c !== undefined && c !== '');
  for (const nvcc of candidates) {
    const version = nvccVersion(nvcc);
    if (version !== undefined) return { path: nvcc, version };
  }
  return undefined;
}

/** "13.0.88" from `nvcc --version` ("... release 13.0, V13.0.88"), or undefined when it does not run. */
export function nvccVersion(nvcc) {
  const result = spawnSync(nvcc, ['--version'], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  const match = /release [\d.]+, V([\d.]+)/.exec(result.stdout);
  return match?.[1];
}

/** The header files every kernel includes (kernels/*.cuh), sorted. */
function headers(kernelsDir) {
  return readdirSync(kernelsDir)
    .filter((name) => name.endsWith('.cuh'))
    .sort();
}

/**
 * SHA-256 of what a family's PTX is made from: the flags, the PTX architecture, the family's
 * .cu and every .cuh in kernels/, each as name, NUL, contents, NUL.
 */
export function inputsSha256(family, root = PACKAGE_DIR) {
  const kernelsDir = path.join(root, 'kernels');
  const hash = createHash('sha256');
  hash.update(`${JSON.stringify([...NVCC_FLAGS, PTX_ARCH])}\0`);
  for (const name of [`${family}.cu`, ...headers(kernelsDir)]) {
    hash.update(`${name}\0`);
    hash.update(readFileSync(path.join(kernelsDir, name)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** SHA-256 of a file's bytes. */
export function fileSha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The PTX ISA version a PTX file declares (`.version 9.0`), or undefined. */
export function ptxIsaVersion(text) {
  return /^\.version\s+(\d+\.\d+)\s*$/m.exec(text)?.[1];
}

/** Runs nvcc with `args` on kernels/<family>.cu; returns { ok, output }. */
export function runNvcc(nvcc, family, args, root = PACKAGE_DIR) {
  const source = path.join(root, 'kernels', `${family}.cu`);
  const result = spawnSync(nvcc, [...NVCC_FLAGS, ...args, source], { encoding: 'utf8' });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
  return { ok: result.status === 0, output: output.trim() };
}

/** nvcc arguments for the PTX of a family into `out`. */
export function ptxArgs(out) {
  return ['--ptx', `-arch=${PTX_ARCH}`, '-o', out];
}

/** nvcc arguments for the fatbin of a family into `out`. */
export function fatbinArgs(out) {
  return ['--fatbin', ...FATBIN_GENCODE, '-o', out];
}

/** The manifest in `ptxDir`, or undefined when there is none. */
export function readManifest(ptxDir) {
  const file = path.join(ptxDir, MANIFEST_NAME);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}
