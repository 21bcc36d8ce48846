import { expect } from 'chai';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { type AuditReport, formatAudit, runFullAudit } from '../src/index.js';
import { ACVP } from './vectors-dir.js';

const SETS = [
  'ML-DSA-keyGen-FIPS204',
  'ML-DSA-sigGen-FIPS204',
  'ML-DSA-sigVer-FIPS204',
  'ML-KEM-encapDecap-FIPS203',
  'ML-KEM-keyGen-FIPS203',
];

describe('crypto audit: the ACVP vector sets', function () {
  this.timeout(120_000);
  let report: AuditReport;

  before(() => {
    report = runFullAudit({ vectorsDir: ACVP });
  });

  it('runs every test of every set and passes them all', () => {
    expect(report.sets.map((s) => s.name)).to.deep.equal(SETS);
    for (const set of report.sets) {
      expect(set.run, set.name).to.be.greaterThan(0);
      expect(set.failed, `${set.name}: ${JSON.stringify(set.failures.slice(0, 3))}`).to.equal(0);
      expect(set.skipped, `${set.name}: ${JSON.stringify(set.skips.slice(0, 3))}`).to.equal(0);
      expect(set.passed).to.equal(set.run);
    }
    expect(report.ok).to.equal(true);
  });

  it('covers every parameter set and interface the sets contain', () => {
    const byName = new Map(report.sets.map((s) => [s.name, s]));
    expect(byName.get('ML-KEM-keyGen-FIPS203')?.run).to.equal(75);
    expect(byName.get('ML-DSA-keyGen-FIPS204')?.run).to.equal(75);
    const encap = byName.get('ML-KEM-encapDecap-FIPS203')!;
    const functions = new Set(encap.groups.map((g) => g.description.split(' ')[1]));
    expect([...functions].sort()).to.deep.equal([
      'decapsulation',
      'decapsulationKeyCheck',
      'encapsulation',
      'encapsulationKeyCheck',
    ]);
    const sigGen = byName.get('ML-DSA-sigGen-FIPS204')!;
    const kinds = sigGen.groups.map((g) => g.description);
    for (const want of ['external pure', 'external preHash', 'internal externalMu', 'deterministic', 'hedged']) {
      expect(
        kinds.some((k) => k.includes(want)),
        want,
      ).to.equal(true);
    }
    for (const set of report.sets) {
      for (const g of set.groups) expect(g.run, `${set.name} ${g.description}`).to.be.greaterThan(0);
    }
  });

  it('self-tests every algorithm: sizes, pairwise consistency, rejection, security category', () => {
    const names = report.selfTests.map((s) => s.algorithm);
    expect(names).to.include.members(['ML-KEM-512', 'ML-KEM-768', 'ML-KEM-1024', 'X-Wing', 'ML-DSA-44', 'Ed25519']);
    for (const s of report.selfTests) expect(s.ok, `${s.algorithm}: ${JSON.stringify(s.checks)}`).to.equal(true);
    const category = Object.fromEntries(report.selfTests.map((s) => [s.algorithm, s.category]));
    expect(category).to.include({ 'ML-KEM-512': 1, 'ML-KEM-768': 3, 'ML-KEM-1024': 5 });
    expect(category).to.include({ 'ML-DSA-44': 2, 'ML-DSA-65': 3, 'ML-DSA-87': 5, Ed25519: null });
  });

  it('adds up the tests per parameter set, with its security category', () => {
    const bySet = Object.fromEntries(report.parameterSets.map((p) => [p.parameterSet, p]));
    expect(Object.keys(bySet).sort()).to.deep.equal([
      'ML-DSA-44',
      'ML-DSA-65',
      'ML-DSA-87',
      'ML-KEM-1024',
      'ML-KEM-512',
      'ML-KEM-768',
    ]);
    expect(bySet['ML-KEM-512']).to.include({ category: 1, failed: 0 });
    expect(bySet['ML-DSA-44']).to.include({ category: 2, failed: 0 });
    expect(bySet['ML-DSA-87'].modes).to.deep.equal(['ML-DSA keyGen', 'ML-DSA sigGen', 'ML-DSA sigVer']);
    const total = report.parameterSets.reduce((n, p) => n + p.run, 0);
    expect(total).to.equal(report.run);
  });

  it('prints the count of tests run per set', () => {
    const text = formatAudit(report);
    expect(text).to.match(/ML-KEM-keyGen-FIPS203\s+run 75, passed 75, failed 0, skipped 0/);
    expect(text).to.match(/ML-DSA-sigGen-FIPS204\s+run \d+, passed \d+, failed 0/);
    expect(text).to.include('compliant');
  });
});

describe('crypto audit: bad vectors', function () {
  this.timeout(60_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'knhk-acvp-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function copySet(name: string): string {
    const target = path.join(dir, name);
    cpSync(path.join(ACVP, name), target, { recursive: true });
    return target;
  }

  it('fails when an expected value is corrupted, naming the test', () => {
    const target = copySet('ML-KEM-keyGen-FIPS203');
    const file = path.join(target, 'expectedResults.json.gz');
    const expected = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
    const test = expected.testGroups[1].tests[3];
    test.ek = (test.ek[0] === '0' ? '1' : '0') + test.ek.slice(1);
    writeFileSync(file, gzipSync(JSON.stringify(expected)));
    const report = runFullAudit({ vectorsDir: dir, selfTests: false });
    expect(report.ok).to.equal(false);
    expect(report.sets[0]).to.include({ run: 75, passed: 74, failed: 1 });
    expect(report.sets[0].failures).to.deep.equal([
      { tgId: 2, tcId: test.tcId, reason: 'ek differs from the expected value' },
    ]);
  });

  it('fails when a sigVer verdict is flipped', () => {
    const target = copySet('ML-DSA-sigVer-FIPS204');
    const file = path.join(target, 'expectedResults.json.gz');
    const expected = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
    expected.testGroups[0].tests[0].testPassed = !expected.testGroups[0].tests[0].testPassed;
    // written plain: the audit reads gzipped and plain files alike
    rmSync(file);
    writeFileSync(path.join(target, 'expectedResults.json'), JSON.stringify(expected));
    const report = runFullAudit({ vectorsDir: target, selfTests: false });
    expect(report.ok).to.equal(false);
    expect(report.failed).to.equal(1);
    expect(report.run).to.equal(180);
  });

  it('skips, with the reason, what it cannot check, and never silently', () => {
    const target = copySet('ML-DSA-keyGen-FIPS204');
    const file = path.join(target, 'prompt.json.gz');
    const prompt = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
    prompt.testGroups[0].parameterSet = 'ML-DSA-1024';
    prompt.testGroups[1].tests.push({ tcId: 9999, seed: '00' });
    writeFileSync(file, gzipSync(JSON.stringify(prompt)));
    const report = runFullAudit({ vectorsDir: dir, selfTests: false });
    const set = report.sets[0];
    expect(set).to.include({ run: 50, passed: 50, failed: 0, skipped: 26 });
    expect(set.skips[0].reason).to.equal('unknown ML-DSA parameter set "ML-DSA-1024"');
    expect(set.skips.at(-1)).to.deep.equal({ tgId: 2, tcId: 9999, reason: 'no expected result with this tgId/tcId' });
    expect(report.ok).to.equal(true);
  });

  it('throws a coded error for a folder without vector sets', () => {
    expect(() => runFullAudit({ vectorsDir: dir }))
      .to.throw()
      .with.property('code', 'KNHK_E_CRYPTO_VECTORS_INVALID');
    expect(() => runFullAudit({ vectorsDir: path.join(dir, 'missing') }))
      .to.throw()
      .with.property('code', 'KNHK_E_CRYPTO_VECTORS_INVALID');
  });
});
