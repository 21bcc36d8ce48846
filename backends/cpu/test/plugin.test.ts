import { COMPUTE_CAPABILITIES, OPERATIONS, PluginInstance, checkPlugin } from '@knhk/core';
import { expect } from 'chai';
import os from 'node:os';
import { CPU_KERNELS, CpuHostMemory, CpuReductions, CpuVectorOps, cpuBackend } from '../src/index.js';
import defaultExport from '../src/index.js';

describe('cpu backend plugin', () => {
  it('is a valid backend manifest providing every compute capability', () => {
    expect(defaultExport).to.equal(cpuBackend);
    expect(() => checkPlugin(cpuBackend, '^0.0.0')).to.not.throw();
    expect(cpuBackend.manifest).to.include({
      name: 'cpu',
      version: '0.1.0',
      kind: 'backend',
      priority: 0,
      emulation: false,
    });
    expect([...cpuBackend.manifest.capabilities].sort()).to.deep.equal([...COMPUTE_CAPABILITIES].sort());
  });

  it('detects the host CPU as available device cpu0', async () => {
    const instance = await PluginInstance.start(cpuBackend);
    try {
      expect(instance.status).to.equal('ready');
      expect(instance.reason).to.match(/runs everywhere/);
      expect(instance.devices).to.have.length(1);
      const device = instance.devices[0];
      expect(device).to.include({
        id: 'cpu0',
        type: 'cpu',
        memoryBytes: os.totalmem(),
        computeUnits: os.availableParallelism(),
      });
      expect(device.name).to.be.a('string').and.not.equal('');
      expect(device.features).to.be.an('array');
    } finally {
      await instance.dispose();
    }
  });

  it('registers every operation as a kernel, the vector and reduce ones of the call form', () => {
    const kernels = cpuBackend.manifest.kernels;
    for (const [capability, operations] of Object.entries(OPERATIONS)) {
      for (const operation of Object.keys(operations)) {
        const kernel = kernels.find((k) => k.capability === capability && k.operation === operation);
        expect(kernel, `${capability}.${operation}`).to.not.equal(undefined);
        const callForm = capability === 'vector' || capability === 'reduce';
        expect(kernel?.form, `${capability}.${operation}`).to.equal(callForm ? 'call' : 'args');
      }
    }
    expect(kernels).to.have.length(CPU_KERNELS.length);
    expect(Object.keys(cpuBackend.providers)).to.deep.equal([]);
  });

  it('builds its kernels by injection, sharing one host memory per instance', async () => {
    const instance = await PluginInstance.start(cpuBackend);
    try {
      const buffer = instance.get('memory').allocate(2);
      instance.get('memory').copyToDevice(buffer, Float32Array.of(2, 3));
      expect(instance.get('reduce').sum(buffer)).to.equal(5);
    } finally {
      await instance.dispose();
    }
  });

  it('keeps its capability classes for direct use, over the same kernel functions', () => {
    const memory = new CpuHostMemory();
    const vector = new CpuVectorOps(memory);
    expect([...vector.add(Float32Array.of(1, 2), Float32Array.of(3, 4))]).to.deep.equal([4, 6]);
    const buffer = memory.adopt(Float32Array.of(1, 5, 2));
    expect(new CpuReductions(memory).argmax(buffer)).to.equal(1);
  });
});
