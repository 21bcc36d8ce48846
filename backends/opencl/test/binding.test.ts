/**
 * The native OpenCL binding on the real runtime: programs that do not compile give
 * KNHK_E_OPENCL_BUILD with the compiler log, impossible allocations give
 * KNHK_E_OPENCL_OUT_OF_RESOURCES, released buffers and bad arguments are coded errors at the
 * N-API boundary, reads are Promises, and the program binary cache is reused and repaired.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { isKnhkError } from '@knhk/core';
import { type OpenClContextHandle, type OpenClDeviceDescription, loadOpenCl } from '@knhk/native';
import { ProgramCache, buildOptions, preferredDevice } from '../src/index.js';
import { describeWithSystemPackages } from '@knhk/plugin-sdk/mocha';
import { OPENCL_RUNTIME } from './opencl-runtime.js';

function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const SCALE = {
  name: 'test-scale',
  source: 'kernel void scale(global float* x, float k) { x[get_global_id(0)] *= k; }',
};

describeWithSystemPackages('@knhk/native: the OpenCL binding', OPENCL_RUNTIME, () => {
  let context: OpenClContextHandle;
  let device: OpenClDeviceDescription;

  before(() => {
    const load = loadOpenCl();
    if (!load.ok) throw new Error(`OpenCL must be available here: ${load.reason}`);
    device = preferredDevice(load.devices);
    context = new load.binding.Context(load.library, device.platformIndex, device.deviceIndex);
  });

  after(() => context.release());

  it('a program that does not compile is KNHK_E_OPENCL_BUILD carrying the compiler log', () => {
    const error = thrown(() => context.buildProgram('kernel void f(global float* x) { x[0] = undefined_name; }', ''));
    expect(isKnhkError(error, 'KNHK_E_OPENCL_BUILD')).to.equal(true);
    expect((error as { log: string }).log).to.contain('undefined_name');
    expect((error as Error).message).to.contain('undefined_name');
  });

  it('runs a kernel and reads the result back as a Promise', async () => {
    const program = context.buildProgram(SCALE.source, buildOptions(device));
    const kernel = context.kernel(program, 'scale');
    const mem = context.createBuffer(16);
    context.write(mem, 0, Float32Array.of(1, 2, 3, 4));
    context.run(kernel, 'bf', [mem, 2.5], [4], null);
    const bytes = await context.read(mem, 0, 16);
    expect([...new Float32Array(bytes)]).to.deep.equal([2.5, 5, 7.5, 10]);
    await context.finish();
    context.releaseBuffer(mem);
  });

  it('flush submits queued work without waiting; its arguments are checked and a released context is refused', async () => {
    const load = loadOpenCl();
    if (!load.ok) throw new Error(load.reason);
    const own = new load.binding.Context(load.library, device.platformIndex, device.deviceIndex);
    const kernel = own.kernel(own.buildProgram(SCALE.source, buildOptions(device)), 'scale');
    const mem = own.createBuffer(8);
    own.write(mem, 0, Float32Array.of(3, -1));
    own.run(kernel, 'bf', [mem, 4], [2], null);
    expect(own.flush()).to.equal(undefined);
    await own.finish();
    expect([...own.readSync(mem, 0, new Float32Array(2))]).to.deep.equal([12, -4]);
    expect(
      isKnhkError(
        thrown(() => (own.flush as (x: number) => void)(1)),
        'KNHK_E_ARG_TYPE',
      ),
    ).to.equal(true);
    own.releaseBuffer(mem);
    own.release();
    expect(
      isKnhkError(
        thrown(() => own.flush()),
        'KNHK_E_BUFFER_RELEASED',
      ),
    ).to.equal(true);
  });

  it('an allocation past what the device allows is KNHK_E_OPENCL_OUT_OF_RESOURCES', () => {
    const error = thrown(() => context.createBuffer(2 ** 50));
    expect(isKnhkError(error, 'KNHK_E_OPENCL_OUT_OF_RESOURCES'), String(error)).to.equal(true);
    expect((error as { clError: number }).clError).to.be.lessThan(0);
  });

  it('a launch needing more local memory or larger work-groups than the device has is KNHK_E_OPENCL_OUT_OF_RESOURCES at enqueue', () => {
    const source = 'kernel void f(global float* x, local float* t) { t[0] = 1; x[get_global_id(0)] = t[0]; }';
    const kernel = context.kernel(context.buildProgram(source, ''), 'f');
    const mem = context.createBuffer(4 * 64);
    const tooMuchLocal = thrown(() => context.run(kernel, 'bl', [mem, device.localMemBytes * 2], [64], [64]));
    expect(isKnhkError(tooMuchLocal, 'KNHK_E_OPENCL_OUT_OF_RESOURCES'), String(tooMuchLocal)).to.equal(true);
    const items = device.maxWorkGroupSize * 2;
    const tooLarge = thrown(() => context.run(kernel, 'bl', [mem, 16], [items], [items]));
    expect(isKnhkError(tooLarge, 'KNHK_E_OPENCL_OUT_OF_RESOURCES'), String(tooLarge)).to.equal(true);
    context.run(kernel, 'bl', [mem, 16], [64], [64]);
    context.finishSync();
    context.releaseBuffer(mem);
  });

  it('a released buffer is KNHK_E_BUFFER_RELEASED in every call; releasing twice is harmless', () => {
    const mem = context.createBuffer(8);
    context.releaseBuffer(mem);
    context.releaseBuffer(mem);
    for (const call of [
      () => context.write(mem, 0, new Float32Array(2)),
      () => context.readSync(mem, 0, new Float32Array(2)),
      () => context.zero(mem, 0, 8),
    ]) {
      expect(isKnhkError(thrown(call), 'KNHK_E_BUFFER_RELEASED')).to.equal(true);
    }
  });

  it('checks every argument at the boundary with coded errors', () => {
    const mem = context.createBuffer(8);
    const kernel = context.kernel(context.buildProgram(SCALE.source, ''), 'scale');
    const cases: [() => unknown, string][] = [
      [() => context.write(mem, 4, new Float32Array(2)), 'KNHK_E_ARG_RANGE'],
      [() => context.write(mem, 0, [1, 2] as unknown as Float32Array), 'KNHK_E_ARG_TYPE'],
      [() => context.createBuffer(-1), 'KNHK_E_ARG_RANGE'],
      [() => context.createBuffer(0), 'KNHK_E_ARG_RANGE'],
      [() => context.run(kernel, 'bf', [mem], [2], null), 'KNHK_E_ARG_LENGTH'],
      [() => context.run(kernel, 'bf', [{} as never, 1], [2], null), 'KNHK_E_ARG_TYPE'],
      [() => context.run(kernel, 'bx', [mem, 1], [2], null), 'KNHK_E_ARG_INVALID'],
      [() => context.run(kernel, 'bu', [mem, -1], [2], null), 'KNHK_E_ARG_RANGE'],
      [() => context.run(kernel, 'bi', [mem, 1.5], [2], null), 'KNHK_E_ARG_RANGE'],
      [() => context.run(kernel, 'bl', [mem, 0], [2], null), 'KNHK_E_ARG_RANGE'],
      [() => context.run(kernel, 'bf', [mem, 1], [2.5], null), 'KNHK_E_ARG_RANGE'],
      [() => context.run(kernel, 'bf', [mem, 1], [], null), 'KNHK_E_ARG_LENGTH'],
      [() => context.run(mem as never, 'bf', [mem, 1], [2], null), 'KNHK_E_ARG_TYPE'],
      [() => context.kernel(context.buildProgram(SCALE.source, ''), 'no_such_kernel'), 'KNHK_E_OPENCL_CALL'],
    ];
    for (const [call, code] of cases) expect(isKnhkError(thrown(call), code as never), code).to.equal(true);
    context.releaseBuffer(mem);
  });

  it('the program cache stores a binary once and loads it instead of compiling; a damaged binary is rebuilt', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'knhk-opencl-cache-'));
    try {
      const cache = new ProgramCache(dir);
      const options = buildOptions(device);
      const built = ProgramCache.builtFromSource;
      cache.load(context, device, SCALE, options);
      expect(ProgramCache.builtFromSource).to.equal(built + 1);
      const files = readdirSync(dir);
      expect(files).to.have.length(1);
      cache.load(context, device, SCALE, options);
      expect(ProgramCache.builtFromSource, 'the second load must come from the cache').to.equal(built + 1);
      writeFileSync(path.join(dir, files[0]), 'not a binary');
      const program = cache.load(context, device, SCALE, options);
      expect(ProgramCache.builtFromSource).to.equal(built + 2);
      expect(context.kernelWorkGroupSize(context.kernel(program, 'scale'))).to.be.greaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
