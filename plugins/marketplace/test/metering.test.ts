import { expect } from 'chai';
import type { UsageEvent } from '@knhk/core';
import {
  AGGREGATION_KINDS,
  RateLimiter,
  aggregateEvents,
  gcra,
  openMarketplace,
  toStoredEvent,
  type StoredEvent,
} from '../src/index.js';
import { expectReject } from './expect-reject.js';
import { Prng } from './prng.js';

const NOW = Date.parse('2026-06-15T12:00:00Z');

function event(id: string, quantity = '1', overrides: Partial<UsageEvent> = {}): UsageEvent {
  return { id, customerId: 'acme', meter: 'api_calls', quantity, timestamp: '2026-06-01T00:00:00Z', ...overrides };
}

async function market() {
  const m = await openMarketplace(':memory:', { nowMs: () => NOW });
  await m.billing.createAccount({ customerId: 'acme', planId: 'starter', tenantId: 't1' });
  await m.billing.createAccount({ customerId: 'beta', planId: 'free' });
  return m;
}

describe('marketplace metering', () => {
  it('ingests idempotently by event id: duplicates, in a batch or retried, count once', async () => {
    const m = await market();
    expect(await m.metering.ingest([event('a'), event('b'), event('a')])).to.deep.equal({ accepted: 2, duplicates: 1 });
    expect(await m.metering.ingest([event('a'), event('c')])).to.deep.equal({ accepted: 1, duplicates: 1 });
    expect(await m.metering.ingest([event('c')])).to.deep.equal({ accepted: 0, duplicates: 1 });
    const sum = await m.metering.aggregate({
      customerId: 'acme',
      meter: 'api_calls',
      fromMs: 0,
      toMs: NOW,
      kind: 'sum',
    });
    expect(sum).to.equal(3_000_000n);
    await m.close();
  });

  it('refuses a bad batch whole, with coded errors, writing nothing', async () => {
    const m = await market();
    const bad: [UsageEvent, string][] = [
      [event('x', '-1'), 'KNHK_E_METER_EVENT_INVALID'],
      [event('x', '1.5e3'), 'KNHK_E_METER_EVENT_INVALID'],
      [event('x', '0.0000001'), 'KNHK_E_METER_EVENT_INVALID'],
      [event('x', '1', { meter: 'API Calls' }), 'KNHK_E_METER_EVENT_INVALID'],
      [event('x', '1', { timestamp: '2026-13-01' }), 'KNHK_E_METER_EVENT_INVALID'],
      [event('x', '1', { timestamp: '2027-01-01T00:00:00Z' }), 'KNHK_E_METER_EVENT_INVALID'],
      [event('x', '1', { id: '' }), 'KNHK_E_METER_EVENT_INVALID'],
      [event('x', '1', { customerId: 'nobody' }), 'KNHK_E_BILLING_CUSTOMER_UNKNOWN'],
      [event('x', 1 as unknown as string), 'KNHK_E_METER_EVENT_INVALID'],
    ];
    for (const [e, code] of bad) await expectReject(m.metering.ingest([event('ok-1'), e]), code);
    const tooMany = Array.from({ length: 10_001 }, (_, i) => event(`e${i}`));
    await expectReject(m.metering.ingest(tooMany), 'KNHK_E_METER_BATCH_LIMIT');
    expect(await m.store.eventCount()).to.equal(0);
    await m.close();
  });

  it('aggregates count, sum, max, unique count and latest per meter and period, as the reference does', async () => {
    const m = await market();
    const prng = new Prng(42);
    const events: UsageEvent[] = [];
    for (let i = 0; i < 2000; i++) {
      const ms = Date.parse('2026-04-01T00:00:00Z') + prng.below(75 * 86_400) * 1000;
      events.push({
        id: `ev-${i}`,
        customerId: prng.below(2) === 0 ? 'acme' : 'beta',
        meter: ['api_calls', 'storage_used', 'gpu_hours'][prng.below(3)],
        quantity: `${prng.below(10_000)}.${String(prng.below(1_000_000)).padStart(6, '0')}`,
        timestamp: new Date(ms).toISOString(),
        properties: { user: `u${prng.below(50)}` },
      });
    }
    for (let i = 0; i < events.length; i += 500) await m.metering.ingest(events.slice(i, i + 500));
    const tenants: Record<string, string> = { acme: 't1', beta: 'default' };
    const stored: StoredEvent[] = events.map((e, i) => toStoredEvent(i, e, tenants[e.customerId], NOW));
    let nonZero = 0;
    for (const customerId of ['acme', 'beta']) {
      for (const meter of ['api_calls', 'storage_used', 'gpu_hours', 'none']) {
        for (const month of ['2026-04', '2026-05', '2026-06']) {
          const fromMs = Date.parse(`${month}-01T00:00:00Z`);
          const toMs = Date.parse(
            `${month === '2026-06' ? '2026-07' : `2026-0${Number(month.slice(6)) + 1}`}-01T00:00:00Z`,
          );
          for (const kind of AGGREGATION_KINDS) {
            const query = { customerId, meter, fromMs, toMs, kind, property: 'user' };
            const expected = aggregateEvents(stored, query);
            expect(await m.metering.aggregate(query), JSON.stringify({ customerId, meter, month, kind })).to.equal(
              expected,
            );
            if (expected !== 0n) nonZero++;
          }
        }
      }
    }
    expect(nonZero).to.be.greaterThan(80);
    await m.close();
  });

  it('rate-limits with GCRA as a pure function of the time passed in', () => {
    const limit = { emissionIntervalMs: 100, burst: 3 }; // 10/s, bursts of 3
    let tat = 0;
    const results: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const d = gcra(tat, 1000, limit);
      if (d.allowed) tat = d.tatMs;
      results.push(d.allowed);
    }
    expect(results).to.deep.equal([true, true, true, false, false]);
    expect(gcra(tat, 1000, limit).retryAfterMs).to.equal(100);
    expect(gcra(tat, 1099, limit).allowed).to.equal(false);
    expect(gcra(tat, 1100, limit).allowed).to.equal(true);
    expect(gcra(tat, 10_000, limit, 3).allowed).to.equal(true); // a full burst after a pause
    expect(gcra(tat, 10_000, limit, 4).allowed).to.equal(false); // never more than the burst
    const limiter = new RateLimiter(limit, 2);
    limiter.take('acme', 'api_calls', 0, 3);
    expect(() => limiter.take('acme', 'api_calls', 0)).to.throw(/KNHK_E_METER_RATE_LIMITED/);
    limiter.take('beta', 'api_calls', 0);
    limiter.take('gamma', 'api_calls', 0); // bounded: evicts, never grows beyond 2 keys
    limiter.take('acme', 'api_calls', 300);
  });

  it('applies the rate limit per customer and meter at ingestion', async () => {
    const limiter = new RateLimiter({ emissionIntervalMs: 1000, burst: 2 });
    const m = await openMarketplace(':memory:', { nowMs: () => NOW, rateLimiter: limiter });
    await m.billing.createAccount({ customerId: 'acme', planId: 'free' });
    await m.metering.ingest([event('a'), event('b')]);
    await expectReject(m.metering.ingest([event('c')]), 'KNHK_E_METER_RATE_LIMITED');
    await m.metering.ingest([event('d', '1', { meter: 'gpu_hours' })]);
    expect(await m.store.eventCount()).to.equal(3);
    await m.close();
  });
});
