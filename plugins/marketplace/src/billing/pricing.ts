/**
 * Tiered pricing of one meter (Stripe's tiers_mode): `graduated` prices each unit at the tier
 * it falls in; `volume` prices every unit at the tier the total falls in. Each tier has a
 * unit price and a flat fee (charged when any unit falls in the tier, graduated; or for the
 * tier reached, volume). The result is exact, in 10^-12 of the currency (quantity micros x
 * price micros); rounding happens once, on the line item (see money.ts).
 */
import { QUANTITY_SCALE } from '../money/money.js';

export type TiersMode = 'graduated' | 'volume';

export interface PriceTier {
  /** Upper bound of the tier in quantity micro-units (inclusive); null for the last, open tier. */
  readonly upToMicros: bigint | null;
  readonly unitPriceMicros: bigint;
  readonly flatFeeMicros: bigint;
}

export interface TierUse {
  readonly tier: number;
  readonly quantityMicros: bigint;
  readonly unitPriceMicros: bigint;
  readonly flatFeeMicros: bigint;
}

export interface TieredAmount {
  /** Exact amount in 10^-(QUANTITY_SCALE + PRICE_SCALE) of the currency. */
  readonly amountExact: bigint;
  readonly tiers: readonly TierUse[];
}

const FLAT_TO_EXACT = 10n ** BigInt(QUANTITY_SCALE);

function use(index: number, tier: PriceTier, quantityMicros: bigint): TierUse {
  return {
    tier: index,
    quantityMicros,
    unitPriceMicros: tier.unitPriceMicros,
    flatFeeMicros: tier.flatFeeMicros,
  };
}

function total(uses: readonly TierUse[]): bigint {
  return uses.reduce((sum, u) => sum + u.quantityMicros * u.unitPriceMicros + u.flatFeeMicros * FLAT_TO_EXACT, 0n);
}

/** Graduated: the units up to each bound at that tier's price. Zero usage costs nothing. */
export function graduatedAmount(tiers: readonly PriceTier[], quantityMicros: bigint): TieredAmount {
  const uses: TierUse[] = [];
  let lower = 0n;
  for (let i = 0; i < tiers.length && quantityMicros > lower; i++) {
    const upper = tiers[i].upToMicros;
    const top = upper === null || quantityMicros < upper ? quantityMicros : upper;
    uses.push(use(i, tiers[i], top - lower));
    if (upper === null) break;
    lower = upper;
  }
  return { amountExact: total(uses), tiers: uses };
}

/** Volume: every unit at the price of the tier the total falls in. Zero usage costs nothing. */
export function volumeAmount(tiers: readonly PriceTier[], quantityMicros: bigint): TieredAmount {
  if (quantityMicros === 0n) return { amountExact: 0n, tiers: [] };
  const index = tiers.findIndex((t) => t.upToMicros === null || quantityMicros <= t.upToMicros);
  const uses = [use(index, tiers[index], quantityMicros)];
  return { amountExact: total(uses), tiers: uses };
}

export function tieredAmount(mode: TiersMode, tiers: readonly PriceTier[], quantityMicros: bigint): TieredAmount {
  return mode === 'graduated' ? graduatedAmount(tiers, quantityMicros) : volumeAmount(tiers, quantityMicros);
}
