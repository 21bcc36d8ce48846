/** The SQL of each aggregation (the same definitions as metering/aggregation.ts). */
import type { AggregationQuery } from '../../metering/aggregation.js';

const WHERE =
  'FROM usage_events WHERE customer_id = :customerId AND meter = :meter AND timestamp_ms >= :fromMs AND timestamp_ms < :toMs';

export function aggregateSql(query: AggregationQuery): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {
    customerId: query.customerId,
    meter: query.meter,
    fromMs: query.fromMs,
    toMs: query.toMs,
  };
  switch (query.kind) {
    case 'count':
      return { sql: `SELECT COUNT(*) * 1000000 ${WHERE}`, params };
    case 'sum':
      return { sql: `SELECT COALESCE(SUM(quantity_micros), 0) ${WHERE}`, params };
    case 'max':
      return { sql: `SELECT COALESCE(MAX(quantity_micros), 0) ${WHERE}`, params };
    case 'unique_count':
      return {
        sql: `SELECT COUNT(DISTINCT json_extract(properties, :path)) * 1000000 ${WHERE}`,
        params: { ...params, path: `$."${query.property ?? ''}"` },
      };
    case 'latest':
      return { sql: `SELECT quantity_micros ${WHERE} ORDER BY timestamp_ms DESC, event_id DESC LIMIT 1`, params };
  }
}
