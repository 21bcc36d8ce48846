/**
 * The loader and detection: a failed build becomes a readable reason with what to install;
 * missing CPU flags and OS register state are named.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { type NativeFeatures, loadNative, missingSupport, wrongArchitecture } from '../src/index.js';

const ALL: NativeFeatures = {
  avx2: true,
  fma: true,
  avx512f: true,
  avx512bw: true,
  avx512vl: true,
  avx512dq: true,
  osYmm: true,
  osZmm: true,
  neon: true,
};

describe('@knhk/native loader', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'knhk-native-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the built addon and lists the ISAs it can run here', () => {
    const load = loadNative();
    expect(load.ok, load.ok ? '' : load.reason).to.equal(true);
    if (load.ok) expect(load.isas).to.include('scalar');
  });

  it('reports the build failure text and what to install when the build failed', () => {
    writeFileSync(path.join(dir, 'BUILD_FAILED.txt'), 'gyp ERR! stack Error: not found: make\n');
    const load = loadNative({ buildDir: dir });
    expect(load.ok).to.equal(false);
    if (load.ok) return;
    expect(load.reason).to.contain('failed to build');
    expect(load.reason).to.contain('not found: make');
    expect(load.reason).to.contain('apt-get install g++ make python3');
  });

  it('reports a missing addon without a failure file, with what to install', () => {
    const load = loadNative({ buildDir: dir });
    expect(load.ok).to.equal(false);
    if (!load.ok) expect(load.reason).to.match(/could not be loaded .*apt-get install g\+\+ make python3/s);
  });
});

describe('@knhk/native detection', () => {
  it('accepts a CPU and OS with every flag', () => {
    expect(missingSupport('avx2', ALL)).to.equal(undefined);
    expect(missingSupport('avx512', ALL)).to.equal(undefined);
  });

  it('names the missing CPU flags', () => {
    expect(missingSupport('avx512', { ...ALL, avx512f: false, avx512bw: false })).to.match(
      /^this CPU lacks avx512f, avx512bw \(flags: /,
    );
    expect(missingSupport('avx2', { ...ALL, fma: false })).to.match(/^this CPU lacks fma /);
  });

  it('names OS register state that is not enabled', () => {
    expect(missingSupport('avx2', { ...ALL, osYmm: false })).to.contain('YMM register state');
    expect(missingSupport('avx512', { ...ALL, osZmm: false })).to.contain('ZMM register state');
  });

  it('names the architecture an ISA needs', () => {
    expect(wrongArchitecture('neon', 'arm64')).to.equal(undefined);
    expect(wrongArchitecture('neon', 's390x')).to.equal('this CPU is s390x; NEON needs aarch64');
    expect(wrongArchitecture('avx2', 'x64')).to.equal(undefined);
    expect(wrongArchitecture('avx512', 'arm64')).to.equal('this CPU is arm64; avx512 needs x86-64');
    const here = process.arch === 'arm64' ? 'avx2' : 'neon';
    expect(missingSupport(here, ALL)).to.equal(wrongArchitecture(here));
  });
});
