import { COMPUTE_CAPABILITIES, PluginInstance, checkPlugin } from '@knhk/core';
import { expect } from 'chai';
import os from 'node:os';
import {
  CpuMatmul,
  CpuMemory,
  CpuNeuralTraining,
  CpuPatternMatcher,
  CpuReductions,
  CpuVectorOps,
  cpuBackend,
} from '../src/index.js';
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

  it('builds its providers by injection, sharing one host memory per instance', async () => {
    const instance = await PluginInstance.start(cpuBackend);
    try {
      expect(instance.get('vector')).to.be.instanceOf(CpuVectorOps);
      expect(instance.get('reduce')).to.be.instanceOf(CpuReductions);
      expect(instance.get('matmul')).to.be.instanceOf(CpuMatmul);
      expect(instance.get('pattern')).to.be.instanceOf(CpuPatternMatcher);
      expect(instance.get('mlp')).to.be.instanceOf(CpuNeuralTraining);
      expect(instance.get('memory')).to.be.instanceOf(CpuMemory);
      const buffer = instance.get('memory').allocate(2);
      instance.get('memory').copyToDevice(buffer, Float32Array.of(2, 3));
      expect(instance.get('reduce').sum(buffer)).to.equal(5);
    } finally {
      await instance.dispose();
    }
  });
});
