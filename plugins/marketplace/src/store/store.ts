/**
 * The marketplace's storage, behind an interface: the domain code (licensing, metering,
 * billing) only talks to this, so another store (PostgreSQL) can join without touching it.
 * Every method is one atomic unit of work; every record carries its customer and tenant id.
 * Methods are async so that a networked store fits the same shape.
 */
import type { AggregationQuery } from '../metering/aggregation.js';
import type { StoredEvent } from '../metering/usage-event.js';
import type { RevocationEntry } from '../licensing/revocation.js';
import type { Invoice } from '../billing/invoice.js';

export interface CustomerRecord {
  readonly customerId: string;
  readonly tenantId: string;
  readonly planId: string;
  /** Tax rate in parts per million (8.25% is 82500n). */
  readonly taxRatePpm: bigint;
  readonly createdAtMs: number;
}

export interface LicenseRecord {
  readonly licenseId: string;
  readonly customerId: string;
  readonly tenantId: string;
  readonly key: string;
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
}

/** Count, sum and max of one customer's meter over a period (the aggregates one scan gives). */
export interface UsageTotals {
  readonly customerId: string;
  readonly meter: string;
  readonly count: bigint;
  readonly sumMicros: bigint;
  readonly maxMicros: bigint;
}

export interface IngestResult {
  readonly accepted: number;
  readonly duplicates: number;
  /** Events not recorded because they would have passed the `IngestLimit`. */
  readonly refused?: number;
}

/**
 * A quota an ingestion must respect atomically: with it, the single event is recorded only if
 * its meter's total for its customer over [fromMs, toMs) stays within `limitMicros`, checked
 * and written in one transaction, so concurrent recordings cannot both pass the check.
 */
export interface IngestLimit {
  readonly limitMicros: bigint;
  readonly fromMs: number;
  readonly toMs: number;
}

/** A change of one invoice, applied only if the stored version is still `expectedVersion`. */
export interface InvoiceChange {
  readonly expectedVersion: number;
  readonly invoice: Invoice;
  /** Idempotency: a payment or credit note id already recorded makes the change a duplicate. */
  readonly payment?: { readonly paymentId: string; readonly amountMinor: bigint; readonly atMs: number };
  readonly creditNote?: {
    readonly creditNoteId: string;
    readonly amountMinor: bigint;
    readonly reason: string;
    readonly atMs: number;
  };
}

export type InvoiceChangeResult = 'applied' | 'conflict' | 'duplicate';

export interface MarketStore {
  putCustomer(customer: CustomerRecord): Promise<void>;
  getCustomer(customerId: string): Promise<CustomerRecord | undefined>;
  /** Customers in id order after `afterId`, at most `limit`. */
  listCustomers(afterId: string, limit: number): Promise<readonly CustomerRecord[]>;

  /** Stores a price book's JSON text under its id. */
  putPlan(planId: string, tenantId: string, json: string): Promise<void>;
  getPlan(planId: string): Promise<string | undefined>;

  /** Inserts the events that are new (by event id), all in one transaction, durable when it returns. */
  ingest(events: readonly StoredEvent[], limit?: IngestLimit): Promise<IngestResult>;
  aggregate(query: AggregationQuery): Promise<bigint>;
  /** Count/sum/max per customer and meter over [fromMs, toMs), for the given customers. */
  usageTotals(customerIds: readonly string[], fromMs: number, toMs: number): Promise<readonly UsageTotals[]>;
  /** How many events are stored for the customer (all time). */
  eventCount(customerId?: string): Promise<number>;

  putLicense(license: LicenseRecord): Promise<void>;
  getLicense(licenseId: string): Promise<LicenseRecord | undefined>;
  /** Records a revocation; false when it was already revoked. */
  revoke(entry: RevocationEntry & { readonly tenantId: string }): Promise<boolean>;
  revocations(): Promise<readonly RevocationEntry[]>;

  /**
   * Inserts invoices in one transaction. An invoice whose customer already has a live (not
   * Cancelled) invoice for the period is not inserted: the existing one is returned instead.
   */
  insertInvoices(invoices: readonly Invoice[]): Promise<readonly { invoice: Invoice; created: boolean }[]>;
  getInvoice(invoiceId: string): Promise<Invoice | undefined>;
  /** The live invoice of the customer for the period. */
  findInvoice(customerId: string, period: string): Promise<Invoice | undefined>;
  changeInvoice(change: InvoiceChange): Promise<InvoiceChangeResult>;

  close(): Promise<void>;
}
