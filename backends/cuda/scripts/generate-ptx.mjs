// `npm run generate:ptx`: regenerates the shipped PTX (ptx/<family>.ptx, for PTX_ARCH) and
// ptx/manifest.json (nvcc version, flags, and per family the SHA-256 of its inputs and of its
// PTX, and the PTX ISA version). Needs nvcc.
//
// `node scripts/generate-ptx.mjs --check [--root DIR]` checks instead, and prints one JSON
// object: always, that the manifest names every family, that each family's inputs hash to
// what the manifest records (else the PTX is stale: regenerate) and that each PTX file hashes
// to its record; and where nvcc of the manifest's version is present, that regenerating gives
// the same bytes. Exits 1 when a check fails.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  KERNEL_FAMILIES,
  MANIFEST_NAME,
  NVCC_FLAGS,
  PACKAGE_DIR,
  PTX_ARCH,
  fileSha256,
  findNvcc,
  inputsSha256,
  ptxArgs,
  ptxIsaVersion,
  readManifest,
  runNvcc,
} from './cuda-kernels.mjs';

function generate(root) {
  const nvcc = findNvcc();
  if (nvcc === undefined) throw new Error('nvcc not found: install the CUDA toolkit, or set KNHK_NVCC or CUDA_HOME');
  const ptxDir = path.join(root, 'ptx');
  mkdirSync(ptxDir, { recursive: true });
  const families = [];
  for (const family of KERNEL_FAMILIES) {
    const out = path.join(ptxDir, `${family}.ptx`);
    const result = runNvcc(nvcc.path, family, ptxArgs(out), root);
    if (!result.ok) throw new Error(`${family}.cu: nvcc ${nvcc.version} failed:\n${result.output}`);
    families.push({
      name: family,
      source: `kernels/${family}.cu`,
      inputsSha256: inputsSha256(family, root),
      ptx: `ptx/${family}.ptx`,
      ptxSha256: fileSha256(out),
      ptxIsa: ptxIsaVersion(readFileSync(out, 'utf8')),
    });
  }
  const manifest = { nvcc: nvcc.version, ptxArch: PTX_ARCH, flags: NVCC_FLAGS, families };
  writeFileSync(path.join(ptxDir, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`regenerated ${families.length} PTX files with nvcc ${nvcc.version} into ${ptxDir}`);
}

function check(root) {
  const ptxDir = path.join(root, 'ptx');
  const manifest = readManifest(ptxDir);
  const problems = [];
  if (manifest === undefined) return { ok: false, problems: [`${ptxDir}/${MANIFEST_NAME} is missing`] };
  if (manifest.ptxArch !== PTX_ARCH) problems.push(`the manifest's ptxArch ${manifest.ptxArch} is not ${PTX_ARCH}`);
  if (JSON.stringify(manifest.flags) !== JSON.stringify(NVCC_FLAGS))
    problems.push('the manifest was made with other nvcc flags');
  for (const family of KERNEL_FAMILIES) {
    const entry = manifest.families.find((f) => f.name === family);
    if (entry === undefined) {
      problems.push(`${family}: not in the manifest`);
      continue;
    }
    if (entry.inputsSha256 !== inputsSha256(family, root)) {
      problems.push(`${family}: kernels/${family}.cu or a header changed since its PTX was generated`);
    }
    let ptxSha;
    try {
      ptxSha = fileSha256(path.join(root, entry.ptx));
    } catch {
      ptxSha = 'missing';
    }
    if (ptxSha !== entry.ptxSha256)
      problems.push(`${family}: ${entry.ptx} is not the file the manifest records (${ptxSha})`);
  }
  const nvcc = findNvcc();
  let regenerated;
  if (nvcc === undefined) regenerated = 'skipped: no nvcc here';
  else if (nvcc.version !== manifest.nvcc) {
    regenerated = `skipped: nvcc here is ${nvcc.version}, the PTX was made by ${manifest.nvcc}`;
  } else {
    const scratch = mkdtempSync(path.join(tmpdir(), 'knhk-ptx-'));
    try {
      for (const family of KERNEL_FAMILIES) {
        const out = path.join(scratch, `${family}.ptx`);
        const result = runNvcc(nvcc.path, family, ptxArgs(out), root);
        if (!result.ok) problems.push(`${family}: nvcc ${nvcc.version} failed:\n${result.output}`);
        else if (fileSha256(out) !== fileSha256(path.join(ptxDir, `${family}.ptx`))) {
          problems.push(
            `${family}: nvcc ${nvcc.version} makes different PTX from kernels/${family}.cu than ptx/${family}.ptx`,
          );
        }
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    regenerated = `compared: nvcc ${nvcc.version}`;
  }
  if (problems.length > 0) problems.push('regenerate with `npm run generate:ptx -w @knhk/backend-cuda`');
  return {
    ok: problems.length === 0,
    manifestNvcc: manifest.nvcc,
    families: KERNEL_FAMILIES.length,
    regenerated,
    problems,
  };
}

const args = process.argv.slice(2);
const rootAt = args.indexOf('--root');
const root = rootAt >= 0 ? path.resolve(args[rootAt + 1]) : PACKAGE_DIR;
if (args.includes('--check')) {
  const result = check(root);
  console.log(JSON.stringify(result));
  process.exitCode = result.ok ? 0 : 1;
} else {
  generate(root);
}
