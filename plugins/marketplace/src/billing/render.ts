/** An invoice as JSON (amounts as decimal strings) and as a Markdown document a customer can read. */
import { formatMinor, formatPrice, formatQuantity } from '../money/money.js';
import { formatDecimal } from '../money/decimal.js';
import { type Invoice, amountDueMinor } from './invoice.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function invoiceToJson(invoice: Invoice): Record<string, unknown> {
  const money = (minor: bigint): string => formatMinor(minor, invoice.currency);
  return {
    invoiceId: invoice.invoiceId,
    customerId: invoice.customerId,
    tenantId: invoice.tenantId,
    period: invoice.period,
    planId: invoice.planId,
    currency: invoice.currency.code,
    status: invoice.status,
    lines: invoice.lines.map((l) => ({
      lineNo: l.lineNo,
      kind: l.kind,
      description: l.description,
      meter: l.meter,
      quantity: formatQuantity(l.quantityMicros),
      amount: money(l.amountMinor),
      tiers: l.tiers.map((t) => ({
        tier: t.tier,
        quantity: formatQuantity(t.quantityMicros),
        unitPrice: formatPrice(t.unitPriceMicros),
        flatFee: formatPrice(t.flatFeeMicros),
      })),
    })),
    subtotal: money(invoice.subtotalMinor),
    taxRate: formatDecimal(invoice.taxRatePpm, 6),
    tax: money(invoice.taxMinor),
    total: money(invoice.totalMinor),
    paid: money(invoice.paidMinor),
    credited: money(invoice.creditedMinor),
    amountDue: money(amountDueMinor(invoice)),
    createdAt: iso(invoice.createdAtMs),
    issuedAt: iso(invoice.issuedAtMs),
    dueAt: iso(invoice.dueAtMs),
  };
}

export function invoiceToMarkdown(invoice: Invoice): string {
  const code = invoice.currency.code;
  const money = (minor: bigint): string => `${formatMinor(minor, invoice.currency)} ${code}`;
  const percent = formatDecimal(invoice.taxRatePpm * 100n, 6);
  const rows = invoice.lines.map(
    (l) => `| ${l.lineNo} | ${l.description} | ${formatQuantity(l.quantityMicros)} | ${money(l.amountMinor)} |`,
  );
  return [
    `# Invoice ${invoice.invoiceId}`,
    '',
    `- Customer: ${invoice.customerId} (tenant ${invoice.tenantId})`,
    `- Period: ${invoice.period}, plan ${invoice.planId}`,
    `- Status: ${invoice.status}`,
    ...(invoice.issuedAtMs !== null ? [`- Issued: ${iso(invoice.issuedAtMs)}, due ${iso(invoice.dueAtMs)}`] : []),
    '',
    '| # | Item | Quantity | Amount |',
    '| - | ---- | -------: | -----: |',
    ...rows,
    '',
    `Subtotal: ${money(invoice.subtotalMinor)}  `,
    `Tax (${percent}%): ${money(invoice.taxMinor)}  `,
    `**Total: ${money(invoice.totalMinor)}**  `,
    `Paid: ${money(invoice.paidMinor)}, credited: ${money(invoice.creditedMinor)}  `,
    `**Amount due: ${money(amountDueMinor(invoice))}**`,
    '',
    'Amounts are exact; each line and the tax are rounded half to even to the cent.',
  ].join('\n');
}
