/**
 * Correctly rounded division on every device: the float division where the device offers
 * -cl-fp32-correctly-rounded-divide-sqrt, else a double division rounded to float (checked
 * here on the real runtime by building the program that way), else none: then the backend
 * does not register vector.div (its kernel's `available()` says why, once) and another
 * provider runs it.
 */
import { expect } from 'chai';
import { loadOpenCl } from '@knhk/native';
import { PluginInstance, createFramework } from '@knhk/core';
import { cpuBackend } from '@knhk/backend-cpu';
import { VECTOR_PROGRAM, divisionAvailability, divisionDefine, openclBackend, preferredDevice } from '../src/index.js';
import { describeWithSystemPackages } from '@knhk/plugin-sdk/mocha';
import { OPENCL_RUNTIME } from './opencl-runtime.js';

const SPECIALS = [
  NaN,
  Infinity,
  -Infinity,
  0,
  -0,
  1,
  -1,
  3,
  2 ** -149,
  2 ** -126,
  1e-30,
  3.4028234663852886e38,
  0.1,
  7,
];

function bits(x: Float32Array): Uint32Array {
  return new Uint32Array(x.buffer, x.byteOffset, x.length);
}

describe('@knhk/backend-opencl: division', () => {
  it('chooses the float division, the double one, or none', () => {
    expect(divisionDefine({ correctlyRoundedDivide: true, extensions: '' })).to.equal('-D KNHK_DIVIDE=1');
    expect(
      divisionDefine({ correctlyRoundedDivide: false, extensions: 'cl_khr_byte_addressable_store cl_khr_fp64' }),
    ).to.equal('-D KNHK_DIVIDE=2');
    expect(divisionDefine({ correctlyRoundedDivide: false, extensions: 'cl_khr_byte_addressable_store' })).to.equal(
      undefined,
    );
  });

  it('registers vector.div only where every opened device divides correctly rounded, and says which cannot', () => {
    const float = { name: 'GPU A', correctlyRoundedDivide: true, extensions: '' };
    const double = { name: 'CPU B', correctlyRoundedDivide: false, extensions: 'cl_khr_fp64' };
    const none = { name: 'GPU C', correctlyRoundedDivide: false, extensions: 'cl_khr_byte_addressable_store' };
    expect(divisionAvailability([float, double])).to.equal(true);
    expect(divisionAvailability([float, none])).to.equal(
      'GPU C divides neither correctly rounded in float nor in double (no cl_khr_fp64), so another provider runs vector.div',
    );
    expect(divisionAvailability([none, { ...none, name: 'GPU D' }])).to.match(/^GPU C, GPU D divide neither/);
  });

  describeWithSystemPackages('@knhk/backend-opencl: division on the OpenCL runtime', OPENCL_RUNTIME, () => {
    it('on this machine the device divides correctly, so opencl registers vector.div and runs it', async () => {
      const load = loadOpenCl();
      if (!load.ok) throw new Error(`OpenCL must be available here: ${load.reason}`);
      const device = preferredDevice(load.devices);
      expect(divisionAvailability([device])).to.equal(true);
      const instance = await PluginInstance.start(openclBackend);
      try {
        expect(instance.registers('vector', 'div')).to.equal(true);
        expect(instance.registeredKernels().map((k) => k.id)).to.include('vector.div');
      } finally {
        await instance.dispose();
      }
      const fw = await createFramework({ plugins: [cpuBackend, openclBackend], discover: false, wisdomPath: false });
      try {
        expect(fw.explain('vector', 'div', 1024).chosen).to.equal('opencl');
        expect([...fw.vector.div(Float32Array.of(1, 3), Float32Array.of(4, 8))]).to.deep.equal([0.25, 0.375]);
        expect(fw.fallbacks()).to.deep.equal([]);
      } finally {
        await fw.dispose();
      }
    });

    it('the double division rounded to float agrees bit for bit with IEEE float division', async function () {
      const load = loadOpenCl();
      if (!load.ok) throw new Error(`OpenCL must be available here: ${load.reason}`);
      const device = preferredDevice(load.devices);
      expect(device.extensions, 'the test device must offer cl_khr_fp64').to.contain('cl_khr_fp64');
      const context = new load.binding.Context(load.library, device.platformIndex, device.deviceIndex);
      try {
        const kernel = context.kernel(
          context.buildProgram(VECTOR_PROGRAM.source, '-cl-std=CL1.2 -D KNHK_DIVIDE=2'),
          'div_f32_dense',
        );
        let seed = 12345;
        const random = (): number => {
          seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
          return seed;
        };
        const n = 1 << 16;
        const [a, b] = [new Float32Array(n), new Float32Array(n)];
        const [ua, ub] = [bits(a), bits(b)];
        for (let i = 0; i < n; i++) {
          ua[i] = random();
          ub[i] = random();
        }
        SPECIALS.forEach((x, i) =>
          SPECIALS.forEach((y, j) => ((a[i * SPECIALS.length + j] = x), (b[i * SPECIALS.length + j] = y))),
        );
        const [ma, mb, mo] = [context.createBuffer(n * 4), context.createBuffer(n * 4), context.createBuffer(n * 4)];
        context.write(ma, 0, a);
        context.write(mb, 0, b);
        context.run(kernel, 'bububu', [ma, 0, mb, 0, mo, 0], [n], null);
        const got = new Float32Array(await context.read(mo, 0, n * 4));
        const want = Float32Array.from(a, (x, i) => x / b[i]);
        for (let i = 0; i < n; i++) {
          const same = bits(got)[i] === bits(want)[i] || (Number.isNaN(got[i]) && Number.isNaN(want[i]));
          if (!same) expect.fail(`${a[i]} / ${b[i]}: got ${got[i]}, IEEE float division gives ${want[i]}`);
        }
      } finally {
        context.release();
      }
    });
  });
});
