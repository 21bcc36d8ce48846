/**
 * Aggregations of a meter over a period (Lago's and OpenMeter's set): count of events, sum,
 * max and latest of quantities, and unique count of a property's values. This is the
 * reference definition; stores compute the same in their query language.
 */
import type { StoredEvent } from './usage-event.js';

export type AggregationKind = 'count' | 'sum' | 'max' | 'unique_count' | 'latest';
export const AGGREGATION_KINDS: readonly AggregationKind[] = ['count', 'sum', 'max', 'unique_count', 'latest'];

/** What to aggregate: one customer's meter over [fromMs, toMs). `property` names the unique-count field. */
export interface AggregationQuery {
  readonly customerId: string;
  readonly meter: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly kind: AggregationKind;
  readonly property?: string;
}

/**
 * The aggregate, in quantity micro-units for sum/max/latest and in plain counts (scaled to
 * micro-units too, so that every aggregate prices the same way) for count and unique_count.
 * An empty period aggregates to 0. `latest` is the quantity of the event with the greatest
 * timestamp (ties broken by the greatest event id).
 */
export function aggregateEvents(events: readonly StoredEvent[], query: AggregationQuery): bigint {
  const matching = events.filter(
    (e) =>
      e.customerId === query.customerId &&
      e.meter === query.meter &&
      e.timestampMs >= query.fromMs &&
      e.timestampMs < query.toMs,
  );
  const unit = 1_000_000n;
  switch (query.kind) {
    case 'count':
      return BigInt(matching.length) * unit;
    case 'sum':
      return matching.reduce((total, e) => total + e.quantityMicros, 0n);
    case 'max':
      return matching.reduce((max, e) => (e.quantityMicros > max ? e.quantityMicros : max), 0n);
    case 'unique_count': {
      const values = new Set<string>();
      for (const e of matching) {
        const value = e.properties === null ? undefined : JSON.parse(e.properties)[query.property ?? ''];
        if (typeof value === 'string') values.add(value);
      }
      return BigInt(values.size) * unit;
    }
    case 'latest': {
      let latest: StoredEvent | undefined;
      for (const e of matching) {
        const later =
          latest === undefined ||
          e.timestampMs > latest.timestampMs ||
          (e.timestampMs === latest.timestampMs && e.eventId > latest.eventId);
        if (later) latest = e;
      }
      return latest?.quantityMicros ?? 0n;
    }
  }
}
