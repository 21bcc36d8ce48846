/**
 * The invoice lifecycle, as pure functions from an invoice to its next version:
 * Draft -> Issued -> Paid | Overdue | Cancelled, Overdue -> Paid | Cancelled, Draft -> Cancelled.
 * Paid and Cancelled are final. Payments and credit notes apply to Issued and Overdue
 * invoices; a credit note may also apply to a Paid one (the customer is owed it back).
 */
import { KnhkError } from '@knhk/core';
import { type Invoice, type InvoiceStatus, amountDueMinor } from './invoice.js';
import { marketplaceError } from '../errors.js';

const DAY_MS = 86_400_000;

const NEXT: Readonly<Record<InvoiceStatus, readonly InvoiceStatus[]>> = {
  Draft: ['Issued', 'Cancelled'],
  Issued: ['Paid', 'Overdue', 'Cancelled'],
  Overdue: ['Paid', 'Cancelled'],
  Paid: [],
  Cancelled: [],
};

function refuse(invoice: Invoice, action: string): KnhkError {
  return marketplaceError(
    'KNHK_E_BILLING_INVOICE_STATE',
    `invoice ${invoice.invoiceId} is ${invoice.status}: cannot ${action}`,
    { invoiceId: invoice.invoiceId, status: invoice.status },
  );
}

function moveTo(invoice: Invoice, status: InvoiceStatus, action: string): Invoice {
  if (!NEXT[invoice.status].includes(status)) throw refuse(invoice, action);
  return { ...invoice, status, version: invoice.version + 1 };
}

export function issueInvoice(invoice: Invoice, nowMs: number, netDays: number): Invoice {
  const issued = moveTo(invoice, 'Issued', 'issue it');
  const withDates = { ...issued, issuedAtMs: nowMs, dueAtMs: nowMs + netDays * DAY_MS };
  return amountDueMinor(withDates) === 0n ? { ...withDates, status: 'Paid' } : withDates;
}

/** Voids an invoice; refused once money was paid against it (credit it instead). */
export function cancelInvoice(invoice: Invoice): Invoice {
  if (invoice.paidMinor > 0n) throw refuse(invoice, 'cancel it after a payment (issue a credit note)');
  return moveTo(invoice, 'Cancelled', 'cancel it');
}

/** Issued past its due date becomes Overdue; anything else is returned unchanged. */
export function markOverdue(invoice: Invoice, nowMs: number): Invoice {
  if (invoice.status !== 'Issued' || invoice.dueAtMs === null || nowMs <= invoice.dueAtMs) return invoice;
  return moveTo(invoice, 'Overdue', 'mark it overdue');
}

function checkAmount(invoice: Invoice, amountMinor: bigint, maxMinor: bigint, what: string): void {
  if (amountMinor <= 0n || amountMinor > maxMinor) {
    throw marketplaceError(
      'KNHK_E_BILLING_AMOUNT_INVALID',
      `${what} of ${amountMinor} minor units on invoice ${invoice.invoiceId}: must be 1..${maxMinor}`,
      { invoiceId: invoice.invoiceId },
    );
  }
}

export function applyPayment(invoice: Invoice, amountMinor: bigint): Invoice {
  if (invoice.status !== 'Issued' && invoice.status !== 'Overdue') throw refuse(invoice, 'take a payment');
  checkAmount(invoice, amountMinor, amountDueMinor(invoice), 'payment');
  const paid = { ...invoice, paidMinor: invoice.paidMinor + amountMinor, version: invoice.version + 1 };
  return amountDueMinor(paid) === 0n ? { ...paid, status: 'Paid' } : paid;
}

export function applyCreditNote(invoice: Invoice, amountMinor: bigint): Invoice {
  if (invoice.status === 'Draft' || invoice.status === 'Cancelled') throw refuse(invoice, 'credit it');
  checkAmount(invoice, amountMinor, invoice.totalMinor - invoice.creditedMinor, 'credit note');
  const credited = { ...invoice, creditedMinor: invoice.creditedMinor + amountMinor, version: invoice.version + 1 };
  return credited.status !== 'Paid' && amountDueMinor(credited) === 0n ? { ...credited, status: 'Paid' } : credited;
}
