/**
 * Versioned schema migrations of the SQLite store. Migration N brings the schema from
 * version N-1 to N; `PRAGMA user_version` holds the version and is set in the same
 * transaction as the migration, so a failed migration leaves the database as it was.
 * Never edit a released migration: add the next one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: customers, plans, usage events, licenses, revocations, invoices, payments, credit notes.
  `
  CREATE TABLE customers (
    customer_id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    plan_id TEXT NOT NULL,
    tax_rate_ppm INTEGER NOT NULL CHECK (tax_rate_ppm >= 0),
    created_at_ms INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE plans (
    plan_id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    definition TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE usage_events (
    event_id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    meter TEXT NOT NULL,
    quantity_micros INTEGER NOT NULL CHECK (quantity_micros >= 0),
    timestamp_ms INTEGER NOT NULL,
    properties TEXT
  ) WITHOUT ROWID;
  CREATE INDEX usage_events_by_customer_meter_time ON usage_events (customer_id, meter, timestamp_ms);
  CREATE TABLE licenses (
    license_id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    license_key TEXT NOT NULL,
    issued_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE revocations (
    license_id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    revoked_at TEXT NOT NULL,
    reason TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE invoices (
    invoice_id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    period TEXT NOT NULL,
    plan_id TEXT NOT NULL,
    currency TEXT NOT NULL,
    minor_digits INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('Draft', 'Issued', 'Paid', 'Overdue', 'Cancelled')),
    subtotal_minor INTEGER NOT NULL,
    tax_rate_ppm INTEGER NOT NULL,
    tax_minor INTEGER NOT NULL,
    total_minor INTEGER NOT NULL,
    paid_minor INTEGER NOT NULL,
    credited_minor INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    issued_at_ms INTEGER,
    due_at_ms INTEGER,
    version INTEGER NOT NULL
  ) WITHOUT ROWID;
  -- Never double-bill: one live invoice per customer and period.
  CREATE UNIQUE INDEX invoices_one_live_per_period ON invoices (customer_id, period) WHERE status <> 'Cancelled';
  CREATE TABLE invoice_lines (
    invoice_id TEXT NOT NULL REFERENCES invoices (invoice_id),
    line_no INTEGER NOT NULL,
    customer_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    meter TEXT,
    quantity_micros INTEGER NOT NULL,
    amount_minor INTEGER NOT NULL,
    tiers TEXT NOT NULL,
    PRIMARY KEY (invoice_id, line_no)
  ) WITHOUT ROWID;
  CREATE TABLE payments (
    payment_id TEXT PRIMARY KEY,
    invoice_id TEXT NOT NULL REFERENCES invoices (invoice_id),
    customer_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    received_at_ms INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE credit_notes (
    credit_note_id TEXT PRIMARY KEY,
    invoice_id TEXT NOT NULL REFERENCES invoices (invoice_id),
    customer_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    reason TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
