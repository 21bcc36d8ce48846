/**
 * Invoices, built purely from a plan and the period's aggregated usage. Each line is rounded
 * once (half to even, to the minor unit); tax is computed on the subtotal of the rounded
 * lines and rounded once; total = subtotal + tax. Nothing is rounded anywhere else.
 */
import { type Currency, formatQuantity, lineAmountMinor, taxMinor } from '../money/money.js';
import type { Period } from '../period.js';
import type { Plan } from './plan.js';
import { type TierUse, tieredAmount } from './pricing.js';

export type InvoiceStatus = 'Draft' | 'Issued' | 'Paid' | 'Overdue' | 'Cancelled';

export interface InvoiceLine {
  readonly lineNo: number;
  readonly kind: 'base_fee' | 'usage';
  readonly description: string;
  readonly meter: string | null;
  readonly quantityMicros: bigint;
  readonly amountMinor: bigint;
  readonly tiers: readonly TierUse[];
}

export interface Invoice {
  readonly invoiceId: string;
  readonly customerId: string;
  readonly tenantId: string;
  readonly period: string;
  readonly planId: string;
  readonly currency: Currency;
  readonly status: InvoiceStatus;
  readonly lines: readonly InvoiceLine[];
  readonly subtotalMinor: bigint;
  readonly taxRatePpm: bigint;
  readonly taxMinor: bigint;
  readonly totalMinor: bigint;
  readonly paidMinor: bigint;
  readonly creditedMinor: bigint;
  readonly createdAtMs: number;
  readonly issuedAtMs: number | null;
  readonly dueAtMs: number | null;
  /** Incremented by every change; stores compare it to refuse lost updates. */
  readonly version: number;
}

/** What the customer still owes (never negative: a credit beyond it is owed back). */
export function amountDueMinor(invoice: Invoice): bigint {
  const due = invoice.totalMinor - invoice.paidMinor - invoice.creditedMinor;
  return due > 0n ? due : 0n;
}

export interface InvoiceInput {
  readonly invoiceId: string;
  readonly customerId: string;
  readonly tenantId: string;
  readonly plan: Plan;
  readonly period: Period;
  readonly taxRatePpm: bigint;
  /** Aggregated usage per charge, in the order of `plan.charges`. */
  readonly usageMicros: readonly bigint[];
  readonly nowMs: number;
}

function usageLine(lineNo: number, plan: Plan, index: number, quantityMicros: bigint, currency: Currency): InvoiceLine {
  const charge = plan.charges[index];
  const priced = tieredAmount(charge.mode, charge.tiers, quantityMicros);
  return {
    lineNo,
    kind: 'usage',
    description: `${charge.meter} (${charge.aggregation}, ${charge.mode}): ${formatQuantity(quantityMicros)}`,
    meter: charge.meter,
    quantityMicros,
    // amountExact is at 10^-12: lineAmountMinor(amountExact, 1) divides by 10^(12 - minorDigits).
    amountMinor: lineAmountMinor(priced.amountExact, 1n, currency),
    tiers: priced.tiers,
  };
}

export function buildInvoice(input: InvoiceInput): Invoice {
  const { plan } = input;
  const currency = plan.currency;
  const lines: InvoiceLine[] = [
    {
      lineNo: 1,
      kind: 'base_fee',
      description: `${plan.name} plan, ${input.period.id}`,
      meter: null,
      quantityMicros: 1_000_000n,
      amountMinor: plan.baseFeeMinor,
      tiers: [],
    },
  ];
  plan.charges.forEach((_, i) => lines.push(usageLine(lines.length + 1, plan, i, input.usageMicros[i], currency)));
  const subtotalMinor = lines.reduce((sum, l) => sum + l.amountMinor, 0n);
  const tax = taxMinor(subtotalMinor, input.taxRatePpm);
  return {
    invoiceId: input.invoiceId,
    customerId: input.customerId,
    tenantId: input.tenantId,
    period: input.period.id,
    planId: plan.id,
    currency,
    status: 'Draft',
    lines,
    subtotalMinor,
    taxRatePpm: input.taxRatePpm,
    taxMinor: tax,
    totalMinor: subtotalMinor + tax,
    paidMinor: 0n,
    creditedMinor: 0n,
    createdAtMs: input.nowMs,
    issuedAtMs: null,
    dueAtMs: null,
    version: 1,
  };
}
