import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli, runCliProcess } from './run-cli.js';

/** Module hooks that make `@knhk/plugin-crypto` unresolvable, as when it is not installed. */
const HIDE_CRYPTO_HOOKS = `
export async function resolve(specifier, context, nextResolve) {
  if (specifier === '@knhk/plugin-crypto' || specifier.startsWith('@knhk/plugin-crypto/')) {
    const error = new Error("Cannot find package '" + specifier + "' imported from " + context.parentURL);
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return nextResolve(specifier, context);
}
`;

describe('knhk market', () => {
  let dir: string;
  let env: Record<string, string>;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'knhk-market-cli-'));
    env = { HOME: dir };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const market = (...args: string[]) => runCli(['market', ...args, '--db', 'market.db'], { env, cwd: dir });

  it('issues, verifies and revokes a license, generating the signing key with a message', async () => {
    const issued = await market(
      'license',
      'issue',
      '--customer',
      'acme',
      '--feature',
      'api_calls',
      '--limit',
      'api_calls=1000',
      '--out',
      'acme.lic',
      '--json',
    );
    expect(issued.code, issued.stderr).to.equal(0);
    expect(issued.stderr).to.include('generated a new Ed25519 signing key');
    const keyFile = path.join(dir, '.local', 'share', 'knhk', 'license-signing-key.json');
    expect(existsSync(keyFile)).to.equal(true);
    const { key, license } = JSON.parse(issued.stdout);
    expect(key).to.match(/^knhk-lic1\./);
    const verified = await market('license', 'verify', key);
    expect(verified).to.include({ code: 0, stdout: `Active (VALID): valid until ${license.expiresAt}` });
    expect((await market('license', 'verify', '--file', 'acme.lic')).code).to.equal(0);
    const flipped = `${key.slice(0, 40)}${key[40] === 'A' ? 'B' : 'A'}${key.slice(41)}`;
    const bad = await market('license', 'verify', flipped);
    expect(bad.code).to.equal(1);
    expect(bad.stdout).to.match(/^Invalid \(/);
    const revoked = await market('license', 'revoke', license.id, '--reason', 'chargeback', '--out', 'revoked.txt');
    expect(revoked.code, revoked.stderr).to.equal(0);
    expect(readFileSync(path.join(dir, 'revoked.txt'), 'utf8')).to.match(/^knhk-rev1\./);
    const after = await market('license', 'verify', key, '--json');
    expect(JSON.parse(after.stdout)).to.include({ state: 'Revoked', code: 'REVOKED', reason: 'chargeback' });
    expect((await market('license', 'verify', 'knhk-lic1.garbage')).stdout).to.include('Invalid (MALFORMED)');
  });

  it('issues, verifies and revokes a composite ML-DSA-65+Ed25519 license with --algorithm composite', async () => {
    const edIssued = await market('license', 'issue', '--customer', 'acme', '--feature', 'api_calls', '--json');
    expect(edIssued.code, edIssued.stderr).to.equal(0);
    const edKey = JSON.parse(edIssued.stdout).key;
    const issued = await market(
      'license',
      'issue',
      '--algorithm',
      'composite',
      '--customer',
      'acme',
      '--feature',
      'gpu_hours',
      '--out',
      'acme-pq.lic',
      '--json',
    );
    expect(issued.code, issued.stderr).to.equal(0);
    expect(issued.stderr).to.include('generated a new MLDSA65-Ed25519-SHA512 signing key');
    const keyFile = path.join(dir, '.local', 'share', 'knhk', 'license-signing-key.mldsa65-ed25519.json');
    expect(JSON.parse(readFileSync(keyFile, 'utf8')).algorithm).to.equal('MLDSA65-Ed25519-SHA512');
    const { key, license } = JSON.parse(issued.stdout);
    expect(key).to.match(/^knhk-lic1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(license.alg).to.equal('MLDSA65-Ed25519-SHA512');
    const again = await market('license', 'issue', '--algorithm', 'composite', '--customer', 'acme', '--feature', 'x');
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stderr, 'the key is reused').to.equal('');

    const verified = await market('license', 'verify', key, '--algorithm', 'composite');
    expect(verified).to.include({ code: 0, stdout: `Active (VALID): valid until ${license.expiresAt}` });
    expect((await market('license', 'verify', '--file', 'acme-pq.lic', '--algorithm', 'composite')).code).to.equal(0);
    // The key file records its algorithm: --public-key/--key-file pick the verifier without --algorithm.
    expect((await market('license', 'verify', key, '--public-key', keyFile)).code).to.equal(0);
    // Each algorithm's validator refuses the other's keys.
    const mismatch = await market('license', 'verify', key);
    expect(mismatch.code).to.equal(1);
    expect(mismatch.stdout).to.equal('Invalid (ALGORITHM_MISMATCH): signed as MLDSA65-Ed25519-SHA512, key is Ed25519');
    const reverse = await market('license', 'verify', edKey, '--algorithm', 'composite');
    expect(reverse).to.include({ code: 1 });
    expect(reverse.stdout).to.match(/^Invalid \(ALGORITHM_MISMATCH\)/);
    const flipped = `${key.slice(0, 3000)}${key[3000] === 'A' ? 'B' : 'A'}${key.slice(3001)}`;
    expect((await market('license', 'verify', flipped, '--algorithm', 'composite')).stdout).to.match(/^Invalid \(/);

    const revoked = await market('license', 'revoke', license.id, '--algorithm', 'composite', '--out', 'pq.rev');
    expect(revoked.code, revoked.stderr).to.equal(0);
    const after = await market('license', 'verify', key, '--algorithm', 'composite', '--json');
    expect(JSON.parse(after.stdout)).to.include({ state: 'Revoked', code: 'REVOKED' });

    const edKeyFile = path.join(dir, '.local', 'share', 'knhk', 'license-signing-key.json');
    const cases: [string[], string, number][] = [
      [['license', 'issue', '--algorithm', 'rsa', '--customer', 'acme', '--feature', 'x'], 'KNHK_E_CLI_USAGE', 2],
      [
        [
          'license',
          'issue',
          '--algorithm',
          'composite',
          '--key-file',
          edKeyFile,
          '--customer',
          'acme',
          '--feature',
          'x',
        ],
        'KNHK_E_LICENSE_KEY',
        1,
      ],
      [['license', 'verify', key, '--public-key', edKeyFile, '--algorithm', 'composite'], 'KNHK_E_LICENSE_KEY', 1],
    ];
    for (const [args, code, exit] of cases) {
      const result = await market(...args);
      expect(result.code, args.join(' ')).to.equal(exit);
      expect(result.stderr, args.join(' ')).to.include(code);
    }
  });

  it('without @knhk/plugin-crypto, --algorithm composite is a coded error and Ed25519 still works', async function () {
    this.timeout(60_000);
    writeFileSync(path.join(dir, 'hide-crypto-hooks.mjs'), HIDE_CRYPTO_HOOKS);
    const register = path.join(dir, 'hide-crypto.mjs');
    writeFileSync(
      register,
      "import { register } from 'node:module';\nregister('./hide-crypto-hooks.mjs', import.meta.url);\n",
    );
    const hidden = (...args: string[]) =>
      runCliProcess(['market', ...args, '--db', 'hidden.db', '--key-file', 'hidden-key.json'], {
        env: { ...env, NODE_OPTIONS: `--import=${pathToFileURL(register).href}` },
        cwd: dir,
      });
    const composite = await hidden('license', 'issue', '--algorithm', 'composite', '--customer', 'a', '--feature', 'x');
    expect(composite.code).to.equal(1);
    expect(composite.stderr).to.include('KNHK_E_LICENSE_ALGORITHM_UNAVAILABLE');
    expect(composite.stderr).to.include('install @knhk/plugin-crypto');
    expect(existsSync(path.join(dir, 'hidden-key.json')), 'no key file written').to.equal(false);
    const classic = await hidden('license', 'issue', '--customer', 'a', '--feature', 'x');
    expect(classic.code, classic.stderr).to.equal(0);
    expect(classic.stdout).to.match(/^knhk-lic1\./);
  });

  it('records and shows usage, then generates and shows an invoice exactly once', async () => {
    const record = (id: string, quantity: string, ...extra: string[]) =>
      market(
        'usage',
        'record',
        '--customer',
        'acme',
        '--meter',
        'api_calls',
        '--quantity',
        quantity,
        '--id',
        id,
        '--at',
        '2026-01-15T00:00:00Z',
        ...extra,
      );
    expect((await record('e1', '15000', '--plan', 'starter', '--tax-rate', '0.1')).stdout).to.equal('recorded: e1');
    expect((await record('e1', '15000')).stdout).to.equal('duplicate, not counted: e1');
    expect((await record('e2', '5000')).code).to.equal(0);
    const shown = await market('usage', 'show', '--customer', 'acme', '--period', '2026-01');
    expect(shown.stdout).to.include('api_calls: 2 events, sum 20000, max 15000');
    const generated = await market('invoice', 'generate', '--customer', 'acme', '--period', '2026-01', '--json');
    expect(generated.code, generated.stderr).to.equal(0);
    const invoice = JSON.parse(generated.stdout);
    // 99.00 + 10,000 x 0.001 = 109.00; tax 10% = 10.90
    expect(invoice).to.include({ subtotal: '109.00', tax: '10.90', total: '119.90', status: 'Draft' });
    const again = await market('invoice', 'generate', '--customer', 'acme', '--period', '2026-01');
    expect(again.stdout).to.include(`invoice ${invoice.invoiceId} (already existed`);
    const document = await market('invoice', 'show', invoice.invoiceId);
    expect(document.stdout).to.include('**Total: 119.90 USD**');
    const byPeriod = await market('invoice', 'show', '--customer', 'acme', '--period', '2026-01', '--json');
    expect(JSON.parse(byPeriod.stdout).invoiceId).to.equal(invoice.invoiceId);
  });

  it('answers bad input with coded errors and writes nothing', async () => {
    const cases: [string[], string, number][] = [
      [
        ['usage', 'record', '--customer', 'acme', '--meter', 'api_calls', '--quantity=-5'],
        'KNHK_E_METER_EVENT_INVALID',
        1,
      ],
      [
        ['usage', 'record', '--customer', 'acme', '--meter', 'api_calls', '--quantity', 'ten'],
        'KNHK_E_METER_EVENT_INVALID',
        1,
      ],
      [
        ['usage', 'record', '--customer', 'ghost', '--meter', 'api_calls', '--quantity', '1'],
        'KNHK_E_BILLING_CUSTOMER_UNKNOWN',
        1,
      ],
      [['invoice', 'generate', '--customer', 'acme', '--period', '2999-01'], 'KNHK_E_BILLING_PERIOD_INVALID', 1],
      [['invoice', 'generate', '--customer', 'ghost', '--period', '2026-01'], 'KNHK_E_BILLING_CUSTOMER_UNKNOWN', 1],
      [['invoice', 'show', 'no-such-invoice'], 'KNHK_E_BILLING_INVOICE_NOT_FOUND', 1],
      [['license', 'issue', '--customer', 'acme', '--feature', 'Bad Feature'], 'KNHK_E_LICENSE_MALFORMED', 1],
      [['license', 'verify', '--file', 'missing.lic'], 'KNHK_E_LICENSE_MALFORMED', 1],
      [['usage', 'explode'], 'KNHK_E_CLI_USAGE', 2],
      [['usage', 'record', '--meter', 'api_calls'], 'KNHK_E_CLI_USAGE', 2],
    ];
    for (const [args, code, exit] of cases) {
      const result = await market(...args);
      expect(result.code, args.join(' ')).to.equal(exit);
      expect(result.stderr, args.join(' ')).to.include(code);
    }
    const shown = await market('usage', 'show', '--customer', 'acme', '--period', '2026-01', '--json');
    expect(JSON.parse(shown.stdout).meters[0]).to.include({ count: 2, sum: '20000' });
  });
});
