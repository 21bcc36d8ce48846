/**
 * The CUDA binding on a machine without the NVIDIA driver: the loader reports unavailable with
 * the exact reason (no libcuda.so.1 and what to install; a library that is not the driver),
 * and every argument check at the N-API boundary throws a coded error before any handle or
 * the driver is used. Where the CUDA toolkit's cuda.h is installed, the function table is
 * compiled against it (test/cuda/cuda-api-signatures.cc) so each entry point has NVIDIA's
 * signature. On a GPU machine, `npm run gpu-check -w @knhk/backend-cuda` runs the rest.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { CUDA_INSTALL_HINT, loadCuda, loadNative } from '../src/index.js';

const load = loadNative();
if (!load.ok) throw new Error(`the addon must be built for these tests: ${load.reason}`);
// Untyped on purpose: these calls pass what the types forbid.
const cuda = load.addon.cuda as unknown as Record<string, (...args: unknown[]) => unknown>;

const MISSING = '/nonexistent/libcuda.so.1';
const LIBC = ['/lib/x86_64-linux-gnu/libc.so.6', '/lib/aarch64-linux-gnu/libc.so.6', '/lib64/libc.so.6'].find((f) =>
  existsSync(f),
);
const DRIVER_INSTALLED = [
  '/lib/x86_64-linux-gnu',
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib64',
  '/usr/lib/aarch64-linux-gnu',
].some((dir) => existsSync(`${dir}/libcuda.so.1`));

function thrown(call: () => unknown): { code?: string; message: string } {
  try {
    call();
  } catch (error) {
    expect(error).to.be.instanceOf(Error);
    return error as { code?: string; message: string };
  }
  throw new Error('expected the call to throw');
}

/** Expects `call` to throw `code` with exactly `message`. */
function rejects(call: () => unknown, code: string, message: string): void {
  const error = thrown(call);
  expect({ code: error.code, message: error.message }).to.deep.equal({ code, message });
}

describe('@knhk/native cuda loader without the NVIDIA driver', () => {
  it('says there is no libcuda.so.1 and what to install', () => {
    const result = loadCuda({ library: MISSING });
    expect(result).to.deep.equal({
      ok: false,
      reason: `no libcuda.so.1 (${MISSING}: cannot open shared object file: No such file or directory); ${CUDA_INSTALL_HINT}`,
    });
    expect(CUDA_INSTALL_HINT).to.match(/^install the NVIDIA driver, which provides libcuda\.so\.1/);
  });

  it('loads libcuda.so.1 by default, or the library KNHK_CUDA_LIBRARY names', function () {
    if (DRIVER_INSTALLED) this.skip();
    const result = loadCuda();
    expect(result.ok).to.equal(false);
    if (!result.ok)
      expect(result.reason).to.match(/^no libcuda\.so\.1 \(libcuda\.so\.1: cannot open shared object file/);
    const saved = process.env.KNHK_CUDA_LIBRARY;
    process.env.KNHK_CUDA_LIBRARY = '/nonexistent/other/libcuda.so.1';
    try {
      const named = loadCuda();
      expect(named.ok === false && named.reason).to.include('(/nonexistent/other/libcuda.so.1: cannot open');
    } finally {
      if (saved === undefined) delete process.env.KNHK_CUDA_LIBRARY;
      else process.env.KNHK_CUDA_LIBRARY = saved;
    }
  });

  it('says a library without the driver API is not a usable CUDA driver library', function () {
    if (LIBC === undefined) this.skip();
    const result = loadCuda({ library: LIBC });
    expect(result).to.deep.equal({
      ok: false,
      reason: `${LIBC} is not a usable CUDA driver library (${LIBC} lacks cuInit (it is not the CUDA driver library, or a driver older than CUDA 6.0)); ${CUDA_INSTALL_HINT}`,
    });
  });

  it('answers load and init with the reason, without throwing', () => {
    const reason = `${MISSING}: cannot open shared object file: No such file or directory`;
    expect(cuda.load(MISSING)).to.deep.equal({ ok: false, reason });
    expect(cuda.init(MISSING)).to.deep.equal({ ok: false, reason });
  });

  it('throws KNHK_E_PLUGIN_UNAVAILABLE from calls that need the driver', () => {
    const reason = `${MISSING}: cannot open shared object file: No such file or directory`;
    rejects(() => cuda.devices(MISSING), 'KNHK_E_PLUGIN_UNAVAILABLE', `cuda.devices: ${reason}`);
    rejects(() => cuda.createContext(MISSING, 0), 'KNHK_E_PLUGIN_UNAVAILABLE', `cuda.createContext: ${reason}`);
  });
});

describe('@knhk/native cuda boundary checks', () => {
  const notHandle = { __cudaContext: true };
  const ARG_COUNTS: Record<string, number> = {
    load: 1,
    init: 1,
    devices: 1,
    createContext: 2,
    destroyContext: 1,
    memGetInfo: 1,
    loadModule: 2,
    unloadModule: 1,
    getFunction: 2,
    memAlloc: 2,
    memFree: 1,
    memHostAlloc: 2,
    streamCreate: 1,
    streamDestroy: 1,
    memcpyHtoDAsync: 4,
    memcpyDtoHAsync: 4,
    eventCreate: 1,
    eventRecord: 2,
    eventSynchronize: 1,
    eventDestroy: 1,
    launch: 7,
  };

  it('has exactly the functions it documents', () => {
    expect(Object.keys(cuda).sort()).to.deep.equal(Object.keys(ARG_COUNTS).sort());
  });

  it('rejects a wrong argument count with KNHK_E_ARG_TYPE', () => {
    for (const [name, count] of Object.entries(ARG_COUNTS)) {
      for (const wrong of [count - 1, count + 1]) {
        rejects(
          () => cuda[name](...new Array<unknown>(wrong).fill(MISSING)),
          'KNHK_E_ARG_TYPE',
          `cuda.${name}: expects ${count} arguments, got ${wrong}`,
        );
      }
    }
  });

  it('rejects a library that is not a string', () => {
    for (const name of ['load', 'init', 'devices']) {
      rejects(() => cuda[name](1), 'KNHK_E_ARG_TYPE', `cuda.${name}: library must be a string`);
    }
    rejects(() => cuda.createContext(null, 0), 'KNHK_E_ARG_TYPE', 'cuda.createContext: library must be a string');
  });

  it('rejects a device ordinal that is not a non-negative integer', () => {
    rejects(() => cuda.createContext(MISSING, '0'), 'KNHK_E_ARG_TYPE', 'cuda.createContext: ordinal must be a number');
    for (const bad of [-1, 0.5, NaN, Infinity]) {
      expect(thrown(() => cuda.createContext(MISSING, bad)).code, String(bad)).to.equal('KNHK_E_ARG_RANGE');
    }
  });

  it('rejects anything but a handle of the kind asked for with KNHK_E_ARG_TYPE', () => {
    const handleArgs: [string, unknown[], number, string][] = [
      ['destroyContext', [notHandle], 0, 'context'],
      ['memGetInfo', [null], 0, 'context'],
      ['loadModule', [notHandle, new Uint8Array(4)], 0, 'context'],
      ['unloadModule', [{}], 0, 'module'],
      ['getFunction', [1, 'add_f32'], 0, 'module'],
      ['memAlloc', [undefined, 4], 0, 'context'],
      ['memFree', [new Uint8Array(1)], 0, 'memory'],
      ['memHostAlloc', ['context', 4], 0, 'context'],
      ['streamCreate', [notHandle], 0, 'context'],
      ['streamDestroy', [notHandle], 0, 'stream'],
      ['memcpyHtoDAsync', [notHandle, 0, new Float32Array(1), notHandle], 0, 'memory'],
      ['memcpyDtoHAsync', [new Float32Array(1), notHandle, 0, notHandle], 1, 'memory'],
      ['eventCreate', [notHandle], 0, 'context'],
      ['eventRecord', [notHandle, notHandle], 0, 'event'],
      ['eventSynchronize', [notHandle], 0, 'event'],
      ['eventDestroy', [notHandle], 0, 'event'],
      ['launch', [notHandle, [1, 1, 1], [32, 1, 1], 0, notHandle, '', []], 0, 'function'],
    ];
    for (const [name, args, index, kind] of handleArgs) {
      rejects(
        () => cuda[name](...args),
        'KNHK_E_ARG_TYPE',
        `cuda.${name}: argument ${index} must be a CUDA ${kind} handle from this binding`,
      );
    }
  });

  it('rejects sizes and offsets that are not counts, before the handles', () => {
    rejects(() => cuda.memAlloc(notHandle, 0), 'KNHK_E_ARG_RANGE', 'cuda.memAlloc: bytes must be at least 1');
    rejects(() => cuda.memHostAlloc(notHandle, 0), 'KNHK_E_ARG_RANGE', 'cuda.memHostAlloc: bytes must be at least 1');
    rejects(() => cuda.memAlloc(notHandle, '4'), 'KNHK_E_ARG_TYPE', 'cuda.memAlloc: bytes must be a number');
    for (const bad of [-1, 1.5, NaN, 2 ** 53]) {
      expect(thrown(() => cuda.memAlloc(notHandle, bad)).code, String(bad)).to.equal('KNHK_E_ARG_RANGE');
      expect(thrown(() => cuda.memHostAlloc(notHandle, bad)).code, String(bad)).to.equal('KNHK_E_ARG_RANGE');
      expect(thrown(() => cuda.memcpyHtoDAsync(notHandle, bad, new Uint8Array(1), notHandle)).code).to.equal(
        'KNHK_E_ARG_RANGE',
      );
      expect(thrown(() => cuda.memcpyDtoHAsync(new Uint8Array(1), notHandle, bad, notHandle)).code).to.equal(
        'KNHK_E_ARG_RANGE',
      );
    }
  });

  it('rejects host data that is not a typed array or DataView, or is detached', () => {
    rejects(
      () => cuda.memcpyHtoDAsync(notHandle, 0, [1, 2], notHandle),
      'KNHK_E_ARG_TYPE',
      'cuda.memcpyHtoDAsync: source must be a typed array or DataView',
    );
    rejects(
      () => cuda.memcpyDtoHAsync(new ArrayBuffer(4), notHandle, 0, notHandle),
      'KNHK_E_ARG_TYPE',
      'cuda.memcpyDtoHAsync: target must be a typed array or DataView',
    );
    const detached = new Float32Array(4);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    // A detached view has length 0: nothing to copy, so only the handles are left to check.
    rejects(
      () => cuda.memcpyHtoDAsync(notHandle, 0, detached, notHandle),
      'KNHK_E_ARG_TYPE',
      'cuda.memcpyHtoDAsync: argument 0 must be a CUDA memory handle from this binding',
    );
  });

  it('rejects an image that is not a non-empty Uint8Array, and an empty kernel name', () => {
    rejects(
      () => cuda.loadModule(notHandle, new Int8Array(4)),
      'KNHK_E_ARG_TYPE',
      'cuda.loadModule: image must be a Uint8Array',
    );
    rejects(
      () => cuda.loadModule(notHandle, new Uint8Array(0)),
      'KNHK_E_ARG_LENGTH',
      'cuda.loadModule: image is empty (or detached)',
    );
    rejects(() => cuda.getFunction(notHandle, ''), 'KNHK_E_ARG_INVALID', 'cuda.getFunction: name is empty');
    rejects(() => cuda.getFunction(notHandle, 3), 'KNHK_E_ARG_TYPE', 'cuda.getFunction: name must be a string');
  });

  describe('launch', () => {
    const launch = (overrides: Partial<Record<number, unknown>>) => {
      const args: unknown[] = [notHandle, [1, 1, 1], [256, 1, 1], 0, notHandle, 'pz', [notHandle, 4]];
      for (const [at, value] of Object.entries(overrides)) args[Number(at)] = value;
      return () => cuda.launch(...args);
    };

    it('rejects grid and block shapes that are not [x, y, z] within the limits', () => {
      rejects(launch({ 1: 4 }), 'KNHK_E_ARG_TYPE', 'cuda.launch: grid must be an array [x, y, z]');
      rejects(launch({ 2: [256, 1] }), 'KNHK_E_ARG_TYPE', 'cuda.launch: block must be an array [x, y, z]');
      rejects(launch({ 1: [1, '1', 1] }), 'KNHK_E_ARG_TYPE', 'cuda.launch: grid[1] must be a number');
      rejects(
        launch({ 1: [0, 1, 1] }),
        'KNHK_E_ARG_RANGE',
        'cuda.launch: grid[0] must be an integer from 1 to 2147483647, got 0.000000',
      );
      rejects(
        launch({ 1: [1, 65536, 1] }),
        'KNHK_E_ARG_RANGE',
        'cuda.launch: grid[1] must be an integer from 1 to 65535, got 65536.000000',
      );
      rejects(
        launch({ 2: [32, 1, 1.5] }),
        'KNHK_E_ARG_RANGE',
        'cuda.launch: block[2] must be an integer from 1 to 64, got 1.500000',
      );
      rejects(launch({ 2: [1024, 2, 1] }), 'KNHK_E_ARG_RANGE', 'cuda.launch: a block has at most 1024 threads');
    });

    it('rejects shared memory beyond 32 bits', () => {
      rejects(launch({ 3: 2 ** 32 }), 'KNHK_E_ARG_RANGE', 'cuda.launch: sharedBytes must fit 32 bits');
      expect(thrown(launch({ 3: -1 })).code).to.equal('KNHK_E_ARG_RANGE');
    });

    it('rejects unknown argument types and an args array of another length', () => {
      rejects(
        launch({ 5: 'pd' }),
        'KNHK_E_ARG_INVALID',
        "cuda.launch: types[1] is 'd'; each must be p (device memory), i (int32), u (uint32), f (float) or z (size_t)",
      );
      rejects(launch({ 5: 7 }), 'KNHK_E_ARG_TYPE', 'cuda.launch: types must be a string');
      rejects(launch({ 6: 'args' }), 'KNHK_E_ARG_TYPE', 'cuda.launch: args must be an array');
      rejects(launch({ 6: [notHandle] }), 'KNHK_E_ARG_LENGTH', 'cuda.launch: args has 1 elements, types names 2');
    });

    it('rejects scalar arguments outside their type', () => {
      const scalar = (type: string, value: unknown) => launch({ 5: type, 6: [value] });
      rejects(scalar('i', 2 ** 31), 'KNHK_E_ARG_RANGE', 'cuda.launch: args[0] must be an int32, got 2147483648.000000');
      rejects(scalar('i', 0.5), 'KNHK_E_ARG_RANGE', 'cuda.launch: args[0] must be an int32, got 0.500000');
      rejects(scalar('u', -1), 'KNHK_E_ARG_RANGE', 'cuda.launch: args[0] must be a uint32, got -1.000000');
      rejects(scalar('u', 2 ** 32), 'KNHK_E_ARG_RANGE', 'cuda.launch: args[0] must be a uint32, got 4294967296.000000');
      expect(thrown(scalar('z', 2 ** 53)).code).to.equal('KNHK_E_ARG_RANGE');
      expect(thrown(scalar('z', NaN)).code).to.equal('KNHK_E_ARG_RANGE');
      rejects(scalar('f', '1'), 'KNHK_E_ARG_TYPE', 'cuda.launch: args[0] must be a number');
      rejects(scalar('u', notHandle), 'KNHK_E_ARG_TYPE', 'cuda.launch: args[0] must be a number');
    });

    it('checks the function, the stream and then each memory argument as handles', () => {
      // Scalars valid: the handles are next, the function first.
      rejects(
        launch({}),
        'KNHK_E_ARG_TYPE',
        'cuda.launch: argument 0 must be a CUDA function handle from this binding',
      );
      // f accepts NaN and infinities (a float argument may be any float).
      rejects(
        launch({ 5: 'ff', 6: [NaN, -Infinity] }),
        'KNHK_E_ARG_TYPE',
        'cuda.launch: argument 0 must be a CUDA function handle from this binding',
      );
    });
  });
});

describe('@knhk/native cuda function table against cuda.h', () => {
  const include = [
    process.env.CUDA_HOME && `${process.env.CUDA_HOME}/include`,
    '/usr/local/cuda/include',
    '/usr/include',
  ].find((dir) => dir !== undefined && dir !== '' && existsSync(`${dir}/cuda.h`));

  it('declares every entry point with the signature of the exported name it resolves, and cuda.h constants', function () {
    if (include === undefined) {
      if (process.env.CI) throw new Error('cuda.h is required where CI is set: install the CUDA toolkit');
      this.skip();
    }
    this.timeout(60000);
    const source = fileURLToPath(new URL('../../test/cuda/cuda-api-signatures.cc', import.meta.url));
    const cxx = process.env.CXX ?? 'g++';
    const result = spawnSync(cxx, ['-std=c++17', '-fsyntax-only', '-Wall', '-Wextra', `-I${include}`, source], {
      encoding: 'utf8',
    });
    expect(result.stderr).to.equal('');
    expect(result.status).to.equal(0);
  });
});
