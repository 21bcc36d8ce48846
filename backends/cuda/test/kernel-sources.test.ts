/**
 * The CUDA kernel sources, their build and the shipped PTX: the PTX matches the sources (the
 * manifest's hashes always; byte for byte against a fresh nvcc run where nvcc of the
 * manifest's version is installed), a changed source or PTX fails the check, the install's
 * build makes fatbins with cubins for sm_80 and sm_90 and compute_90 PTX and never fails
 * without nvcc, the sources stay in the subset HIP compiles (shuffles only through the
 * portability header, no inline PTX), and the runtime picks fatbins or PTX. The nvcc checks
 * need nvcc (they are not run without it, and are required where CI is set).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { isKnhkError } from '@knhk/core';
import { CUDA_PACKAGE_DIR, fatbinEntries, kernelImages } from '../src/index.js';

const FAMILIES = ['vector_f32', 'compare_f32', 'reduce_f32', 'sgemm_f32', 'pattern_u8'];

function script(name: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(process.execPath, [path.join(CUDA_PACKAGE_DIR, 'scripts', name), ...args], {
    encoding: 'utf8',
    env,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface CheckResult {
  readonly ok: boolean;
  readonly manifestNvcc: string;
  readonly regenerated: string;
  readonly problems: readonly string[];
}

function check(root = CUDA_PACKAGE_DIR): CheckResult & { readonly status: number | null } {
  const run = script('generate-ptx.mjs', ['--check', '--root', root]);
  return { ...(JSON.parse(run.stdout) as CheckResult), status: run.status };
}

const nvccVersion = /release [\d.]+, V([\d.]+)/.exec(
  spawnSync('nvcc', ['--version'], { encoding: 'utf8' }).stdout ?? '',
)?.[1];

/** Skips the test without nvcc, except where CI is set: there nvcc is required. */
function needsNvcc(context: Mocha.Context): void {
  if (nvccVersion !== undefined) return;
  if (process.env.CI) throw new Error('nvcc is required where CI is set: install the CUDA toolkit (nvcc on PATH)');
  context.skip();
}

/** A copy of the package's kernels, PTX and scripts in a new temporary folder. */
function packageCopy(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'knhk-cuda-'));
  for (const dir of ['kernels', 'ptx', 'scripts'])
    cpSync(path.join(CUDA_PACKAGE_DIR, dir), path.join(root, dir), { recursive: true });
  return root;
}

describe('cuda kernel sources and shipped PTX', () => {
  const copies: string[] = [];
  const copy = () => {
    const root = packageCopy();
    copies.push(root);
    return root;
  };
  after(() => {
    for (const root of copies) rmSync(root, { recursive: true, force: true });
  });

  it('has one source and one shipped PTX per family, and the manifest matches them', () => {
    for (const family of FAMILIES) {
      expect(existsSync(path.join(CUDA_PACKAGE_DIR, 'kernels', `${family}.cu`)), family).to.equal(true);
      expect(readFileSync(path.join(CUDA_PACKAGE_DIR, 'ptx', `${family}.ptx`), 'utf8')).to.match(/^\.target sm_80$/m);
    }
    const result = check();
    expect(result.problems).to.deep.equal([]);
    expect(result.status).to.equal(0);
    expect(result.manifestNvcc).to.match(/^\d+\.\d+\.\d+$/);
  });

  it('regenerates the same PTX bytes with the nvcc of the manifest', function () {
    needsNvcc(this);
    const result = check();
    if (nvccVersion !== result.manifestNvcc) {
      expect(result.regenerated).to.equal(
        `skipped: nvcc here is ${nvccVersion}, the PTX was made by ${result.manifestNvcc}`,
      );
      this.skip();
    }
    expect(result.regenerated).to.equal(`compared: nvcc ${nvccVersion}`);
    expect(result.ok).to.equal(true);
  });

  it('fails the check, naming the family, when a source changes after its PTX was generated', () => {
    const root = copy();
    const source = path.join(root, 'kernels', 'compare_f32.cu');
    writeFileSync(source, `${readFileSync(source, 'utf8')}\n// changed\n`);
    const result = check(root);
    expect(result.status).to.equal(1);
    expect(result.problems[0]).to.equal(
      'compare_f32: kernels/compare_f32.cu or a header changed since its PTX was generated',
    );
    expect(result.problems.at(-1)).to.equal('regenerate with `npm run generate:ptx -w @knhk/backend-cuda`');
  });

  it('fails the check for every family when the portability header changes', () => {
    const root = copy();
    const header = path.join(root, 'kernels', 'knhk_portability.cuh');
    writeFileSync(header, `${readFileSync(header, 'utf8')}\n`);
    const result = check(root);
    expect(result.ok).to.equal(false);
    for (const family of FAMILIES)
      expect(result.problems.join('\n')).to.include(`${family}: kernels/${family}.cu or a header changed`);
  });

  it('fails the check when a shipped PTX file is edited', () => {
    const root = copy();
    const ptx = path.join(root, 'ptx', 'sgemm_f32.ptx');
    writeFileSync(ptx, readFileSync(ptx, 'utf8').replace('.target sm_80', '.target sm_90'));
    const result = check(root);
    expect(result.ok).to.equal(false);
    expect(result.problems[0]).to.match(/^sgemm_f32: ptx\/sgemm_f32\.ptx is not the file the manifest records/);
  });

  it('builds fatbins with cubins for sm_80 and sm_90 and compute_90 PTX', function () {
    needsNvcc(this);
    this.timeout(180000);
    const root = copy();
    const run = script('build-kernels.mjs', ['--root', root]);
    expect(run.status).to.equal(0);
    expect(run.stdout).to.include(`built 5 fatbins with nvcc ${nvccVersion}`);
    for (const family of FAMILIES) {
      const entries = fatbinEntries(readFileSync(path.join(root, 'build', 'kernels', `${family}.fatbin`)));
      const kinds = entries.map((e) => `${e.kind}:${e.arch}`).sort();
      expect(kinds, family).to.deep.equal(['elf:80', 'elf:90', 'ptx:90']);
    }
    // The built fatbins are the images the runtime loads.
    const images = kernelImages(root);
    expect(images.ok && images.images.map((i) => i.kind)).to.deep.equal(FAMILIES.map(() => 'fatbin'));
    // A fatbin built from other sources than the shipped PTX is not used: the PTX is.
    const buildJson = path.join(root, 'build', 'kernels', 'build.json');
    const build = JSON.parse(readFileSync(buildJson, 'utf8')) as { built: Record<string, { inputsSha256: string }> };
    build.built.vector_f32.inputsSha256 = 'other';
    writeFileSync(buildJson, JSON.stringify(build));
    const stale = kernelImages(root);
    expect(stale.ok && stale.images.map((i) => i.kind)).to.deep.equal(['ptx', 'fatbin', 'fatbin', 'fatbin', 'fatbin']);
  });

  it('never fails the install without nvcc, and says the shipped PTX will be used', () => {
    const root = copy();
    const run = script('build-kernels.mjs', ['--root', root], { ...process.env, KNHK_NVCC: '/nonexistent/nvcc' });
    expect(run.status).to.equal(0);
    expect(run.stdout).to.include('knhk cuda: nvcc not found');
    expect(run.stdout).to.include('the shipped PTX will be JIT-compiled by the NVIDIA driver');
    expect(existsSync(path.join(root, 'build'))).to.equal(false);
  });

  it('keeps the kernels in the subset HIP compiles: shuffles only through the portability header, no inline PTX', () => {
    const dir = path.join(CUDA_PACKAGE_DIR, 'kernels');
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.cu'))) {
      const text = readFileSync(path.join(dir, name), 'utf8');
      expect(text, name).to.include('#include "knhk_portability.cuh"');
      expect(text, name).not.to.match(/\basm\s*(volatile\s*)?\(|__shfl\w*_sync|\b__ldg\b|cooperative_groups|__nv_/);
    }
  });
});

describe('cuda kernel images', () => {
  it('loads the shipped PTX for each family unless fresh fatbins are built', () => {
    const images = kernelImages();
    if (!images.ok) throw new Error(images.reason);
    expect(images.images.map((i) => i.family)).to.deep.equal(FAMILIES);
    for (const image of images.images) {
      expect(image.ptxIsa).to.match(/^\d+\.\d+$/);
      expect(existsSync(image.file)).to.equal(true);
    }
  });

  it('says the kernels are not built and no PTX is shipped, with what to run', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'knhk-cuda-'));
    try {
      const images = kernelImages(root);
      expect(images.ok).to.equal(false);
      if (!images.ok) {
        expect(images.reason).to.match(/^the CUDA kernels are not built and no PTX is shipped/);
        expect(images.reason).to.include('npm run build:kernels -w @knhk/backend-cuda');
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('rejects a file that is not a fatbin with KNHK_E_CUDA_MODULE', () => {
    let thrown: unknown;
    try {
      fatbinEntries(new TextEncoder().encode('.version 9.0\n.target sm_80\n'), 'x.fatbin');
    } catch (error) {
      thrown = error;
    }
    expect(isKnhkError(thrown, 'KNHK_E_CUDA_MODULE')).to.equal(true);
    expect((thrown as Error).message).to.include('x.fatbin is not an nvcc fatbin: no fatbin magic');
  });
});
