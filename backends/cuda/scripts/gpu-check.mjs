// `npm run gpu-check -w @knhk/backend-cuda`: the checks that need an NVIDIA GPU, in one run of
// under a minute. Builds the fatbins when nvcc is present, prints `knhk detect`'s cuda entry,
// then on device 0 loads every kernel image and runs vector add, a comparison mask, sum, dot
// and sgemm (all four transposes) through the addon's CUDA binding against a host reference,
// and times an sgemm of 4096^3 and a dense add of 2^26 floats. Prints one JSON summary; exits
// 1 when a check fails, 2 when there is no GPU to check (the reason says why). Needs the
// workspace built (`npx tsc -b`).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PACKAGE_DIR } from './cuda-kernels.mjs';

const { loadCuda } = await import('@knhk/native');
const { detectCuda, kernelImages } = await import(path.join(PACKAGE_DIR, 'dist', 'src', 'index.js'));

spawnSync(process.execPath, [path.join(PACKAGE_DIR, 'scripts', 'build-kernels.mjs')], { stdio: 'inherit' });
const summary = { detect: detectCuda(), checks: [], timings: [] };
const load = loadCuda();
const images = kernelImages();
if (!load.ok || !images.ok || !summary.detect.available) {
  console.log(JSON.stringify({ ...summary, ran: false }, null, 2));
  process.exit(2);
}

const cuda = load.binding;
const context = cuda.createContext(load.library, 0);
const stream = cuda.streamCreate(context);
const modules = new Map(
  images.images.map((image) => [image.family, cuda.loadModule(context, new Uint8Array(readFileSync(image.file)))]),
);
const fn = (family, name) => cuda.getFunction(modules.get(family), name);

function upload(array) {
  const memory = cuda.memAlloc(context, Math.max(1, array.byteLength));
  cuda.memcpyHtoDAsync(memory, 0, array, stream);
  return memory;
}
async function finish() {
  const event = cuda.eventCreate(context);
  cuda.eventRecord(event, stream);
  await cuda.eventSynchronize(event);
  cuda.eventDestroy(event);
}
async function download(memory, target) {
  cuda.memcpyDtoHAsync(target, memory, 0, stream);
  await finish();
  return target;
}
function random(n, seed) {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}
function check(name, ok, detail) {
  summary.checks.push({ name, ok, ...detail });
}

const n = 1 << 20;
const a = random(n, 1);
const b = random(n, 2);
const [da, db] = [upload(a), upload(b)];
const grid = [Math.min(4096, Math.ceil(n / 256)), 1, 1];
const block = [256, 1, 1];

// vector add (dense)
const dout = cuda.memAlloc(context, n * 4);
cuda.launch(fn('vector_f32', 'add_f32_dense'), grid, block, 0, stream, 'pzpzpzz', [da, 0, db, 0, dout, 0, n]);
const sum = await download(dout, new Float32Array(n));
let bad = 0;
for (let i = 0; i < n; i++) if (sum[i] !== Math.fround(a[i] + b[i])) bad++;
check('vector.add exact', bad === 0, { mismatches: bad });

// compare lt
const dmask = cuda.memAlloc(context, n);
cuda.launch(fn('compare_f32', 'compare_f32_f32'), grid, block, 0, stream, 'pzzpzzipzzz', [
  da,
  0,
  1,
  db,
  0,
  1,
  0,
  dmask,
  0,
  1,
  n,
]);
const mask = await download(dmask, new Uint8Array(n));
bad = 0;
for (let i = 0; i < n; i++) if (mask[i] !== (a[i] < b[i] ? 1 : 0)) bad++;
check('vector.compare lt exact', bad === 0, { mismatches: bad });

// sum and dot (one pass)
const blocks = 1024;
const partial = cuda.memAlloc(context, blocks * 8);
const counter = upload(new Uint32Array(1));
const result = cuda.memAlloc(context, 8);
let exact = 0;
for (let i = 0; i < n; i++) exact += a[i];
cuda.launch(fn('reduce_f32', 'sum_f32'), [blocks, 1, 1], block, 0, stream, 'pzzzppp', [
  da,
  0,
  1,
  n,
  partial,
  counter,
  result,
]);
const got = (await download(result, new Float32Array(1)))[0];
check('reduce.sum f32', Math.abs(got - exact) <= 1e-4 * n ** 0.5, { got, exact });
exact = 0;
for (let i = 0; i < n; i++) exact += a[i] * b[i];
cuda.launch(fn('reduce_f32', 'dot_f32'), [blocks, 1, 1], block, 0, stream, 'pzzpzzzppp', [
  da,
  0,
  1,
  db,
  0,
  1,
  n,
  partial,
  counter,
  result,
]);
const dot = (await download(result, new Float32Array(1)))[0];
check('vector.dot f32', Math.abs(dot - exact) <= 1e-4 * n ** 0.5, { got: dot, exact });

// sgemm, every transpose, odd sizes
async function sgemm(m, nn, k, transA, transB) {
  const A = random(m * k, 3);
  const B = random(k * nn, 4);
  const [dA, dB, dC] = [upload(A), upload(B), cuda.memAlloc(context, m * nn * 4)];
  const lda = transA ? m : k;
  const ldb = transB ? k : nn;
  const g = [Math.ceil(nn / 128), Math.ceil(m / 128), 1];
  await finish(); // the uploads are not timed
  const t0 = performance.now();
  cuda.launch(fn('sgemm_f32', 'sgemm_f32'), g, block, 0, stream, 'uuuffiiipzzpzzpzz', [
    m,
    nn,
    k,
    1,
    0,
    transA,
    transB,
    0,
    dA,
    0,
    lda,
    dB,
    0,
    ldb,
    dC,
    0,
    nn,
  ]);
  await finish();
  const ms = performance.now() - t0;
  const C = await download(dC, new Float32Array(m * nn));
  for (const memory of [dA, dB, dC]) cuda.memFree(memory);
  return { A, B, C, lda, ldb, ms };
}
for (const [transA, transB] of [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
]) {
  const [m, nn, k] = [257, 130, 67];
  const { A, B, C, lda, ldb } = await sgemm(m, nn, k, transA, transB);
  let worst = 0;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < nn; j++) {
      let ref = 0;
      for (let p = 0; p < k; p++)
        ref += (transA ? A[p * lda + i] : A[i * lda + p]) * (transB ? B[j * ldb + p] : B[p * ldb + j]);
      worst = Math.max(worst, Math.abs(C[i * nn + j] - ref));
    }
  check(`matmul.sgemm ${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} 257x130x67`, worst <= 1e-4 * k, {
    maxAbsError: worst,
  });
}

// timings (host clock around the queued work)
await sgemm(4096, 4096, 4096, 0, 0);
const run = await sgemm(4096, 4096, 4096, 0, 0);
summary.timings.push({ name: 'sgemm 4096^3 fp32', ms: run.ms, tflops: (2 * 4096 ** 3) / (run.ms * 1e-3) / 1e12 });
const big = 1 << 26;
const [x, y, z] = [cuda.memAlloc(context, big * 4), cuda.memAlloc(context, big * 4), cuda.memAlloc(context, big * 4)];
const addGrid = [Math.ceil(big / 4 / 256), 1, 1];
cuda.launch(fn('vector_f32', 'add_f32_dense'), addGrid, block, 0, stream, 'pzpzpzz', [x, 0, y, 0, z, 0, big]);
await finish();
const t0 = performance.now();
cuda.launch(fn('vector_f32', 'add_f32_dense'), addGrid, block, 0, stream, 'pzpzpzz', [x, 0, y, 0, z, 0, big]);
await finish();
const addMs = performance.now() - t0;
summary.timings.push({ name: 'vector add 2^26 f32 dense', ms: addMs, gbPerS: (3 * 4 * big) / (addMs * 1e-3) / 1e9 });

cuda.destroyContext(context);
const failed = summary.checks.filter((c) => !c.ok).length;
console.log(JSON.stringify({ ...summary, ran: true, failed }, null, 2));
process.exit(failed === 0 ? 0 : 1);
