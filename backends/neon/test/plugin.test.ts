/**
 * The neon backend: on aarch64 it is available and passes the plugin SDK's conformance kit
 * for vector, reduce, pattern and memory; on any other machine it is unavailable and says that the
 * CPU is not aarch64. (Its kernels are tested on x86 through SIMDe: native/test/emulation.test.ts.)
 */
import os from 'node:os';
import { expect } from 'chai';
import { PluginInstance } from '@knhk/core';
import { loadNative } from '@knhk/native';
import { checkConformance, formatFailures } from '@knhk/plugin-sdk';
import { neonBackend } from '../src/index.js';

const arm64 = process.arch === 'arm64';

describe('@knhk/backend-neon', () => {
  it('is a backend named neon that provides vector, reduce, pattern and memory', () => {
    expect(neonBackend.manifest.name).to.equal('neon');
    expect(neonBackend.manifest.kind).to.equal('backend');
    expect([...neonBackend.manifest.capabilities].sort()).to.deep.equal(['memory', 'pattern', 'reduce', 'vector']);
  });

  it('registers the kernels that have NEON code, and not vector.compare, sgemm or MLP', () => {
    const ids = (neonBackend.kernels ?? []).map((k) => k.id);
    for (const id of ['vector.add', 'vector.fma', 'vector.dot', 'reduce.sum', 'pattern.scan', 'memory.allocate'])
      expect(ids, id).to.include(id);
    expect(ids.filter((id) => id === 'vector.compare' || /^(matmul|mlp)\./.test(id))).to.deep.equal([]);
  });

  it(arm64 ? 'is ready on this aarch64 CPU' : 'is unavailable here because the CPU is not aarch64', async () => {
    const instance = await PluginInstance.start(neonBackend);
    try {
      if (arm64) {
        expect(loadNative().ok, instance.reason).to.equal(true);
        expect(instance.status, instance.reason).to.equal('ready');
        expect(instance.devices[0]?.type).to.equal('cpu');
      } else {
        expect(instance.status).to.equal('unavailable');
        expect(instance.reason).to.equal(`this CPU is ${os.machine()}; NEON needs aarch64`);
      }
    } finally {
      await instance.dispose();
    }
  });

  it(arm64 ? 'passes the conformance kit' : 'reports unavailable to the conformance kit', async () => {
    const report = await checkConformance(neonBackend, { capabilities: ['vector', 'reduce', 'pattern', 'memory'] });
    if (arm64) {
      expect(report.passed, formatFailures(report)).to.equal(true);
    } else {
      expect(report.available).to.equal(false);
      expect(report.reason).to.contain('NEON needs aarch64');
    }
  });
});
