/** The embedded store: SQLite through better-sqlite3 (see open.ts for WAL and durability). */
import type Database from 'better-sqlite3';
import type { AggregationQuery } from '../../metering/aggregation.js';
import type { StoredEvent } from '../../metering/usage-event.js';
import type { RevocationEntry } from '../../licensing/revocation.js';
import type { Invoice } from '../../billing/invoice.js';
import type {
  CustomerRecord,
  IngestLimit,
  IngestResult,
  InvoiceChange,
  InvoiceChangeResult,
  LicenseRecord,
  MarketStore,
  UsageTotals,
} from '../store.js';
import { type InvoiceRow, type LineRow, invoiceFromRows, invoiceParams, tiersToText } from './invoice-rows.js';
import { type SqliteOptions, openSqlite } from './open.js';
import { aggregateSql } from './aggregate-sql.js';
import { marketplaceError } from '../../errors.js';

/** Runs a summing query; SQLite's exact integer SUM fails on overflow, which becomes a coded error. */
function summing<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof Error && /integer overflow/i.test(error.message)) {
      throw marketplaceError(
        'KNHK_E_METER_TOTAL_OVERFLOW',
        `${what}: the total does not fit in 64-bit micro-units`,
        {},
      );
    }
    throw error;
  }
}

/** Customers per usage query (bounds the size of one IN list). */
const USAGE_QUERY_CUSTOMERS_MAX = 500;

export class SqliteStore implements MarketStore {
  private readonly db: Database.Database;
  private readonly statements: ReturnType<typeof prepare>;

  constructor(
    readonly file: string,
    options: SqliteOptions = {},
  ) {
    this.db = openSqlite(file, options);
    this.statements = prepare(this.db);
  }

  async putCustomer(c: CustomerRecord): Promise<void> {
    this.statements.putCustomer.run(c.customerId, c.tenantId, c.planId, c.taxRatePpm, c.createdAtMs);
  }

  async getCustomer(customerId: string): Promise<CustomerRecord | undefined> {
    const row = this.statements.getCustomer.get(customerId) as CustomerRow | undefined;
    return row === undefined ? undefined : customerFromRow(row);
  }

  async listCustomers(afterId: string, limit: number): Promise<readonly CustomerRecord[]> {
    return (this.statements.listCustomers.all(afterId, limit) as CustomerRow[]).map(customerFromRow);
  }

  async putPlan(planId: string, tenantId: string, json: string): Promise<void> {
    this.statements.putPlan.run(planId, tenantId, json);
  }

  async getPlan(planId: string): Promise<string | undefined> {
    return (this.statements.getPlan.get(planId) as { definition: string } | undefined)?.definition;
  }

  async ingest(events: readonly StoredEvent[], limit?: IngestLimit): Promise<IngestResult> {
    if (limit !== undefined) return this.ingestWithinLimit(events, limit);
    const insert = this.statements.insertEvent;
    const accepted = this.db
      .transaction(() => {
        let count = 0;
        for (const e of events) {
          count += insert.run(
            e.eventId,
            e.customerId,
            e.tenantId,
            e.meter,
            e.quantityMicros,
            e.timestampMs,
            e.properties,
          ).changes;
        }
        return count;
      })
      .immediate();
    return { accepted, duplicates: events.length - accepted };
  }

  private ingestWithinLimit(events: readonly StoredEvent[], limit: IngestLimit): IngestResult {
    if (events.length !== 1) throw new Error('SqliteStore.ingest: a limit applies to exactly one event');
    const [e] = events;
    return this.db
      .transaction((): IngestResult => {
        if (this.statements.eventExists.get(e.eventId) !== undefined) return { accepted: 0, duplicates: 1 };
        const used = summing(`${e.meter} quota`, () =>
          this.statements.meterTotal.pluck().get(e.customerId, e.meter, limit.fromMs, limit.toMs),
        ) as bigint;
        if (used + e.quantityMicros > limit.limitMicros) return { accepted: 0, duplicates: 0, refused: 1 };
        this.statements.insertEvent.run(
          e.eventId,
          e.customerId,
          e.tenantId,
          e.meter,
          e.quantityMicros,
          e.timestampMs,
          e.properties,
        );
        return { accepted: 1, duplicates: 0 };
      })
      .immediate();
  }

  async aggregate(query: AggregationQuery): Promise<bigint> {
    const { sql, params } = aggregateSql(query);
    const value = summing(`${query.meter} ${query.kind}`, () => this.db.prepare(sql).pluck().get(params)) as
      bigint | null;
    return value ?? 0n;
  }

  async usageTotals(customerIds: readonly string[], fromMs: number, toMs: number): Promise<readonly UsageTotals[]> {
    const rows: UsageTotals[] = [];
    for (let i = 0; i < customerIds.length; i += USAGE_QUERY_CUSTOMERS_MAX) {
      const chunk = customerIds.slice(i, i + USAGE_QUERY_CUSTOMERS_MAX);
      const sql = `SELECT customer_id AS customerId, meter, COUNT(*) AS count,
          SUM(quantity_micros) AS sumMicros, MAX(quantity_micros) AS maxMicros
        FROM usage_events WHERE customer_id IN (${chunk.map(() => '?').join(',')})
          AND timestamp_ms >= ? AND timestamp_ms < ? GROUP BY customer_id, meter`;
      rows.push(...(summing('usage totals', () => this.db.prepare(sql).all(...chunk, fromMs, toMs)) as UsageTotals[]));
    }
    return rows;
  }

  async eventCount(customerId?: string): Promise<number> {
    const value =
      customerId === undefined
        ? this.db.prepare('SELECT COUNT(*) FROM usage_events').pluck().get()
        : this.db.prepare('SELECT COUNT(*) FROM usage_events WHERE customer_id = ?').pluck().get(customerId);
    return Number(value);
  }

  async putLicense(l: LicenseRecord): Promise<void> {
    this.statements.putLicense.run(l.licenseId, l.customerId, l.tenantId, l.key, l.issuedAtMs, l.expiresAtMs);
  }

  async getLicense(licenseId: string): Promise<LicenseRecord | undefined> {
    const row = this.statements.getLicense.get(licenseId) as LicenseRow | undefined;
    if (row === undefined) return undefined;
    return {
      licenseId: row.license_id,
      customerId: row.customer_id,
      tenantId: row.tenant_id,
      key: row.license_key,
      issuedAtMs: Number(row.issued_at_ms),
      expiresAtMs: Number(row.expires_at_ms),
    };
  }

  async revoke(e: RevocationEntry & { readonly tenantId: string }): Promise<boolean> {
    return this.statements.revoke.run(e.licenseId, e.customerId, e.tenantId, e.revokedAt, e.reason).changes === 1;
  }

  async revocations(): Promise<readonly RevocationEntry[]> {
    return this.statements.revocations.all() as RevocationEntry[];
  }

  async insertInvoices(invoices: readonly Invoice[]): Promise<readonly { invoice: Invoice; created: boolean }[]> {
    return this.db
      .transaction(() =>
        invoices.map((invoice) => {
          const existing = this.findLive(invoice.customerId, invoice.period);
          if (existing !== undefined) return { invoice: existing, created: false };
          this.statements.insertInvoice.run(invoiceParams(invoice));
          for (const l of invoice.lines) {
            this.statements.insertLine.run(
              invoice.invoiceId,
              l.lineNo,
              invoice.customerId,
              invoice.tenantId,
              l.kind,
              l.description,
              l.meter,
              l.quantityMicros,
              l.amountMinor,
              tiersToText(l.tiers),
            );
          }
          return { invoice, created: true };
        }),
      )
      .immediate();
  }

  async getInvoice(invoiceId: string): Promise<Invoice | undefined> {
    return this.load(this.statements.getInvoice.get(invoiceId) as InvoiceRow | undefined);
  }

  async findInvoice(customerId: string, period: string): Promise<Invoice | undefined> {
    return this.findLive(customerId, period);
  }

  async changeInvoice(change: InvoiceChange): Promise<InvoiceChangeResult> {
    const s = this.statements;
    const i = change.invoice;
    return this.db
      .transaction((): InvoiceChangeResult => {
        if (change.payment !== undefined && s.hasPayment.get(change.payment.paymentId) !== undefined)
          return 'duplicate';
        if (change.creditNote !== undefined && s.hasCredit.get(change.creditNote.creditNoteId) !== undefined) {
          return 'duplicate';
        }
        const updated = s.updateInvoice.run({ ...invoiceParams(i), expected_version: change.expectedVersion });
        if (updated.changes !== 1) return 'conflict';
        const p = change.payment;
        if (p !== undefined)
          s.insertPayment.run(p.paymentId, i.invoiceId, i.customerId, i.tenantId, p.amountMinor, p.atMs);
        const c = change.creditNote;
        if (c !== undefined) {
          s.insertCredit.run(c.creditNoteId, i.invoiceId, i.customerId, i.tenantId, c.amountMinor, c.reason, c.atMs);
        }
        return 'applied';
      })
      .immediate();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private findLive(customerId: string, period: string): Invoice | undefined {
    return this.load(this.statements.findInvoice.get(customerId, period) as InvoiceRow | undefined);
  }

  private load(row: InvoiceRow | undefined): Invoice | undefined {
    if (row === undefined) return undefined;
    return invoiceFromRows(row, this.statements.lines.all(row.invoice_id) as LineRow[]);
  }
}

interface CustomerRow {
  customer_id: string;
  tenant_id: string;
  plan_id: string;
  tax_rate_ppm: bigint;
  created_at_ms: bigint;
}

interface LicenseRow {
  license_id: string;
  customer_id: string;
  tenant_id: string;
  license_key: string;
  issued_at_ms: bigint;
  expires_at_ms: bigint;
}

function customerFromRow(row: CustomerRow): CustomerRecord {
  return {
    customerId: row.customer_id,
    tenantId: row.tenant_id,
    planId: row.plan_id,
    taxRatePpm: row.tax_rate_ppm,
    createdAtMs: Number(row.created_at_ms),
  };
}

function prepare(db: Database.Database) {
  return {
    putCustomer: db.prepare(`INSERT INTO customers VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (customer_id) DO UPDATE SET plan_id = excluded.plan_id, tax_rate_ppm = excluded.tax_rate_ppm`),
    getCustomer: db.prepare('SELECT * FROM customers WHERE customer_id = ?'),
    listCustomers: db.prepare('SELECT * FROM customers WHERE customer_id > ? ORDER BY customer_id LIMIT ?'),
    putPlan: db.prepare(`INSERT INTO plans VALUES (?, ?, ?)
      ON CONFLICT (plan_id) DO UPDATE SET definition = excluded.definition`),
    getPlan: db.prepare('SELECT definition FROM plans WHERE plan_id = ?'),
    insertEvent: db.prepare('INSERT OR IGNORE INTO usage_events VALUES (?, ?, ?, ?, ?, ?, ?)'),
    eventExists: db.prepare('SELECT 1 FROM usage_events WHERE event_id = ?'),
    meterTotal: db.prepare(
      'SELECT COALESCE(SUM(quantity_micros), 0) FROM usage_events WHERE customer_id = ? AND meter = ? AND timestamp_ms >= ? AND timestamp_ms < ?',
    ),
    putLicense: db.prepare('INSERT INTO licenses VALUES (?, ?, ?, ?, ?, ?)'),
    getLicense: db.prepare('SELECT * FROM licenses WHERE license_id = ?'),
    revoke: db.prepare('INSERT OR IGNORE INTO revocations VALUES (?, ?, ?, ?, ?)'),
    revocations: db.prepare(`SELECT license_id AS licenseId, customer_id AS customerId, revoked_at AS revokedAt,
      reason FROM revocations ORDER BY license_id`),
    insertInvoice: db.prepare(`INSERT INTO invoices VALUES (:invoice_id, :customer_id, :tenant_id, :period,
      :plan_id, :currency, :minor_digits, :status, :subtotal_minor, :tax_rate_ppm, :tax_minor, :total_minor,
      :paid_minor, :credited_minor, :created_at_ms, :issued_at_ms, :due_at_ms, :version)`),
    insertLine: db.prepare('INSERT INTO invoice_lines VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    getInvoice: db.prepare('SELECT * FROM invoices WHERE invoice_id = ?'),
    findInvoice: db.prepare(`SELECT * FROM invoices WHERE customer_id = ? AND period = ? AND status <> 'Cancelled'`),
    lines: db.prepare('SELECT * FROM invoice_lines WHERE invoice_id = ? ORDER BY line_no'),
    updateInvoice: db.prepare(`UPDATE invoices SET status = :status, paid_minor = :paid_minor,
      credited_minor = :credited_minor, issued_at_ms = :issued_at_ms, due_at_ms = :due_at_ms, version = :version
      WHERE invoice_id = :invoice_id AND version = :expected_version`),
    hasPayment: db.prepare('SELECT 1 FROM payments WHERE payment_id = ?'),
    hasCredit: db.prepare('SELECT 1 FROM credit_notes WHERE credit_note_id = ?'),
    insertPayment: db.prepare('INSERT INTO payments VALUES (?, ?, ?, ?, ?, ?)'),
    insertCredit: db.prepare('INSERT INTO credit_notes VALUES (?, ?, ?, ?, ?, ?, ?)'),
  };
}
