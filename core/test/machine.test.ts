import { expect } from 'chai';
import { featuresFromCpuinfo, machineFacts, machineFingerprint } from '../src/index.js';

describe('machine facts', () => {
  it('reads the relevant features from x86 and Arm /proc/cpuinfo text', () => {
    const x86 = 'processor\t: 0\nflags\t\t: fpu sse4_1 sse4_2 avx avx2 fma avx512f avx512vl bmi2\n';
    expect(featuresFromCpuinfo(x86)).to.deep.equal(['sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512vl']);
    const arm = 'processor\t: 0\nFeatures\t: fp asimd evtstrm aes crc32\n';
    expect(featuresFromCpuinfo(arm)).to.deep.equal(['asimd']);
    expect(featuresFromCpuinfo('')).to.deep.equal([]);
  });

  it('fingerprints what makes measurements comparable, and nothing else', () => {
    const facts = machineFacts();
    expect(facts.cores).to.be.at.least(1);
    expect(machineFingerprint(facts)).to.match(/^[0-9a-f]{16}$/);
    expect(machineFingerprint({ ...facts, totalMemoryBytes: 1 })).to.equal(machineFingerprint(facts));
    expect(machineFingerprint({ ...facts, cpuModel: 'another' })).to.not.equal(machineFingerprint(facts));
    expect(machineFingerprint({ ...facts, node: 'v99.0.0' })).to.not.equal(machineFingerprint(facts));
  });
});
