/**
 * What the opencl backend detects: with an OpenCL runtime (PoCL in CI) it is available and
 * lists the device with its type, compute units, memory and extensions; with the ICD loader
 * missing (a library path that does not exist, in a child process) it is unavailable and the
 * reason says what to install. `knhk detect --json` says the same. The checks on the runtime
 * need ocl-icd-libopencl1 and pocl-opencl-icd (not run without them; required with CI).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { PluginInstance } from '@knhk/core';
import { loadOpenCl } from '@knhk/native';
import { describeWithSystemPackages } from '@knhk/plugin-sdk/mocha';
import { detectOpenCl, openclBackend, preferredDevice } from '../src/index.js';
import { OPENCL_RUNTIME } from './opencl-runtime.js';

const CLI = fileURLToPath(new URL('../../../../cli/bin/knhk.js', import.meta.url));
const MISSING = '/nonexistent/libOpenCL.so.1';

interface DetectJson {
  readonly backends: readonly {
    readonly name: string;
    readonly available: boolean;
    readonly reason: string;
    readonly devices: readonly { id: string; type: string; computeUnits?: number; memoryBytes?: number }[];
  }[];
}

function detectJson(env: Record<string, string>): Promise<DetectJson> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, 'detect', '--json'], { env: { ...process.env, ...env } }, (error, stdout) => {
      if (error !== null) reject(error);
      else resolve(JSON.parse(stdout) as DetectJson);
    });
  });
}

describe('@knhk/backend-opencl: detection', () => {
  it('is a backend named opencl that provides every compute capability', () => {
    expect(openclBackend.manifest.name).to.equal('opencl');
    expect(openclBackend.manifest.kind).to.equal('backend');
    expect([...openclBackend.manifest.capabilities].sort()).to.deep.equal(
      ['matmul', 'memory', 'mlp', 'pattern', 'reduce', 'vector'].sort(),
    );
  });

  it('without the ICD loader it is unavailable and says what to install (library option)', () => {
    const result = detectOpenCl(MISSING);
    expect(result.available).to.equal(false);
    expect(result.devices).to.deep.equal([]);
    expect(result.reason).to.contain('no OpenCL ICD loader found').and.contain(MISSING);
    expect(result.reason).to.contain('ocl-icd-libopencl1').and.contain('pocl-opencl-icd');
  });

  describeWithSystemPackages('@knhk/backend-opencl: detection on the OpenCL runtime', OPENCL_RUNTIME, () => {
    it('lists every OpenCL device with its type, compute units, memory and extensions', () => {
      const load = loadOpenCl();
      expect(load.ok, load.ok ? '' : load.reason).to.equal(true);
      const result = detectOpenCl();
      expect(result.available, result.reason).to.equal(true);
      expect(result.devices.length).to.be.greaterThan(0);
      for (const device of result.devices) {
        expect(device.id).to.match(/^opencl:\d+:\d+$/);
        expect(['cpu', 'gpu', 'accelerator']).to.include(device.type);
        expect(device.computeUnits).to.be.greaterThan(0);
        expect(device.memoryBytes).to.be.greaterThan(0);
        expect(device.features).to.include('cl_khr_byte_addressable_store');
      }
      if (load.ok) expect(result.reason).to.contain(preferredDevice(load.devices).name);
    });

    it('starts ready on the preferred device, which its memory reports', async () => {
      const instance = await PluginInstance.start(openclBackend);
      try {
        expect(instance.status, instance.reason).to.equal('ready');
        const info = instance.get('memory').info();
        expect(instance.devices.map((d) => d.id)).to.include(info.device);
        expect(info.totalBytes).to.be.greaterThan(0);
      } finally {
        await instance.dispose();
      }
    });

    it('an unknown device in the options fails init with KNHK_E_CONFIG_INVALID naming the devices found', async () => {
      const instance = await PluginInstance.start(openclBackend, { options: { devices: ['opencl:9:9'] } });
      try {
        expect(instance.status).to.equal('failed');
        expect(instance.error?.message).to.contain('KNHK_E_CONFIG_INVALID').and.contain('opencl:0:0');
      } finally {
        await instance.dispose();
      }
    });

    it('knhk detect --json: opencl available with its device, or unavailable with the reason when KNHK_OPENCL_LIBRARY names a missing library', async () => {
      // One after the other: each detects every plugin within its time limit, on a machine that may be busy.
      const present = await detectJson({});
      const absent = await detectJson({ KNHK_OPENCL_LIBRARY: MISSING });
      const found = present.backends.find((b) => b.name === 'opencl');
      expect(found?.available, found?.reason).to.equal(true);
      expect(found?.devices[0]?.computeUnits).to.be.greaterThan(0);
      expect(found?.devices[0]?.memoryBytes).to.be.greaterThan(0);
      const missing = absent.backends.find((b) => b.name === 'opencl');
      expect(missing?.available).to.equal(false);
      expect(missing?.reason).to.contain('no OpenCL ICD loader found').and.contain('pocl-opencl-icd');
      expect(missing?.devices).to.deep.equal([]);
    });
  });
});
