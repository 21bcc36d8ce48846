import { expect } from 'chai';
import {
  type Plan,
  type PriceTier,
  type TiersMode,
  USD,
  buildInvoice,
  openMarketplace,
  parsePeriod,
} from '../src/index.js';
import { Prng } from './prng.js';

const MICRO = 1_000_000n;

/** Reference: each tier's units, priced independently, with BigInt only. */
function referenceExact(mode: TiersMode, tiers: readonly PriceTier[], q: bigint): bigint {
  if (q === 0n) return 0n;
  if (mode === 'volume') {
    for (const t of tiers) {
      if (t.upToMicros === null || q <= t.upToMicros) return q * t.unitPriceMicros + t.flatFeeMicros * MICRO;
    }
    throw new Error('no open tier');
  }
  let amount = 0n;
  let lower = 0n;
  for (const t of tiers) {
    const upper = t.upToMicros ?? q;
    const units = (q < upper ? q : upper) - lower;
    if (units > 0n) amount += units * t.unitPriceMicros + t.flatFeeMicros * MICRO;
    lower = upper;
  }
  return amount;
}

/** Reference rounding, written independently: half to even by comparing the remainder with half. */
function referenceRound(n: bigint, d: bigint): bigint {
  const floor = n / d;
  const rest = n - floor * d;
  if (rest * 2n < d) return floor;
  if (rest * 2n > d) return floor + 1n;
  return floor % 2n === 0n ? floor : floor + 1n;
}

function randomTiers(prng: Prng): PriceTier[] {
  const count = 1 + prng.below(6);
  const tiers: PriceTier[] = [];
  let bound = 0n;
  for (let i = 0; i < count; i++) {
    bound += 1n + prng.bigBelow(prng.below(2) === 0 ? 1000n * MICRO : 10n ** 12n);
    tiers.push({
      upToMicros: i === count - 1 ? null : bound,
      // sub-cent prices: any number of micro-dollars up to $20
      unitPriceMicros: prng.bigBelow(prng.below(2) === 0 ? 10_000n : 20n * MICRO),
      flatFeeMicros: prng.below(3) === 0 ? prng.bigBelow(100n * MICRO) : 0n,
    });
  }
  return tiers;
}

function randomPlan(prng: Prng, id: string): Plan {
  const charges = Array.from({ length: 1 + prng.below(3) }, (_, i) => ({
    meter: ['api_calls', 'gpu_hours', 'data_processed'][i],
    aggregation: 'sum' as const,
    mode: (prng.below(2) === 0 ? 'graduated' : 'volume') as TiersMode,
    tiers: randomTiers(prng),
  }));
  return { id, name: id, currency: USD, baseFeeMinor: prng.bigBelow(100_000n), netDays: 30, charges };
}

function referenceTotal(plan: Plan, usage: readonly bigint[], taxRatePpm: bigint): bigint {
  let subtotal = plan.baseFeeMinor;
  plan.charges.forEach((c, i) => {
    subtotal += referenceRound(referenceExact(c.mode, c.tiers, usage[i]), 10n ** 10n);
  });
  return subtotal + referenceRound(subtotal * taxRatePpm, MICRO);
}

describe('marketplace billing: property tests against a BigInt reference', () => {
  it('500 random plans and usages: graduated and volume invoice totals equal the reference', () => {
    const prng = new Prng(8);
    const period = parsePeriod('2026-10');
    let graduated = 0;
    let volume = 0;
    for (let n = 0; n < 500; n++) {
      const plan = randomPlan(prng, `p${n}`);
      const usage = plan.charges.map(() => (prng.below(10) === 0 ? 0n : prng.bigBelow(10n ** 15n)));
      const taxRatePpm = prng.bigBelow(300_000n);
      const invoice = buildInvoice({
        invoiceId: `i${n}`,
        customerId: 'c',
        tenantId: 't',
        plan,
        period,
        taxRatePpm,
        usageMicros: usage,
        nowMs: 0,
      });
      expect(invoice.totalMinor, `case ${n}`).to.equal(referenceTotal(plan, usage, taxRatePpm));
      expect(invoice.subtotalMinor + invoice.taxMinor).to.equal(invoice.totalMinor);
      for (const c of plan.charges) {
        if (c.mode === 'graduated') graduated++;
        else volume++;
      }
    }
    expect(graduated).to.be.greaterThan(200);
    expect(volume).to.be.greaterThan(200);
  });

  it('40 random price books end to end (ingested events, stored invoices) equal the reference', async () => {
    const prng = new Prng(99);
    const m = await openMarketplace(':memory:', { nowMs: () => Date.parse('2026-11-20T00:00:00Z') });
    for (let n = 0; n < 40; n++) {
      const plan = randomPlan(prng, `book-${n}`);
      const json = {
        id: plan.id,
        baseFee: `${plan.baseFeeMinor / 100n}.${String(plan.baseFeeMinor % 100n).padStart(2, '0')}`,
        charges: plan.charges.map((c) => ({
          meter: c.meter,
          aggregation: 'sum',
          mode: c.mode,
          tiers: c.tiers.map((t) => ({
            upTo: t.upToMicros === null ? null : micros(t.upToMicros),
            unitPrice: micros(t.unitPriceMicros),
            flatFee: micros(t.flatFeeMicros),
          })),
        })),
      };
      await m.billing.definePlan(JSON.stringify(json));
      const customerId = `cust-${n}`;
      const taxRatePpm = prng.bigBelow(250_000n);
      await m.billing.createAccount({ customerId, planId: plan.id, taxRate: micros(taxRatePpm) });
      const usage: bigint[] = [];
      for (const [i, c] of plan.charges.entries()) {
        const parts = Array.from({ length: 1 + prng.below(5) }, () => prng.bigBelow(10n ** 12n));
        usage.push(parts.reduce((a, b) => a + b, 0n));
        await m.metering.ingest(
          parts.map((q, j) => ({
            id: `${customerId}-${i}-${j}`,
            customerId,
            meter: c.meter,
            quantity: micros(q),
            timestamp: '2026-10-15T00:00:00Z',
          })),
        );
      }
      const { id } = await m.billing.generateInvoice(customerId, '2026-10');
      expect((await m.billing.invoice(id)).totalMinor, `book ${n}`).to.equal(referenceTotal(plan, usage, taxRatePpm));
    }
    await m.close();
  });
});

function micros(value: bigint): string {
  return `${value / MICRO}.${String(value % MICRO).padStart(6, '0')}`;
}
