/** Mapping invoices to and from SQLite rows (amounts as 64-bit integers read back as BigInt). */
import type { Invoice, InvoiceLine, InvoiceStatus } from '../../billing/invoice.js';
import type { TierUse } from '../../billing/pricing.js';

export interface InvoiceRow {
  invoice_id: string;
  customer_id: string;
  tenant_id: string;
  period: string;
  plan_id: string;
  currency: string;
  minor_digits: bigint;
  status: string;
  subtotal_minor: bigint;
  tax_rate_ppm: bigint;
  tax_minor: bigint;
  total_minor: bigint;
  paid_minor: bigint;
  credited_minor: bigint;
  created_at_ms: bigint;
  issued_at_ms: bigint | null;
  due_at_ms: bigint | null;
  version: bigint;
}

export interface LineRow {
  line_no: bigint;
  kind: string;
  description: string;
  meter: string | null;
  quantity_micros: bigint;
  amount_minor: bigint;
  tiers: string;
}

const optionalMs = (v: bigint | null): number | null => (v === null ? null : Number(v));

export function tiersToText(tiers: readonly TierUse[]): string {
  return JSON.stringify(
    tiers.map((t) => [t.tier, `${t.quantityMicros}`, `${t.unitPriceMicros}`, `${t.flatFeeMicros}`]),
  );
}

function tiersFromText(text: string): TierUse[] {
  return (JSON.parse(text) as [number, string, string, string][]).map(([tier, q, p, f]) => ({
    tier,
    quantityMicros: BigInt(q),
    unitPriceMicros: BigInt(p),
    flatFeeMicros: BigInt(f),
  }));
}

export function invoiceFromRows(row: InvoiceRow, lines: readonly LineRow[]): Invoice {
  return {
    invoiceId: row.invoice_id,
    customerId: row.customer_id,
    tenantId: row.tenant_id,
    period: row.period,
    planId: row.plan_id,
    currency: { code: row.currency, minorDigits: Number(row.minor_digits) },
    status: row.status as InvoiceStatus,
    lines: lines.map((l): InvoiceLine => ({
      lineNo: Number(l.line_no),
      kind: l.kind as InvoiceLine['kind'],
      description: l.description,
      meter: l.meter,
      quantityMicros: l.quantity_micros,
      amountMinor: l.amount_minor,
      tiers: tiersFromText(l.tiers),
    })),
    subtotalMinor: row.subtotal_minor,
    taxRatePpm: row.tax_rate_ppm,
    taxMinor: row.tax_minor,
    totalMinor: row.total_minor,
    paidMinor: row.paid_minor,
    creditedMinor: row.credited_minor,
    createdAtMs: Number(row.created_at_ms),
    issuedAtMs: optionalMs(row.issued_at_ms),
    dueAtMs: optionalMs(row.due_at_ms),
    version: Number(row.version),
  };
}

/** Named parameters of an invoice row. */
export function invoiceParams(i: Invoice): Record<string, unknown> {
  return {
    invoice_id: i.invoiceId,
    customer_id: i.customerId,
    tenant_id: i.tenantId,
    period: i.period,
    plan_id: i.planId,
    currency: i.currency.code,
    minor_digits: i.currency.minorDigits,
    status: i.status,
    subtotal_minor: i.subtotalMinor,
    tax_rate_ppm: i.taxRatePpm,
    tax_minor: i.taxMinor,
    total_minor: i.totalMinor,
    paid_minor: i.paidMinor,
    credited_minor: i.creditedMinor,
    created_at_ms: i.createdAtMs,
    issued_at_ms: i.issuedAtMs,
    due_at_ms: i.dueAtMs,
    version: i.version,
  };
}
