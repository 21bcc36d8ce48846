/**
 * Billing over a store: accounts on plans, price books, monthly invoices from metered usage
 * (generated in batches; a second generation for the same customer and period returns the
 * first invoice, enforced by the store's unique index), and the invoice lifecycle.
 */
import { randomUUID } from 'node:crypto';
import { type Billing, KnhkError } from '@knhk/core';
import { formatMinor, parseMinor, parseRate } from '../money/money.js';
import { DecimalError } from '../money/decimal.js';
import { CUSTOMER_ID_PATTERN } from '../licensing/license.js';
import { type Period, closedPeriod } from '../period.js';
import type { CustomerRecord, InvoiceChange, MarketStore, UsageTotals } from '../store/store.js';
import { type Invoice, buildInvoice } from './invoice.js';
import { applyCreditNote, applyPayment, cancelInvoice, issueInvoice, markOverdue } from './lifecycle.js';
import { type Charge, type Plan, SEED_PLANS, parsePlan } from './plan.js';
import { marketplaceError } from '../errors.js';

/** Customers per generation transaction. */
export const INVOICE_BATCH_MAX = 500;
const CHANGE_RETRIES_MAX = 3;

export interface AccountRequest {
  readonly customerId: string;
  readonly planId: string;
  readonly tenantId?: string;
  /** Tax rate as a decimal fraction, e.g. "0.0825". Default "0". */
  readonly taxRate?: string;
}

export interface GeneratedInvoice {
  readonly invoice: Invoice;
  readonly created: boolean;
}

function usageKey(customerId: string, meter: string): string {
  return `${customerId}\u0000${meter}`;
}

function fromTotals(totals: UsageTotals | undefined, charge: Charge): bigint {
  if (totals === undefined) return 0n;
  if (charge.aggregation === 'count') return totals.count * 1_000_000n;
  return charge.aggregation === 'sum' ? totals.sumMicros : totals.maxMicros;
}

export class BillingService implements Billing {
  private readonly nowMs: () => number;
  private readonly plans = new Map<string, Plan>(SEED_PLANS.map((p) => [p.id, p]));

  constructor(
    private readonly store: MarketStore,
    options: { nowMs?: () => number } = {},
  ) {
    this.nowMs = options.nowMs ?? Date.now;
  }

  async createAccount(request: AccountRequest): Promise<CustomerRecord> {
    if (typeof request.customerId !== 'string' || !CUSTOMER_ID_PATTERN.test(request.customerId)) {
      throw new KnhkError('KNHK_E_ARG_INVALID', `bad customer id ${JSON.stringify(request.customerId)}`, {});
    }
    await this.plan(request.planId);
    let taxRatePpm: bigint;
    try {
      taxRatePpm = parseRate(request.taxRate ?? '0');
    } catch (error) {
      throw new KnhkError('KNHK_E_ARG_INVALID', `tax rate: ${(error as DecimalError).message}`, {});
    }
    if (taxRatePpm < 0n || taxRatePpm > 1_000_000n) {
      throw new KnhkError('KNHK_E_ARG_RANGE', 'tax rate must be between 0 and 1', {});
    }
    const existing = await this.store.getCustomer(request.customerId);
    const record: CustomerRecord = {
      customerId: request.customerId,
      tenantId: existing?.tenantId ?? request.tenantId ?? 'default',
      planId: request.planId,
      taxRatePpm,
      createdAtMs: existing?.createdAtMs ?? this.nowMs(),
    };
    await this.store.putCustomer(record);
    return record;
  }

  /** Stores a custom price book (an Enterprise plan); returns it checked. */
  async definePlan(json: string, tenantId = 'default'): Promise<Plan> {
    const plan = parsePlan(json);
    if (SEED_PLANS.some((p) => p.id === plan.id)) {
      throw marketplaceError('KNHK_E_BILLING_PLAN_INVALID', `${plan.id} is a built-in plan`, {});
    }
    await this.store.putPlan(plan.id, tenantId, json);
    this.plans.set(plan.id, plan);
    return plan;
  }

  async plan(planId: string): Promise<Plan> {
    const cached = this.plans.get(planId);
    if (cached !== undefined) return cached;
    const json = await this.store.getPlan(planId);
    if (json === undefined) throw marketplaceError('KNHK_E_BILLING_PLAN_INVALID', `unknown plan ${planId}`, { planId });
    const plan = parsePlan(json);
    this.plans.set(planId, plan);
    return plan;
  }

  async generateInvoice(customerId: string, period: string): Promise<{ id: string; total: string; created: boolean }> {
    const customer = await this.store.getCustomer(customerId);
    if (customer === undefined) {
      throw marketplaceError('KNHK_E_BILLING_CUSTOMER_UNKNOWN', `unknown customer ${customerId}`, { customerId });
    }
    const [generated] = await this.generateFor([customer], closedPeriod(period, this.nowMs()));
    const { invoice, created } = generated;
    return { id: invoice.invoiceId, total: formatMinor(invoice.totalMinor, invoice.currency), created };
  }

  /** Generates the period's invoice of every customer, in batches; returns how many were created and found. */
  async generateAll(period: string): Promise<{ created: number; existing: number }> {
    const closed = closedPeriod(period, this.nowMs());
    let created = 0;
    let existing = 0;
    let after = '';
    for (;;) {
      const customers = await this.store.listCustomers(after, INVOICE_BATCH_MAX);
      if (customers.length === 0) break;
      for (const g of await this.generateFor(customers, closed)) {
        if (g.created) created++;
        else existing++;
      }
      after = customers[customers.length - 1].customerId;
    }
    return { created, existing };
  }

  async invoice(invoiceId: string): Promise<Invoice> {
    const invoice = await this.store.getInvoice(invoiceId);
    if (invoice === undefined) {
      throw marketplaceError('KNHK_E_BILLING_INVOICE_NOT_FOUND', `no invoice ${invoiceId}`, { invoiceId });
    }
    return invoice;
  }

  async invoiceFor(customerId: string, period: string): Promise<Invoice> {
    const invoice = await this.store.findInvoice(customerId, period);
    if (invoice === undefined) {
      throw marketplaceError('KNHK_E_BILLING_INVOICE_NOT_FOUND', `no invoice for ${customerId} in ${period}`, {
        customerId,
        period,
      });
    }
    return invoice;
  }

  async issue(invoiceId: string): Promise<Invoice> {
    const nowMs = this.nowMs();
    return this.change(invoiceId, async (i) => ({
      invoice: issueInvoice(i, nowMs, (await this.plan(i.planId)).netDays),
    }));
  }

  async cancel(invoiceId: string): Promise<Invoice> {
    return this.change(invoiceId, async (i) => ({ invoice: cancelInvoice(i) }));
  }

  async markOverdue(invoiceId: string): Promise<Invoice> {
    const nowMs = this.nowMs();
    return this.change(invoiceId, async (i) => ({ invoice: markOverdue(i, nowMs) }));
  }

  /** Applies a payment; `paymentId` is the idempotency key (a retried payment applies once). */
  async pay(invoiceId: string, amount: string, paymentId: string = randomUUID()): Promise<Invoice> {
    const atMs = this.nowMs();
    return this.change(invoiceId, async (i) => {
      const amountMinor = this.amount(amount, i);
      return { invoice: applyPayment(i, amountMinor), payment: { paymentId, amountMinor, atMs } };
    });
  }

  /** Issues a credit note; `creditNoteId` is the idempotency key. */
  async credit(
    invoiceId: string,
    amount: string,
    reason: string,
    creditNoteId: string = randomUUID(),
  ): Promise<Invoice> {
    const atMs = this.nowMs();
    return this.change(invoiceId, async (i) => {
      const amountMinor = this.amount(amount, i);
      return { invoice: applyCreditNote(i, amountMinor), creditNote: { creditNoteId, amountMinor, reason, atMs } };
    });
  }

  private amount(text: string, invoice: Invoice): bigint {
    try {
      return parseMinor(text, invoice.currency);
    } catch (error) {
      throw marketplaceError(
        'KNHK_E_BILLING_AMOUNT_INVALID',
        `amount ${JSON.stringify(text)}: ${(error as Error).message}`,
        {},
      );
    }
  }

  private async change(
    invoiceId: string,
    next: (invoice: Invoice) => Promise<Omit<InvoiceChange, 'expectedVersion'>>,
  ): Promise<Invoice> {
    for (let attempt = 0; attempt < CHANGE_RETRIES_MAX; attempt++) {
      const current = await this.invoice(invoiceId);
      const change = await next(current);
      if (change.invoice === current) return current;
      const result = await this.store.changeInvoice({ ...change, expectedVersion: current.version });
      if (result === 'applied') return change.invoice;
      if (result === 'duplicate') return this.invoice(invoiceId);
    }
    throw marketplaceError('KNHK_E_BILLING_INVOICE_STATE', `invoice ${invoiceId} kept changing concurrently; retry`, {
      invoiceId,
    });
  }

  private async generateFor(
    customers: readonly CustomerRecord[],
    period: Period,
  ): Promise<readonly GeneratedInvoice[]> {
    const totals = new Map<string, UsageTotals>();
    const ids = customers.map((c) => c.customerId);
    for (const t of await this.store.usageTotals(ids, period.fromMs, period.toMs)) {
      totals.set(usageKey(t.customerId, t.meter), t);
    }
    const invoices: Invoice[] = [];
    for (const customer of customers) {
      const plan = await this.plan(customer.planId);
      const usageMicros: bigint[] = [];
      for (const charge of plan.charges) usageMicros.push(await this.usage(customer, charge, period, totals));
      invoices.push(
        buildInvoice({
          invoiceId: randomUUID(),
          customerId: customer.customerId,
          tenantId: customer.tenantId,
          plan,
          period,
          taxRatePpm: customer.taxRatePpm,
          usageMicros,
          nowMs: this.nowMs(),
        }),
      );
    }
    return this.store.insertInvoices(invoices);
  }

  private async usage(
    customer: CustomerRecord,
    charge: Charge,
    period: Period,
    totals: Map<string, UsageTotals>,
  ): Promise<bigint> {
    if (charge.aggregation === 'count' || charge.aggregation === 'sum' || charge.aggregation === 'max') {
      return fromTotals(totals.get(usageKey(customer.customerId, charge.meter)), charge);
    }
    return this.store.aggregate({
      customerId: customer.customerId,
      meter: charge.meter,
      fromMs: period.fromMs,
      toMs: period.toMs,
      kind: charge.aggregation,
      property: charge.property,
    });
  }
}
