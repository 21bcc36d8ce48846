import { expect } from 'chai';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { main } from '../src/main.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ACVP = path.resolve(ROOT, 'plugins/crypto/vectors/acvp');

async function run(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, { env, cwd: ROOT });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

interface SetJson {
  name: string;
  run: number;
  passed: number;
  failed: number;
  skipped: number;
  skips: unknown[];
}

describe('knhk crypto audit', function () {
  this.timeout(120_000);

  it('--json --vectors DIR: every ACVP set passes, with run counts per set, and exit 0', async () => {
    const { code, stdout, stderr } = await run(['crypto', 'audit', '--json', '--vectors', ACVP]);
    expect(code, stderr).to.equal(0);
    const report = JSON.parse(stdout) as { ok: boolean; sets: SetJson[]; selfTests: { ok: boolean }[] };
    expect(report.ok).to.equal(true);
    expect(report.sets.map((s) => s.name)).to.have.members([
      'ML-DSA-keyGen-FIPS204',
      'ML-DSA-sigGen-FIPS204',
      'ML-DSA-sigVer-FIPS204',
      'ML-KEM-encapDecap-FIPS203',
      'ML-KEM-keyGen-FIPS203',
    ]);
    for (const set of report.sets) {
      expect(set.run, set.name).to.be.greaterThan(0);
      expect(set).to.include({ failed: 0, passed: set.run });
      expect(set.skips).to.have.length(set.skipped);
    }
    expect(report.selfTests.length).to.be.greaterThan(0);
  });

  it('prints the count of tests run per set; the default vectors are plugins/crypto/vectors/acvp', async () => {
    const { code, stdout } = await run(['crypto', 'audit']);
    expect(code).to.equal(0);
    expect(stdout).to.include(ACVP);
    expect(stdout).to.match(/ML-KEM-encapDecap-FIPS203\s+run \d+, passed \d+, failed 0, skipped 0/);
  });

  describe('with bad vectors', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'knhk-cli-acvp-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('exits 1 when an expected value is wrong (KNHK_VECTORS names the folder)', async () => {
      const set = path.join(dir, 'ML-KEM-keyGen-FIPS203');
      cpSync(path.join(ACVP, 'ML-KEM-keyGen-FIPS203'), set, { recursive: true });
      const file = path.join(set, 'expectedResults.json.gz');
      const expected = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
      const dk: string = expected.testGroups[0].tests[0].dk;
      expected.testGroups[0].tests[0].dk = dk.slice(0, -1) + (dk.endsWith('0') ? '1' : '0');
      writeFileSync(file, gzipSync(JSON.stringify(expected)));
      const { code, stdout } = await run(['crypto', 'audit', '--json'], { KNHK_VECTORS: dir });
      expect(code).to.equal(1);
      const report = JSON.parse(stdout) as { ok: boolean; sets: SetJson[] };
      expect(report.ok).to.equal(false);
      expect(report.sets[0]).to.include({ run: 75, failed: 1 });
    });

    it('exits 1 with a coded error for a folder without vectors; 2 for a bad option', async () => {
      const empty = await run(['crypto', 'audit', '--vectors', dir]);
      expect(empty.code).to.equal(1);
      expect(empty.stderr).to.include('KNHK_E_CRYPTO_VECTORS_INVALID');
      expect((await run(['crypto', 'audit', '--vector', dir])).code).to.equal(2);
    });
  });
});
