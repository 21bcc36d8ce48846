import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './run-cli.js';

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
