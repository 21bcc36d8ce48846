// `npm run build:kernels` and the package's install: with nvcc, builds build/kernels/<family>.fatbin
// (cubins for sm_80 and sm_90, compute_90 PTX for newer GPUs) for each kernel family. Never
// fails: without nvcc, or when nvcc fails, it says so and exits 0, and the backend loads the
// shipped PTX (ptx/), which the driver JIT-compiles. Failures go to build/kernels/BUILD_FAILED.txt.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KERNEL_FAMILIES, PACKAGE_DIR, fatbinArgs, findNvcc, inputsSha256, runNvcc } from './cuda-kernels.mjs';

// `--root DIR` builds the kernels of another copy of the package (the tests build a copy).
const rootAt = process.argv.indexOf('--root');
const root = rootAt >= 0 ? path.resolve(process.argv[rootAt + 1]) : PACKAGE_DIR;
const buildDir = path.join(root, 'build', 'kernels');
const failureFile = path.join(buildDir, 'BUILD_FAILED.txt');

function main() {
  const nvcc = findNvcc();
  if (nvcc === undefined) {
    console.log(
      'knhk cuda: nvcc not found (set KNHK_NVCC or CUDA_HOME to build fatbins); the shipped PTX will be JIT-compiled by the NVIDIA driver',
    );
    return;
  }
  mkdirSync(buildDir, { recursive: true });
  rmSync(failureFile, { force: true });
  const built = {};
  const failures = [];
  for (const family of KERNEL_FAMILIES) {
    const out = path.join(buildDir, `${family}.fatbin`);
    const result = runNvcc(nvcc.path, family, fatbinArgs(out), root);
    if (result.ok) built[family] = { fatbin: `${family}.fatbin`, inputsSha256: inputsSha256(family, root) };
    else failures.push(`${family}.cu: nvcc ${nvcc.version} failed:\n${result.output}`);
  }
  writeFileSync(path.join(buildDir, 'build.json'), `${JSON.stringify({ nvcc: nvcc.version, built }, null, 2)}\n`);
  if (failures.length > 0) {
    writeFileSync(failureFile, `${failures.join('\n\n')}\n`);
    console.log(
      `knhk cuda: ${failures.length} kernel famil(ies) did not build (see ${failureFile}); the shipped PTX is used for them`,
    );
  } else {
    console.log(`knhk cuda: built ${KERNEL_FAMILIES.length} fatbins with nvcc ${nvcc.version} into ${buildDir}`);
  }
}

try {
  main();
} catch (error) {
  console.log(`knhk cuda: the kernel build failed (${error.message}); the shipped PTX is used`);
}
