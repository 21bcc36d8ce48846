// Builds the addon with node-gyp (cwd native/). The install must never fail: when the build
// fails for any reason (no compiler, no headers), the error output goes to
// build/BUILD_FAILED.txt, which the loader reports as the reason the SIMD backends are
// unavailable, and this script exits 0.
//
// In a clone of the repository it then builds the test-only emulation addon in emulation/
// (the avx512 kernels on SIMDe, see emulation/binding.gyp) the same way: a failure there
// goes to emulation/build/BUILD_FAILED.txt, fails only the emulation test, and never touches
// the real addon. The published package has no emulation/ folder, so installs skip it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const nativeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const emulationDir = path.join(nativeDir, 'emulation');
const OUTPUT_CHARS_MAX = 8000;

/** The Node headers that ship with this Node (e.g. /usr for Debian's nodejs), so node-gyp downloads nothing. */
function localNodedir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

/** Runs node-gyp rebuild in `dir`; returns its exit status and combined output. */
function runNodeGyp(dir) {
  let gyp;
  try {
    gyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
  } catch (error) {
    return { ok: false, output: `node-gyp is not installed: ${error.message}` };
  }
  const nodedir = localNodedir();
  const args = [gyp, 'rebuild', ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
  const result = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', env: process.env });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
  // "gyp info" lines trace a normal run; they say nothing about a failure.
  const relevant = output
    .split('\n')
    .filter((line) => !line.startsWith('gyp info'))
    .join('\n');
  const summary = `node-gyp rebuild exited with status ${result.status ?? result.signal}`;
  return { ok: result.status === 0, output: `${summary}\n${relevant}` };
}

/** Builds the addon of `dir`; on failure leaves build/BUILD_FAILED.txt there. Returns whether it built. */
function build(dir, failureNote) {
  const buildDir = path.join(dir, 'build');
  const failureFile = path.join(buildDir, 'BUILD_FAILED.txt');
  const relative = path.relative(nativeDir, path.join(buildDir, 'Release', 'knhk_native.node'));
  const { ok, output } = runNodeGyp(dir);
  if (ok) {
    rmSync(failureFile, { force: true });
    console.log(`@knhk/native: built ${relative}`);
    return true;
  }
  mkdirSync(buildDir, { recursive: true });
  rmSync(path.join(buildDir, 'Release', 'knhk_native.node'), { force: true });
  writeFileSync(failureFile, output.slice(-OUTPUT_CHARS_MAX));
  console.warn(`@knhk/native: the build of ${relative} failed; ${failureNote} (${failureFile})`);
  return false;
}

build(nativeDir, 'the SIMD backends will report unavailable');
if (existsSync(path.join(emulationDir, 'binding.gyp'))) {
  build(emulationDir, 'only the avx512 emulation test (which needs libsimde-dev) will fail');
}
