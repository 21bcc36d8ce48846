/**
 * `knhk market`: licenses, usage and invoices against the marketplace's embedded database
 * (`--db FILE`, `$KNHK_MARKET_DB`, or `~/.local/share/knhk/market.db`). The marketplace
 * plugin is imported only when this command runs. Licenses are signed with Ed25519, or with
 * `--algorithm composite` with the composite ML-DSA-65+Ed25519 signature, which the marketplace
 * computes through the `signature` capability: the CLI starts the crypto plugin in a framework
 * of its own the first time a composite key is used, and hands its capability over.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  type Framework,
  KnhkError,
  type SignatureScheme,
  createFramework,
  describeError,
  silentLogger,
} from '@knhk/core';
import type { Marketplace } from '@knhk/plugin-marketplace';
import { type Command, type CommandInput, type OptionSpec, type OptionSpecs, defineCommand } from '../command.js';
import type { ParsedArgs } from '../parse.js';

/** Every option of the market commands; each command takes the ones it names. */
const OPTIONS = {
  db: {
    type: 'string',
    value: 'FILE',
    description: 'the database (default: $KNHK_MARKET_DB, else ~/.local/share/knhk/market.db)',
  },
  'key-file': {
    type: 'string',
    value: 'FILE',
    description: "the signing key (created when missing; default: the algorithm's key under ~/.local/share/knhk)",
  },
  algorithm: {
    type: 'string',
    value: 'ed25519|composite',
    description: 'the signature: Ed25519, or composite ML-DSA-65+Ed25519 (needs @knhk/plugin-crypto)',
  },
  'public-key': {
    type: 'string',
    value: 'FILE',
    description: 'verify with this public key file instead of --key-file',
  },
  revocations: { type: 'string', value: 'FILE', description: 'a signed revocation list to check against' },
  customer: { type: 'string', value: 'ID', description: 'the customer id' },
  feature: { type: 'string', multiple: true, value: 'F', description: 'a licensed feature; repeatable' },
  limit: {
    type: 'string',
    multiple: true,
    value: 'F=Q',
    description: 'a quota: feature F up to quantity Q; repeatable',
  },
  'not-before': { type: 'string', value: 'DATE', description: 'valid from this ISO 8601 date (default: now)' },
  expires: {
    type: 'string',
    value: 'DATE',
    description: 'valid until this ISO 8601 date (default: --days after start)',
  },
  days: { type: 'string', value: 'N', description: 'valid for N days (default 365)' },
  out: { type: 'string', value: 'FILE', description: 'also write the result to FILE' },
  file: { type: 'string', value: 'FILE', description: 'read the license from FILE (as written by issue --out)' },
  reason: { type: 'string', value: 'TEXT', description: 'why (default: "revoked")' },
  meter: { type: 'string', value: 'NAME', description: 'the meter, e.g. api_calls' },
  quantity: { type: 'string', value: 'Q', description: 'the quantity used (a decimal, at least 0)' },
  id: {
    type: 'string',
    value: 'ID',
    description: 'the event id; a repeated id is not counted twice (default: a new UUID)',
  },
  at: { type: 'string', value: 'DATE', description: 'when it happened, ISO 8601 (default: now)' },
  plan: { type: 'string', value: 'PLAN', description: 'create the account on this plan first (e.g. starter)' },
  'tax-rate': { type: 'string', value: 'R', description: 'with --plan: the tax rate, e.g. 0.1' },
  period: { type: 'string', value: 'YYYY-MM', description: 'the billing period' },
  all: { type: 'boolean', description: 'every customer with an account (instead of --customer)' },
  issue: { type: 'boolean', description: 'issue the invoice (Draft to Issued)' },
  json: { type: 'boolean', description: 'print the result as JSON (shape: docs/cli.md)' },
} as const satisfies OptionSpecs;

type OptionName = keyof typeof OPTIONS;

/** The named options; `required` marks those help shows as required (they are checked here too). */
function options<const N extends OptionName>(names: readonly N[], required: readonly N[] = []) {
  const picked = {} as Record<N, OptionSpec>;
  for (const name of names)
    picked[name] = required.includes(name) ? { ...OPTIONS[name], required: true } : OPTIONS[name];
  return picked as { [K in N]: (typeof OPTIONS)[K] };
}

type Values = ParsedArgs<typeof OPTIONS>['values'];
type Market = typeof import('@knhk/plugin-marketplace');
type Algorithm = 'ed25519' | 'composite';
interface Context {
  readonly input: CommandInput;
  readonly values: Values;
  readonly target: string | undefined;
  readonly lib: Market;
}

function usage(message: string): KnhkError {
  return new KnhkError('KNHK_E_CLI_USAGE', `knhk market: ${message}`, {});
}

function required(values: Values, name: 'customer' | 'meter' | 'quantity' | 'period'): string {
  const value = values[name];
  if (value === undefined) throw usage(`--${name} is required`);
  return value;
}

function resolve(ctx: Context, file: string): string {
  return path.resolve(ctx.input.cwd, file);
}

function dbPath(ctx: Context): string {
  const file = ctx.values.db;
  return file !== undefined ? resolve(ctx, file) : ctx.lib.defaultDatabasePath(ctx.input.env);
}

/** `--algorithm ed25519|composite`, or undefined when not given. */
function algorithm(ctx: Context): Algorithm | undefined {
  const text = ctx.values.algorithm;
  if (text === undefined) return undefined;
  if (text !== 'ed25519' && text !== 'composite') {
    throw usage(`--algorithm takes ed25519 or composite, got "${text}"`);
  }
  return text;
}

/** `--key-file`, else the default key file of the algorithm (Ed25519 when not given). */
function keyPath(ctx: Context): string {
  const file = ctx.values['key-file'];
  return file !== undefined ? resolve(ctx, file) : ctx.lib.defaultKeyPath(ctx.input.env, algorithm(ctx));
}

function print(ctx: Context, json: unknown, text: string): void {
  ctx.input.output.out(ctx.values.json === true ? JSON.stringify(json, null, 2) : text);
}

function instant(text: string | undefined, fallbackMs: number, name: string): Date {
  if (text === undefined) return new Date(fallbackMs);
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw usage(`--${name} must be an ISO 8601 date, got "${text}"`);
  return new Date(ms);
}

/**
 * `sign`: load or create the signing key; `verify`: the public key (--public-key, else the key
 * file); `none`. With --algorithm the key must be of that algorithm; without, a key file's
 * recorded algorithm is used and a new key is Ed25519.
 */
async function withMarket<T>(
  ctx: Context,
  keys: 'sign' | 'verify' | 'none',
  fn: (m: Marketplace) => Promise<T>,
): Promise<T> {
  const wanted = keys === 'none' ? undefined : algorithm(ctx);
  const crypto = new CryptoCapability();
  try {
    return await withKeys(ctx, keys, wanted, crypto.signature, fn);
  } finally {
    await crypto.dispose();
  }
}

/** The `signature` capability of the crypto plugin, started in a framework only when a composite key needs it. */
class CryptoCapability {
  private framework: Promise<Framework> | undefined;

  readonly signature = async (): Promise<SignatureScheme> => {
    this.framework ??= import('@knhk/plugin-crypto').then((crypto) =>
      createFramework({ plugins: [crypto.default], discover: false, wisdomPath: false, logger: silentLogger }),
    );
    return (await this.framework).get('signature');
  };

  /** Disposes the framework when it was started; a failed start was already reported by `signature`. */
  async dispose(): Promise<void> {
    const started = await this.framework?.catch(() => undefined);
    await started?.dispose();
  }
}

async function withKeys<T>(
  ctx: Context,
  keys: 'sign' | 'verify' | 'none',
  wanted: Algorithm | undefined,
  signature: () => Promise<SignatureScheme>,
  fn: (m: Marketplace) => Promise<T>,
): Promise<T> {
  let signer;
  if (keys === 'sign') {
    const loaded = await ctx.lib.loadOrCreateLicenseSigner(keyPath(ctx), { algorithm: wanted, signature });
    signer = loaded.signer;
    if (loaded.created) {
      ctx.input.output.err(
        `knhk market: generated a new ${signer.algorithm} signing key at ${keyPath(ctx)} (keep it secret; ` +
          `validators need only its public key)`,
      );
    }
  }
  let verifier;
  if (keys === 'verify') {
    const publicKey = ctx.values['public-key'];
    const verifierFile = publicKey !== undefined ? resolve(ctx, publicKey) : keyPath(ctx);
    verifier = await ctx.lib.loadLicenseVerifier(verifierFile, { algorithm: wanted, signature });
  }
  const market = await ctx.lib.openMarketplace(dbPath(ctx), { signer, verifier, algorithm: wanted });
  try {
    return await fn(market);
  } finally {
    await market.close();
  }
}

function parseLimits(specs: readonly string[] | undefined): Record<string, string> {
  const limits: Record<string, string> = {};
  for (const spec of specs ?? []) {
    const [feature, quantity, extra] = spec.split('=');
    if (quantity === undefined || extra !== undefined) throw usage(`--limit takes FEATURE=QUANTITY, got "${spec}"`);
    limits[feature] = quantity;
  }
  return limits;
}

async function licenseIssue(ctx: Context): Promise<number> {
  const { values } = ctx;
  const customerId = required(values, 'customer');
  const features = values.feature ?? [];
  if (features.length === 0) throw usage('license issue needs at least one --feature');
  const notBefore = instant(values['not-before'], Date.now(), 'not-before');
  const days = Number(values.days ?? '365');
  if (!Number.isInteger(days) || days <= 0 || days > 36500) throw usage('--days must be a whole number of days');
  const expiresAt = instant(values.expires, notBefore.getTime() + days * 86_400_000, 'expires');
  return withMarket(ctx, 'sign', async (m) => {
    const licensing = m.licensing!;
    const issued = licensing.sign({ customerId, features, limits: parseLimits(values.limit), notBefore, expiresAt });
    // The file first: a license is stored only once the customer's copy is written.
    if (values.out !== undefined) writeFileSync(resolve(ctx, values.out), `${JSON.stringify(issued.file, null, 2)}\n`);
    await licensing.record(issued);
    print(ctx, { key: issued.key, license: issued.payload }, issued.key);
    return 0;
  });
}

function licenseText(ctx: Context): string {
  const file = ctx.values.file;
  if (file !== undefined) {
    try {
      return readFileSync(resolve(ctx, file), 'utf8');
    } catch (error) {
      throw ctx.lib.marketplaceError('KNHK_E_LICENSE_MALFORMED', `cannot read ${file}: ${describeError(error)}`, {
        file,
      });
    }
  }
  if (ctx.target === undefined) throw usage('license verify needs a KEY or --file FILE');
  return ctx.target;
}

async function licenseVerify(ctx: Context): Promise<number> {
  const key = ctx.lib.licenseKeyFromText(licenseText(ctx));
  return withMarket(ctx, 'verify', async (m) => {
    const licensing = m.licensing!;
    const list = ctx.values.revocations;
    if (list !== undefined) licensing.validator.loadRevocationList(readFileSync(resolve(ctx, list), 'utf8'));
    const check = licensing.validate(key);
    const { license, ...summary } = check;
    print(ctx, { ...summary, license }, `${check.state} (${check.code}): ${check.reason}`);
    return check.state === 'Active' ? 0 : 1;
  });
}

async function licenseRevoke(ctx: Context): Promise<number> {
  if (ctx.target === undefined) throw usage('license revoke needs a LICENSE_ID');
  const licenseId = ctx.target;
  return withMarket(ctx, 'sign', async (m) => {
    const revoked = await m.licensing!.revoke(licenseId, ctx.values.reason ?? 'revoked');
    const out = ctx.values.out;
    if (out !== undefined) writeFileSync(resolve(ctx, out), `${await m.licensing!.revocationList(Date.now())}\n`);
    const text = `${revoked ? 'revoked' : 'already revoked'}: ${licenseId}${out !== undefined ? `; signed list written to ${out}` : ''}`;
    print(ctx, { licenseId, revoked }, text);
    return 0;
  });
}

async function usageRecord(ctx: Context): Promise<number> {
  const { values } = ctx;
  const customerId = required(values, 'customer');
  const event = {
    id: values.id ?? crypto.randomUUID(),
    customerId,
    meter: required(values, 'meter'),
    quantity: required(values, 'quantity'),
    timestamp: instant(values.at, Date.now(), 'at').toISOString(),
  };
  return withMarket(ctx, 'none', async (m) => {
    if (values.plan !== undefined) {
      await m.billing.createAccount({ customerId, planId: values.plan, taxRate: values['tax-rate'] });
    }
    const result = await m.metering.ingest([event]);
    print(ctx, { ...result, event }, `${result.accepted === 1 ? 'recorded' : 'duplicate, not counted'}: ${event.id}`);
    return 0;
  });
}

async function usageShow(ctx: Context): Promise<number> {
  const customerId = required(ctx.values, 'customer');
  const period = ctx.lib.parsePeriod(ctx.values.period ?? ctx.lib.periodOf(Date.now()).id);
  return withMarket(ctx, 'none', async (m) => {
    if ((await m.store.getCustomer(customerId)) === undefined) {
      throw ctx.lib.marketplaceError('KNHK_E_BILLING_CUSTOMER_UNKNOWN', `unknown customer ${customerId}`, {
        customerId,
      });
    }
    const totals = await m.store.usageTotals([customerId], period.fromMs, period.toMs);
    const rows = totals.map((t) => ({
      meter: t.meter,
      count: Number(t.count),
      sum: ctx.lib.formatQuantity(t.sumMicros),
      max: ctx.lib.formatQuantity(t.maxMicros),
    }));
    const lines = rows.map((r) => `  ${r.meter}: ${r.count} events, sum ${r.sum}, max ${r.max}`);
    print(ctx, { customerId, period: period.id, meters: rows }, [`${customerId} ${period.id}:`, ...lines].join('\n'));
    return 0;
  });
}

async function invoiceGenerate(ctx: Context): Promise<number> {
  const period = required(ctx.values, 'period');
  return withMarket(ctx, 'none', async (m) => {
    if (ctx.values.all === true) {
      const counts = await m.billing.generateAll(period);
      print(ctx, counts, `${period}: ${counts.created} invoices created, ${counts.existing} already existed`);
      return 0;
    }
    const generated = await m.billing.generateInvoice(required(ctx.values, 'customer'), period);
    const invoice =
      ctx.values.issue === true ? await m.billing.issue(generated.id) : await m.billing.invoice(generated.id);
    const note = generated.created ? 'created' : 'already existed';
    print(
      ctx,
      ctx.lib.invoiceToJson(invoice),
      `invoice ${invoice.invoiceId} (${note}, ${invoice.status}): total ${generated.total}`,
    );
    return 0;
  });
}

async function invoiceShow(ctx: Context): Promise<number> {
  return withMarket(ctx, 'none', async (m) => {
    const invoice =
      ctx.target !== undefined
        ? await m.billing.invoice(ctx.target)
        : await m.billing.invoiceFor(required(ctx.values, 'customer'), required(ctx.values, 'period'));
    const json = ctx.lib.invoiceToJson(invoice);
    print(ctx, json, ctx.lib.invoiceToMarkdown(invoice));
    return 0;
  });
}

type Action = (ctx: Context) => Promise<number>;

/** Runs an action with the marketplace library, imported only when a market command runs. */
function runner(action: Action) {
  return async ({ values, positionals }: { values: Values; positionals: string[] }, input: CommandInput) => {
    const lib = await import('@knhk/plugin-marketplace');
    return action({ input, values, target: positionals[0], lib });
  };
}

const SIGNING = ['db', 'key-file', 'algorithm'] as const;

/** The `knhk market` commands: licenses, usage metering and invoices. */
export const MARKET_COMMANDS: readonly Command[] = [
  defineCommand({
    words: ['market', 'license', 'issue'],
    summary: 'sign a license for a customer and store it; prints the license key',
    options: options(
      [...SIGNING, 'customer', 'feature', 'limit', 'not-before', 'expires', 'days', 'out', 'json'],
      ['customer', 'feature'],
    ),
    examples: [
      'knhk market license issue --customer acme --feature api_calls --limit api_calls=100000 --out acme.lic',
      'knhk market license issue --algorithm composite --customer acme --feature api_calls --json',
    ],
    details: 'The first issue creates the signing key; validators need only its public key.',
    run: runner(licenseIssue),
  }),
  defineCommand({
    words: ['market', 'license', 'verify'],
    summary: 'check a license key or file: signature, dates, revocation; exits 1 unless Active',
    arguments: [{ name: 'KEY', description: 'the license key (or give --file)', optional: true }],
    options: options([...SIGNING, 'public-key', 'file', 'revocations', 'json']),
    examples: ['knhk market license verify --file acme.lic', 'knhk market license verify knhk-lic1.... --json'],
    run: runner(licenseVerify),
  }),
  defineCommand({
    words: ['market', 'license', 'revoke'],
    summary: 'revoke a license; --out writes the signed revocation list',
    arguments: [{ name: 'LICENSE_ID', description: "the license's id (license.id of issue --json)" }],
    options: options([...SIGNING, 'reason', 'out', 'json']),
    examples: ['knhk market license revoke 0f6c...e1 --reason chargeback --out revoked.txt'],
    run: runner(licenseRevoke),
  }),
  defineCommand({
    words: ['market', 'usage', 'record'],
    summary: 'record one usage event (idempotent by --id)',
    options: options(
      ['db', 'customer', 'meter', 'quantity', 'id', 'at', 'plan', 'tax-rate', 'json'],
      ['customer', 'meter', 'quantity'],
    ),
    examples: ['knhk market usage record --customer acme --plan starter --meter api_calls --quantity 120'],
    run: runner(usageRecord),
  }),
  defineCommand({
    words: ['market', 'usage', 'show'],
    summary: "a customer's usage per meter in a period",
    options: options(['db', 'customer', 'period', 'json'], ['customer']),
    examples: ['knhk market usage show --customer acme --period 2026-10 --json'],
    details: 'The period defaults to the current month.',
    run: runner(usageShow),
  }),
  defineCommand({
    words: ['market', 'invoice', 'generate'],
    summary: "generate a customer's invoice for a period (once: a second run finds the same invoice)",
    options: options(['db', 'period', 'customer', 'all', 'issue', 'json'], ['period']),
    examples: [
      'knhk market invoice generate --customer acme --period 2026-10 --issue',
      'knhk market invoice generate --all --period 2026-10 --json',
    ],
    run: runner(invoiceGenerate),
  }),
  defineCommand({
    words: ['market', 'invoice', 'show'],
    summary: 'an invoice as Markdown (or JSON), by id or by --customer and --period',
    arguments: [
      { name: 'INVOICE_ID', description: 'the invoice id (or give --customer and --period)', optional: true },
    ],
    options: options(['db', 'customer', 'period', 'json']),
    examples: ['knhk market invoice show --customer acme --period 2026-10', 'knhk market invoice show inv_123 --json'],
    run: runner(invoiceShow),
  }),
];
