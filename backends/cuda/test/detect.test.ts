/**
 * What the cuda backend detects. Without the NVIDIA driver (this machine, CI) it is installed
 * and unavailable, and the reason says there is no libcuda.so.1 and what to install; it starts
 * unavailable and registers nothing it cannot run. `knhk detect --json` says the same. The
 * other reasons (kernels not built and no PTX shipped, a driver older than the PTX) come from
 * `describeCuda`, pure logic over what the driver reported, checked here on a described
 * device. On a GPU, `npm run gpu-check -w @knhk/backend-cuda` checks the available case.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { PluginInstance, isKnhkError } from '@knhk/core';
import { CUDA_INSTALL_HINT, type CudaDeviceDescription } from '@knhk/native';
import { cudaBackend, describeCuda, detectCuda, kernelImages, parseOptions } from '../src/index.js';

const CLI = fileURLToPath(new URL('../../../../cli/bin/knhk.js', import.meta.url));
const MISSING = '/nonexistent/libcuda.so.1';
const NO_DRIVER = `no libcuda.so.1 (${MISSING}: cannot open shared object file: No such file or directory); ${CUDA_INSTALL_HINT}`;
const DRIVER_INSTALLED = [
  '/lib/x86_64-linux-gnu',
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib64',
  '/usr/lib/aarch64-linux-gnu',
].some((dir) => existsSync(`${dir}/libcuda.so.1`));

interface DetectJson {
  readonly backends: readonly {
    readonly name: string;
    readonly available: boolean;
    readonly installed: boolean;
    readonly reason: string;
    readonly capabilities: readonly string[];
    readonly devices: readonly unknown[];
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

/** A device as the driver would describe an H200 (data for the pure detection logic). */
const H200: CudaDeviceDescription = {
  ordinal: 0,
  name: 'NVIDIA H200',
  computeCapabilityMajor: 9,
  computeCapabilityMinor: 0,
  multiprocessors: 132,
  totalMemBytes: 150_000_000_000,
  clockKhz: 1_980_000,
  memoryClockKhz: 2_619_000,
  memoryBusWidthBits: 6144,
  warpSize: 32,
  maxThreadsPerBlock: 1024,
  sharedMemPerBlockBytes: 49152,
  pciBusId: 1,
};

describe('@knhk/backend-cuda: detection', () => {
  it('is a backend named cuda that provides memory and registers no kernel yet', () => {
    expect(cudaBackend.manifest.name).to.equal('cuda');
    expect(cudaBackend.manifest.kind).to.equal('backend');
    expect([...cudaBackend.manifest.capabilities]).to.deep.equal(['memory']);
    expect(cudaBackend.kernels).to.deep.equal([]);
  });

  it('without libcuda.so.1 it is unavailable and says what to install', () => {
    expect(detectCuda(MISSING)).to.deep.equal({ available: false, reason: NO_DRIVER, devices: [] });
  });

  it('starts unavailable with that reason', async () => {
    const instance = await PluginInstance.start(cudaBackend, { options: { library: MISSING } });
    try {
      expect(instance.status).to.equal('unavailable');
      expect(instance.reason).to.include(NO_DRIVER);
    } finally {
      await instance.dispose();
    }
  });

  it('rejects a library option that is not a non-empty string', () => {
    for (const library of ['', 3]) {
      let thrown: unknown;
      try {
        parseOptions({ library });
      } catch (error) {
        thrown = error;
      }
      expect(isKnhkError(thrown, 'KNHK_E_CONFIG_INVALID'), String(library)).to.equal(true);
    }
  });

  it('knhk detect --json lists cuda installed and unavailable, with no libcuda.so.1 and what to install', async function () {
    this.timeout(120000);
    const json = await detectJson({ KNHK_CUDA_LIBRARY: MISSING });
    const cuda = json.backends.find((b) => b.name === 'cuda');
    expect(cuda).to.deep.include({ installed: true, available: false, reason: NO_DRIVER, devices: [] });
    expect(cuda?.capabilities).to.deep.equal(['memory']);
    if (!DRIVER_INSTALLED) {
      const byDefault = (await detectJson({})).backends.find((b) => b.name === 'cuda');
      expect(byDefault?.reason).to.match(/^no libcuda\.so\.1 \(libcuda\.so\.1: cannot open shared object file/);
      expect(byDefault?.reason).to.include('install the NVIDIA driver');
    }
  });
});

describe('@knhk/backend-cuda: detection reasons past the driver (pure)', () => {
  const driver = { library: 'libcuda.so.1', driverVersion: 13000, devices: [H200] };

  it('lists each device with its compute capability, SMs, memory and the driver version', () => {
    const images = kernelImages();
    const result = describeCuda(driver, images);
    expect(result.available).to.equal(true);
    expect(result.devices).to.deep.equal([
      {
        id: 'cuda:0',
        name: 'NVIDIA H200',
        type: 'gpu',
        computeUnits: 132,
        memoryBytes: 150_000_000_000,
        features: ['sm_90', 'compute-capability-9.0', 'cuda-driver-13.0'],
      },
    ]);
    expect(result.reason).to.include('cuda:0 NVIDIA H200 (compute capability 9.0, 132 SMs, 139.7 GiB)');
    expect(result.reason).to.include('no kernel family is registered yet');
  });

  it('is unavailable when the driver is older than the PTX needs', () => {
    const result = describeCuda({ ...driver, driverVersion: 12040 }, kernelImages());
    expect(result.available).to.equal(false);
    expect(result.reason).to.match(
      /^the NVIDIA driver supports CUDA 12\.4, older than the kernels' PTX \(ISA 9\.0\) needs \(CUDA 13\.0 or newer\); update the NVIDIA driver/,
    );
    expect(result.reason).to.match(/\(vector_f32, (ptx|fatbin)\)$/);
  });

  it('is unavailable when the kernels are not built and no PTX is shipped', () => {
    const result = describeCuda(driver, kernelImages('/nonexistent/backend-cuda'));
    expect(result.available).to.equal(false);
    expect(result.reason).to.match(/^the CUDA kernels are not built and no PTX is shipped/);
  });
});
