/**
 * Usage metering over a store: idempotent ingestion (by event id; a batch is checked whole,
 * then written in one transaction, and is durable when the promise resolves), aggregations,
 * and optional rate limiting per customer and meter.
 */
import { type Metering, type UsageEvent } from '@knhk/core';
import type { CustomerRecord, IngestLimit, IngestResult, MarketStore } from '../store/store.js';
import type { AggregationQuery } from './aggregation.js';
import type { RateLimiter } from './rate-limiter.js';
import { INGEST_BATCH_MAX, type StoredEvent, toStoredEvent } from './usage-event.js';
import { marketplaceError } from '../errors.js';

/** Customers whose tenant id is remembered (accounts are never deleted and keep their tenant). */
const CUSTOMER_CACHE_MAX = 100_000;

export interface MeteringOptions {
  readonly nowMs?: () => number;
  readonly rateLimiter?: RateLimiter;
}

export class MeteringService implements Metering {
  private readonly nowMs: () => number;
  private readonly knownCustomers = new Map<string, CustomerRecord>();

  constructor(
    private readonly store: MarketStore,
    private readonly options: MeteringOptions = {},
  ) {
    this.nowMs = options.nowMs ?? Date.now;
  }

  /**
   * Records events idempotently (by id), in one durable transaction. With `limit` (one event
   * only), the event is recorded only if it keeps its meter within the limit, checked and
   * written atomically; otherwise the result counts it as `refused`.
   */
  async ingest(events: readonly UsageEvent[], options: { readonly limit?: IngestLimit } = {}): Promise<IngestResult> {
    if (!Array.isArray(events)) throw marketplaceError('KNHK_E_METER_EVENT_INVALID', 'events must be an array', {});
    if (events.length > INGEST_BATCH_MAX) {
      throw marketplaceError('KNHK_E_METER_BATCH_LIMIT', `${events.length} events; at most ${INGEST_BATCH_MAX}`, {
        count: events.length,
        max: INGEST_BATCH_MAX,
      });
    }
    const nowMs = this.nowMs();
    const customers = await this.customersOf(events);
    const stored: StoredEvent[] = events.map((e, i) =>
      toStoredEvent(i, e, (customers.get(e.customerId) as CustomerRecord).tenantId, nowMs),
    );
    this.takeRate(stored, nowMs);
    return this.store.ingest(stored, options.limit);
  }

  async aggregate(query: AggregationQuery): Promise<bigint> {
    return this.store.aggregate(query);
  }

  private async customersOf(events: readonly UsageEvent[]): Promise<Map<string, CustomerRecord>> {
    const customers = new Map<string, CustomerRecord>();
    for (const [index, event] of events.entries()) {
      const id = (event as Partial<UsageEvent> | null)?.customerId;
      if (typeof id !== 'string') {
        throw marketplaceError('KNHK_E_METER_EVENT_INVALID', `event ${index}: customerId missing`, { index });
      }
      if (customers.has(id)) continue;
      const customer = this.knownCustomers.get(id) ?? (await this.store.getCustomer(id));
      if (customer === undefined) {
        throw marketplaceError('KNHK_E_BILLING_CUSTOMER_UNKNOWN', `event ${index}: unknown customer ${id}`, {
          customerId: id,
        });
      }
      customers.set(id, customer);
      if (this.knownCustomers.size >= CUSTOMER_CACHE_MAX) this.knownCustomers.clear();
      this.knownCustomers.set(id, customer);
    }
    return customers;
  }

  private takeRate(events: readonly StoredEvent[], nowMs: number): void {
    const limiter = this.options.rateLimiter;
    if (limiter === undefined) return;
    const costs = new Map<string, { customerId: string; meter: string; cost: number }>();
    for (const e of events) {
      const key = `${e.customerId}\u0000${e.meter}`;
      const entry = costs.get(key) ?? { customerId: e.customerId, meter: e.meter, cost: 0 };
      entry.cost += 1;
      costs.set(key, entry);
    }
    for (const { customerId, meter, cost } of costs.values()) limiter.take(customerId, meter, nowMs, cost);
  }
}
