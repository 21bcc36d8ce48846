/**
 * `knhk market`: licenses, usage and invoices against the marketplace's embedded database
 * (`--db FILE`, `$KNHK_MARKET_DB`, or `~/.local/share/knhk/market.db`). The marketplace
 * plugin is imported only when this command runs. Licenses are signed with Ed25519, or with
 * `--algorithm composite` with the composite ML-DSA-65+Ed25519 signature of the crypto plugin.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KnhkError, describeError } from '@knhk/core';
import type { Marketplace } from '@knhk/plugin-marketplace';
import type { Command, CommandInput } from '../command.js';
import { parseCommandArgs } from '../parse.js';

const OPTIONS = {
  db: { type: 'string' },
  'key-file': { type: 'string' },
  algorithm: { type: 'string' },
  'public-key': { type: 'string' },
  revocations: { type: 'string' },
  customer: { type: 'string' },
  feature: { type: 'string', multiple: true },
  limit: { type: 'string', multiple: true },
  'not-before': { type: 'string' },
  expires: { type: 'string' },
  days: { type: 'string' },
  out: { type: 'string' },
  file: { type: 'string' },
  reason: { type: 'string' },
  meter: { type: 'string' },
  quantity: { type: 'string' },
  id: { type: 'string' },
  at: { type: 'string' },
  plan: { type: 'string' },
  'tax-rate': { type: 'string' },
  period: { type: 'string' },
  all: { type: 'boolean' },
  issue: { type: 'boolean' },
  markdown: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];
type Market = typeof import('@knhk/plugin-marketplace');
type Algorithm = 'ed25519' | 'composite';
interface Context {
  readonly input: CommandInput;
  readonly values: Values;
  readonly target: string | undefined;
  readonly lib: Market;
}

const USAGE = 'knhk market license issue|verify|revoke, usage record|show, invoice generate|show';

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
  let signer;
  if (keys === 'sign') {
    const loaded = await ctx.lib.loadOrCreateLicenseSigner(keyPath(ctx), { algorithm: wanted });
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
    verifier = await ctx.lib.loadLicenseVerifier(verifierFile, { algorithm: wanted });
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
      throw new KnhkError('KNHK_E_LICENSE_MALFORMED', `cannot read ${file}: ${describeError(error)}`, { file });
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
      throw new KnhkError('KNHK_E_BILLING_CUSTOMER_UNKNOWN', `unknown customer ${customerId}`, { customerId });
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

const ACTIONS: Readonly<Record<string, (ctx: Context) => Promise<number>>> = {
  'license issue': licenseIssue,
  'license verify': licenseVerify,
  'license revoke': licenseRevoke,
  'usage record': usageRecord,
  'usage show': usageShow,
  'invoice generate': invoiceGenerate,
  'invoice show': invoiceShow,
};

/** `knhk market ...`: licenses, usage metering and invoices. */
export const marketCommand: Command = {
  words: ['market'],
  usage: USAGE,
  summary: 'issue, verify and revoke licenses; record and show usage; generate and show invoices',
  async run(input) {
    const { values, positionals } = parseCommandArgs('market', input.args, OPTIONS, { min: 2, max: 3 });
    const action = ACTIONS[`${positionals[0]} ${positionals[1]}`];
    if (action === undefined) throw usage(`unknown action "${positionals.slice(0, 2).join(' ')}"; ${USAGE}`);
    const lib = await import('@knhk/plugin-marketplace');
    return action({ input, values, target: positionals[2], lib });
  },
};
