/**
 * Checking incoming usage events and turning them into stored records (exact quantities,
 * epoch milliseconds, tenant id). A batch is checked whole before anything is written.
 */
import { KnhkError, type UsageEvent } from '@knhk/core';
import { DecimalError } from '../money/decimal.js';
import { parseQuantity } from '../money/money.js';
import { CUSTOMER_ID_PATTERN, parseInstant } from '../licensing/license.js';
import { METER_NAME_PATTERN } from './meters.js';
import { marketplaceError } from '../errors.js';

/** Most events one ingestion call accepts. */
export const INGEST_BATCH_MAX = 10_000;
/** How far in the future an event's timestamp may lie (clock skew of the sender). */
export const EVENT_FUTURE_TOLERANCE_MS = 5 * 60_000;
const EVENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/;
const PROPERTIES_MAX = 16;
/** Largest quantity of one event, in micro-units (10^12 units): sums stay within 64-bit integers. */
export const EVENT_QUANTITY_MAX_MICROS = 10n ** 18n;

/** A usage event as stored: every record carries its customer and tenant. */
export interface StoredEvent {
  readonly eventId: string;
  readonly customerId: string;
  readonly tenantId: string;
  readonly meter: string;
  readonly quantityMicros: bigint;
  readonly timestampMs: number;
  /** JSON of the properties, or null. */
  readonly properties: string | null;
}

function invalid(index: number, field: string, why: string, event: unknown): KnhkError {
  const id = (event as { id?: unknown })?.id;
  return marketplaceError('KNHK_E_METER_EVENT_INVALID', `event ${index} (${JSON.stringify(id)}): ${field} ${why}`, {
    index,
    field,
  });
}

function checkProperties(index: number, event: UsageEvent): string | null {
  if (event.properties === undefined) return null;
  const entries = Object.entries(event.properties ?? 0);
  const ok =
    typeof event.properties === 'object' &&
    entries.length <= PROPERTIES_MAX &&
    entries.every(([k, v]) => METER_NAME_PATTERN.test(k) && typeof v === 'string' && v.length <= 256);
  if (!ok) throw invalid(index, 'properties', `must be at most ${PROPERTIES_MAX} short string values`, event);
  return JSON.stringify(Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1))));
}

function quantityOf(index: number, event: UsageEvent): bigint {
  try {
    const q = parseQuantity(event.quantity);
    if (q < 0n) throw invalid(index, 'quantity', 'is negative', event);
    if (q > EVENT_QUANTITY_MAX_MICROS) throw invalid(index, 'quantity', 'is more than 10^12 units', event);
    return q;
  } catch (error) {
    if (!(error instanceof DecimalError)) throw error;
    throw invalid(index, 'quantity', `${JSON.stringify(event.quantity)}: ${error.message}`, event);
  }
}

/** Checks one event and returns its stored form; throws KNHK_E_METER_EVENT_INVALID. */
export function toStoredEvent(index: number, event: UsageEvent, tenantId: string, nowMs: number): StoredEvent {
  if (typeof event !== 'object' || event === null) throw invalid(index, 'event', 'is not an object', event);
  if (typeof event.id !== 'string' || !EVENT_ID_PATTERN.test(event.id)) throw invalid(index, 'id', 'is bad', event);
  if (typeof event.customerId !== 'string' || !CUSTOMER_ID_PATTERN.test(event.customerId)) {
    throw invalid(index, 'customerId', 'is bad', event);
  }
  if (typeof event.meter !== 'string' || !METER_NAME_PATTERN.test(event.meter)) {
    throw invalid(index, 'meter', 'must be a lowercase name', event);
  }
  const timestampMs = parseInstant(event.timestamp);
  if (timestampMs === undefined) throw invalid(index, 'timestamp', 'must be an ISO 8601 UTC instant', event);
  if (timestampMs > nowMs + EVENT_FUTURE_TOLERANCE_MS) throw invalid(index, 'timestamp', 'is in the future', event);
  return {
    eventId: event.id,
    customerId: event.customerId,
    tenantId,
    meter: event.meter,
    quantityMicros: quantityOf(index, event),
    timestampMs,
    properties: checkProperties(index, event),
  };
}
