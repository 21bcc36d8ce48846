import { expect } from 'chai';
import type { UsageEvent } from '@knhk/core';
import { invoiceToJson, invoiceToMarkdown, openMarketplace, parsePlan } from '../src/index.js';
import { expectReject } from './expect-reject.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');

async function market() {
  return openMarketplace(':memory:', { nowMs: () => NOW });
}

function calls(customerId: string, count: number, prefix = customerId): UsageEvent[] {
  return [
    { id: `${prefix}-1`, customerId, meter: 'api_calls', quantity: `${count}`, timestamp: '2026-10-10T00:00:00Z' },
  ];
}

const PRICE_BOOK = JSON.stringify({
  id: 'enterprise-acme',
  name: 'Enterprise (Acme)',
  baseFee: '1000.00',
  netDays: 15,
  charges: [
    {
      meter: 'gpu_hours',
      aggregation: 'sum',
      mode: 'graduated',
      tiers: [
        { upTo: '10', unitPrice: '2.50', flatFee: '5' },
        { upTo: '100', unitPrice: '2.00' },
        { upTo: null, unitPrice: '1.7' },
      ],
    },
    {
      meter: 'api_calls',
      aggregation: 'count',
      mode: 'volume',
      tiers: [
        { upTo: '2', unitPrice: '0.10' },
        { upTo: null, unitPrice: '0.00015' },
      ],
    },
  ],
});

describe('marketplace billing', () => {
  it("prices the seed's tiers: base fee, included units, sub-cent overage rounded half to even", async () => {
    const m = await market();
    const cases: [string, number, string][] = [
      ['free', 150, '0.50'],
      ['free', 100, '0.00'],
      ['starter', 20_000, '109.00'],
      ['starter', 10_005, '99.00'], // 5 x $0.001 = 0.5 cent -> 0 (half to even)
      ['starter', 10_015, '99.02'], // 1.5 cents -> 2
      ['professional', 1_000_030, '499.02'], // 30 x $0.0005 = 1.5 cents -> 2
      ['professional', 1_000_050, '499.02'], // 2.5 cents -> 2
      ['professional', 0, '499.00'],
    ];
    for (const [i, [plan, count, total]] of cases.entries()) {
      const customerId = `c${i}`;
      await m.billing.createAccount({ customerId, planId: plan });
      if (count > 0) await m.metering.ingest(calls(customerId, count));
      const invoice = await m.billing.generateInvoice(customerId, '2026-10');
      expect(invoice.total, `${plan} ${count}`).to.equal(total);
    }
    await m.close();
  });

  it('prices graduated and volume tiers of a custom price book, with tax', async () => {
    const m = await market();
    await m.billing.definePlan(PRICE_BOOK);
    await m.billing.createAccount({ customerId: 'acme', planId: 'enterprise-acme', taxRate: '0.0825' });
    await m.metering.ingest([
      { id: 'g1', customerId: 'acme', meter: 'gpu_hours', quantity: '100.5', timestamp: '2026-10-02T00:00:00Z' },
      { id: 'a1', customerId: 'acme', meter: 'api_calls', quantity: '7', timestamp: '2026-10-02T00:00:00Z' },
      { id: 'a2', customerId: 'acme', meter: 'api_calls', quantity: '9', timestamp: '2026-10-03T00:00:00Z' },
      { id: 'a3', customerId: 'acme', meter: 'api_calls', quantity: '1', timestamp: '2026-10-04T00:00:00Z' },
      { id: 'late', customerId: 'acme', meter: 'api_calls', quantity: '1', timestamp: '2026-11-01T00:00:00Z' },
    ]);
    const { id } = await m.billing.generateInvoice('acme', '2026-10');
    const invoice = await m.billing.invoice(id);
    // gpu: 10 x 2.50 + 5 flat + 90 x 2.00 + 0.5 x 1.7 = 25 + 5 + 180 + 0.85 = 210.85
    // api_calls counts 3 events (volume, tier 2): 3 x 0.00015 = 0.045 cents -> 0.00
    expect(invoice.lines.map((l) => l.amountMinor)).to.deep.equal([100000n, 21085n, 0n]);
    expect(invoice.subtotalMinor).to.equal(121085n);
    expect(invoice.taxMinor).to.equal(9990n); // 1210.85 x 0.0825 = 99.895125 -> 99.90 (above the half cent)
    expect(invoice.totalMinor).to.equal(131075n);
    expect(invoice.tenantId).to.equal('default');
    const json = invoiceToJson(invoice);
    expect(json).to.include({ total: '1310.75', tax: '99.90', subtotal: '1210.85', status: 'Draft', currency: 'USD' });
    const text = invoiceToMarkdown(invoice);
    expect(text).to.include('**Total: 1310.75 USD**').and.include('gpu_hours').and.include('Tax (8.25%)');
    expect(() => parsePlan(PRICE_BOOK.replace('"10"', '"1000"'))).to.throw(/KNHK_E_BILLING_PLAN_INVALID/);
    expect(() => parsePlan(PRICE_BOOK.replace('"1.7"', '"-1.7"'))).to.throw(/KNHK_E_BILLING_PLAN_INVALID/);
    expect(() => parsePlan(PRICE_BOOK.replace('"upTo":null', '"upTo":"1000"'))).to.throw(/KNHK_E_BILLING_PLAN_INVALID/);
    await m.close();
  });

  it('never double-bills: generating twice returns the first invoice', async () => {
    const m = await market();
    for (let i = 0; i < 30; i++) {
      await m.billing.createAccount({ customerId: `c${i}`, planId: 'starter' });
      await m.metering.ingest(calls(`c${i}`, 10_000 + i * 1000));
    }
    const first = await m.billing.generateInvoice('c1', '2026-10');
    const again = await m.billing.generateInvoice('c1', '2026-10');
    expect(again).to.deep.equal({ ...first, created: false });
    expect(await m.billing.generateAll('2026-10')).to.deep.equal({ created: 29, existing: 1 });
    expect(await m.billing.generateAll('2026-10')).to.deep.equal({ created: 0, existing: 30 });
    // generated concurrently: still one invoice
    const racing = await Promise.all([1, 2, 3].map(() => m.billing.generateInvoice('c2', '2026-09')));
    expect(new Set(racing.map((r) => r.id)).size).to.equal(1);
    // a cancelled invoice may be replaced, once
    await m.billing.cancel(first.id);
    const replaced = await m.billing.generateInvoice('c1', '2026-10');
    expect(replaced.created).to.equal(true);
    expect(replaced.id).to.not.equal(first.id);
    expect((await m.billing.generateInvoice('c1', '2026-10')).id).to.equal(replaced.id);
    await m.close();
  });

  it('refuses periods in the future, not yet over or malformed, and unknown customers', async () => {
    const m = await market();
    await m.billing.createAccount({ customerId: 'acme', planId: 'free' });
    for (const period of ['2026-12', '2026-11', '2026-13', '26-10', 'october']) {
      await expectReject(m.billing.generateInvoice('acme', period), 'KNHK_E_BILLING_PERIOD_INVALID');
    }
    await expectReject(m.billing.generateInvoice('nobody', '2026-10'), 'KNHK_E_BILLING_CUSTOMER_UNKNOWN');
    await expectReject(m.billing.createAccount({ customerId: 'x', planId: 'gold' }), 'KNHK_E_BILLING_PLAN_INVALID');
    await expectReject(m.billing.invoice('nope'), 'KNHK_E_BILLING_INVOICE_NOT_FOUND');
    await m.close();
  });

  it('follows the lifecycle Draft -> Issued -> Paid / Overdue / Cancelled, with payments and credit notes', async () => {
    let now = NOW;
    const m = await openMarketplace(':memory:', { nowMs: () => now });
    await m.billing.createAccount({ customerId: 'acme', planId: 'starter' });
    const { id } = await m.billing.generateInvoice('acme', '2026-10'); // 99.00
    await expectReject(m.billing.pay(id, '10.00'), 'KNHK_E_BILLING_INVOICE_STATE');
    await expectReject(m.billing.credit(id, '10.00', 'x'), 'KNHK_E_BILLING_INVOICE_STATE');
    const issued = await m.billing.issue(id);
    expect(issued.status).to.equal('Issued');
    expect(issued.dueAtMs).to.equal(now + 30 * 86_400_000);
    await expectReject(m.billing.issue(id), 'KNHK_E_BILLING_INVOICE_STATE');
    await expectReject(m.billing.pay(id, '99.01'), 'KNHK_E_BILLING_AMOUNT_INVALID');
    await expectReject(m.billing.pay(id, '0'), 'KNHK_E_BILLING_AMOUNT_INVALID');
    await expectReject(m.billing.pay(id, '1.001'), 'KNHK_E_BILLING_AMOUNT_INVALID');
    expect((await m.billing.pay(id, '40.00', 'pay-1')).paidMinor).to.equal(4000n);
    expect((await m.billing.pay(id, '40.00', 'pay-1')).paidMinor, 'a retried payment applies once').to.equal(4000n);
    await expectReject(m.billing.cancel(id), 'KNHK_E_BILLING_INVOICE_STATE');
    now += 31 * 86_400_000;
    expect((await m.billing.markOverdue(id)).status).to.equal('Overdue');
    const credited = await m.billing.credit(id, '9.00', 'service outage', 'cn-1');
    expect(credited).to.include({ creditedMinor: 900n, status: 'Overdue' });
    const paid = await m.billing.pay(id, '50.00', 'pay-2');
    expect(paid).to.include({ status: 'Paid', paidMinor: 9000n });
    await expectReject(m.billing.pay(id, '1.00'), 'KNHK_E_BILLING_INVOICE_STATE');
    await expectReject(m.billing.cancel(id), 'KNHK_E_BILLING_INVOICE_STATE');
    const refund = await m.billing.credit(id, '90.00', 'goodwill', 'cn-2'); // owed back to the customer
    expect(refund).to.include({ status: 'Paid', creditedMinor: 9900n });
    await expectReject(m.billing.credit(id, '0.01', 'too much'), 'KNHK_E_BILLING_AMOUNT_INVALID');
    // a credit note that covers the whole amount due settles an issued invoice
    await m.billing.createAccount({ customerId: 'beta', planId: 'starter' });
    const second = await m.billing.generateInvoice('beta', '2026-10');
    await m.billing.issue(second.id);
    expect((await m.billing.credit(second.id, '99.00', 'waived')).status).to.equal('Paid');
    // a draft can be cancelled; a free invoice is paid when issued
    await m.billing.createAccount({ customerId: 'gamma', planId: 'free' });
    const free = await m.billing.generateInvoice('gamma', '2026-10');
    expect((await m.billing.issue(free.id)).status).to.equal('Paid');
    await m.close();
  });
});
