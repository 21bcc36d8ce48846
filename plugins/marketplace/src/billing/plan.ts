/**
 * Plans (price books): a monthly base fee and tiered charges per meter. The seed's tiers are
 * built in; an Enterprise customer gets a custom price book, written as JSON (decimal
 * strings, never numbers) and checked by {@link parsePlan}.
 */
import { KnhkError } from '@knhk/core';
import { type Currency, USD, parseMinor, parsePrice, parseQuantity } from '../money/money.js';
import { type AggregationKind, AGGREGATION_KINDS } from '../metering/aggregation.js';
import { METER_NAME_PATTERN } from '../metering/meters.js';
import type { PriceTier, TiersMode } from './pricing.js';
import { marketplaceError } from '../errors.js';

export const PLAN_CHARGES_MAX = 64;
export const PLAN_TIERS_MAX = 32;

export interface Charge {
  readonly meter: string;
  readonly aggregation: AggregationKind;
  /** The property a unique_count counts. */
  readonly property?: string;
  readonly mode: TiersMode;
  readonly tiers: readonly PriceTier[];
}

export interface Plan {
  readonly id: string;
  readonly name: string;
  readonly currency: Currency;
  readonly baseFeeMinor: bigint;
  /** Days from issue to due date. */
  readonly netDays: number;
  readonly charges: readonly Charge[];
}

function seedPlan(id: string, name: string, baseFee: string, includedUnits: string, overagePrice: string): Plan {
  return Object.freeze({
    id,
    name,
    currency: USD,
    baseFeeMinor: parseMinor(baseFee, USD),
    netDays: 30,
    charges: Object.freeze([
      {
        meter: 'api_calls',
        aggregation: 'sum' as const,
        mode: 'graduated' as const,
        tiers: Object.freeze([
          { upToMicros: parseQuantity(includedUnits), unitPriceMicros: 0n, flatFeeMicros: 0n },
          { upToMicros: null, unitPriceMicros: parsePrice(overagePrice), flatFeeMicros: 0n },
        ]),
      },
    ]),
  });
}

/** The seed's tiers: units are API calls per month; overage per call beyond the included units. */
export const SEED_PLANS: readonly Plan[] = Object.freeze([
  seedPlan('free', 'Free', '0', '100', '0.01'),
  seedPlan('starter', 'Starter', '99', '10000', '0.001'),
  seedPlan('professional', 'Professional', '499', '1000000', '0.0005'),
]);

function bad(message: string): KnhkError {
  return marketplaceError('KNHK_E_BILLING_PLAN_INVALID', message, {});
}

/** Checks tiers: increasing bounds, non-negative prices, an open last tier. */
export function checkTiers(tiers: readonly PriceTier[]): void {
  if (tiers.length === 0 || tiers.length > PLAN_TIERS_MAX) throw bad(`a charge needs 1..${PLAN_TIERS_MAX} tiers`);
  let lower = 0n;
  tiers.forEach((t, i) => {
    const last = i === tiers.length - 1;
    if ((t.upToMicros === null) !== last) throw bad(`tier ${i}: only the last tier is open (upTo null)`);
    if (t.upToMicros !== null && t.upToMicros <= lower) throw bad(`tier ${i}: upTo must increase`);
    if (t.unitPriceMicros < 0n || t.flatFeeMicros < 0n) throw bad(`tier ${i}: prices must not be negative`);
    lower = t.upToMicros ?? lower;
  });
}

interface TierJson {
  upTo: string | null;
  unitPrice: string;
  flatFee?: string;
}
interface ChargeJson {
  meter: string;
  aggregation: AggregationKind;
  property?: string;
  mode: TiersMode;
  tiers: TierJson[];
}

function parseCharge(c: ChargeJson, index: number): Charge {
  if (typeof c !== 'object' || c === null || !METER_NAME_PATTERN.test(String(c.meter))) {
    throw bad(`charge ${index}: bad meter`);
  }
  if (!AGGREGATION_KINDS.includes(c.aggregation)) throw bad(`charge ${index}: bad aggregation`);
  if (c.mode !== 'graduated' && c.mode !== 'volume') throw bad(`charge ${index}: mode is graduated or volume`);
  const needsProperty = c.aggregation === 'unique_count';
  if (needsProperty !== (c.property !== undefined) || (needsProperty && !METER_NAME_PATTERN.test(String(c.property)))) {
    throw bad(`charge ${index}: unique_count needs a property (a lowercase name), other aggregations none`);
  }
  if (!Array.isArray(c.tiers)) throw bad(`charge ${index}: tiers missing`);
  const tiers = c.tiers.map((t) => ({
    upToMicros: t.upTo === null ? null : parseQuantity(String(t.upTo)),
    unitPriceMicros: parsePrice(String(t.unitPrice)),
    flatFeeMicros: parsePrice(String(t.flatFee ?? '0')),
  }));
  checkTiers(tiers);
  return { meter: c.meter, aggregation: c.aggregation, property: c.property, mode: c.mode, tiers };
}

/** A price book from JSON text; throws KNHK_E_BILLING_PLAN_INVALID. */
export function parsePlan(text: string): Plan {
  let json: { id?: unknown; name?: unknown; baseFee?: unknown; netDays?: unknown; charges?: unknown };
  try {
    json = JSON.parse(text);
  } catch {
    throw bad('price book is not JSON');
  }
  if (typeof json.id !== 'string' || !METER_NAME_PATTERN.test(json.id)) throw bad('id must be a lowercase name');
  if (!Array.isArray(json.charges) || json.charges.length > PLAN_CHARGES_MAX) throw bad('charges must be a list');
  const netDays = json.netDays ?? 30;
  if (!Number.isSafeInteger(netDays) || (netDays as number) < 0 || (netDays as number) > 365) {
    throw bad('netDays must be 0..365');
  }
  try {
    const baseFeeMinor = parseMinor(String(json.baseFee ?? '0'), USD);
    if (baseFeeMinor < 0n) throw bad('baseFee must not be negative');
    return {
      id: json.id,
      name: typeof json.name === 'string' ? json.name : json.id,
      currency: USD,
      baseFeeMinor,
      netDays: netDays as number,
      charges: (json.charges as ChargeJson[]).map(parseCharge),
    };
  } catch (error) {
    if (error instanceof KnhkError) throw error;
    throw bad(`price book: ${(error as Error).message}`);
  }
}
