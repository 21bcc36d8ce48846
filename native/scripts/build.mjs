// Builds the addon with node-gyp (cwd native/). The install must never fail: when the build
// fails for any reason (no compiler, no headers), the error output goes to
// build/BUILD_FAILED.txt, which the loader reports as the reason the SIMD backends are
// unavailable, and this script exits 0.
//
// `node scripts/build.mjs emulation` builds the test-only emulation addon instead (cwd
// native/emulation/, SIMDe's NEON and AVX-512 on x86; see emulation/binding.gyp), with the
// same failure file in emulation/build/; its tests report that file. It is built only in a
// checkout of the repository (where native/test exists): an installed @knhk/native has no
// tests, so its install compiles nothing for them. `node scripts/build.mjs
// DIR` builds the binding.gyp in DIR the same way (the benchmarks' peers addon).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const target = process.argv[2];
const emulation = target === 'emulation';
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir =
  target === undefined ? packageDir : emulation ? path.join(packageDir, 'emulation') : path.resolve(target);
const buildDir = path.join(nativeDir, 'build');
const releaseDir = path.join(buildDir, 'Release');

/** The addons in build/Release. */
function products() {
  return existsSync(releaseDir) ? readdirSync(releaseDir).filter((name) => name.endsWith('.node')) : [];
}
const failureFile = path.join(buildDir, 'BUILD_FAILED.txt');
const OUTPUT_CHARS_MAX = 8000;

/** The Node headers that ship with this Node (e.g. /usr for Debian's nodejs), so node-gyp downloads nothing. */
function localNodedir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

/** Runs node-gyp rebuild; returns its exit status and combined output. */
function runNodeGyp() {
  let gyp;
  try {
    gyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
  } catch (error) {
    return { ok: false, output: `node-gyp is not installed: ${error.message}` };
  }
  const nodedir = localNodedir();
  const args = [gyp, 'rebuild', ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
  const result = spawnSync(process.execPath, args, { cwd: nativeDir, encoding: 'utf8', env: process.env });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
  // "gyp info" lines trace a normal run; they say nothing about a failure.
  const relevant = output
    .split('\n')
    .filter((line) => !line.startsWith('gyp info'))
    .join('\n');
  const summary = `node-gyp rebuild exited with status ${result.status ?? result.signal}`;
  return { ok: result.status === 0, output: `${summary}\n${relevant}` };
}

if (emulation && !['x64', 'ia32'].includes(process.arch)) {
  console.log(`@knhk/native: no emulation addon on ${process.arch} (its NEON kernels run natively there)`);
  process.exit(0);
}
if (emulation && !existsSync(path.join(packageDir, 'test'))) {
  console.log('@knhk/native: the test-only emulation addon is built only in a checkout of knhk (no tests here)');
  process.exit(0);
}
const { ok, output } = runNodeGyp();
if (ok) {
  rmSync(failureFile, { force: true });
  for (const product of products()) console.log(`@knhk/native: built ${path.join(releaseDir, product)}`);
} else {
  mkdirSync(buildDir, { recursive: true });
  for (const product of products()) rmSync(path.join(releaseDir, product), { force: true });
  writeFileSync(failureFile, output.slice(-OUTPUT_CHARS_MAX));
  console.warn(
    target === undefined
      ? `@knhk/native: the native build failed; the SIMD backends will report unavailable (${failureFile})`
      : `@knhk/native: the build of ${nativeDir} failed${emulation ? ' (its tests need SIMDe: apt-get install -y libsimde-dev, then npm run build:emulation -w @knhk/native)' : ''} (${failureFile})`,
  );
}
