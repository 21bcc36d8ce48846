/**
 * The avx2 backend: detect() agrees with the CPU flags in /proc/cpuinfo, and where it is
 * available it passes the plugin SDK's conformance kit for vector, reduce, matmul, mlp,
 * pattern and memory.
 */
import { expect } from 'chai';
import { PluginInstance, readCpuFlags } from '@knhk/core';
import { REQUIRED_FLAGS, loadNative } from '@knhk/native';
import { checkConformance, formatFailures } from '@knhk/plugin-sdk';
import { avx2Backend } from '../src/index.js';

const missing = REQUIRED_FLAGS.avx2.filter((flag) => !readCpuFlags().includes(flag));

describe('@knhk/backend-avx2', () => {
  it('is a backend that provides every compute capability', () => {
    expect(avx2Backend.manifest.name).to.equal('avx2');
    expect(avx2Backend.manifest.kind).to.equal('backend');
    expect([...avx2Backend.manifest.capabilities].sort()).to.deep.equal([
      'matmul',
      'memory',
      'mlp',
      'pattern',
      'reduce',
      'vector',
    ]);
  });

  it('detects what the CPU flags say', async () => {
    const instance = await PluginInstance.start(avx2Backend);
    try {
      if (missing.length > 0) {
        expect(instance.status).to.equal('unavailable');
        expect(instance.reason).to.contain(`this CPU lacks ${missing[0]}`);
      } else {
        expect(loadNative().ok, instance.reason).to.equal(true);
        expect(instance.status, instance.reason).to.equal('ready');
        expect(instance.devices[0]?.type).to.equal('cpu');
      }
    } finally {
      await instance.dispose();
    }
  });

  it(missing.length > 0 ? 'reports unavailable to the conformance kit' : 'passes the conformance kit', async () => {
    const report = await checkConformance(avx2Backend, {
      capabilities: ['vector', 'reduce', 'matmul', 'mlp', 'pattern', 'memory'],
    });
    if (missing.length > 0) {
      expect(report.available).to.equal(false);
      expect(report.reason).to.contain(missing[0]);
    } else {
      expect(report.passed, formatFailures(report)).to.equal(true);
    }
  });
});
