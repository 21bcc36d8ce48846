/**
 * Money and quantities. Amounts owed are integer minor units (cents for USD: `amountMinor`);
 * unit prices are integer micro-units of the currency (`priceMicros`, 10^-6 of a dollar, so
 * $0.0005 is 500n); quantities are integer micro-units of the meter's unit
 * (`quantityMicros`, so 0.25 GPU hours is 250000n). All BigInt, never binary floating point.
 */
import { divideRoundHalfEven } from './rounding.js';
import { formatDecimal, parseDecimal } from './decimal.js';

/** Decimal places of a quantity. */
export const QUANTITY_SCALE = 6;
/** Decimal places of a unit price. */
export const PRICE_SCALE = 6;
/** Decimal places of a rate (tax): parts per million. */
export const RATE_SCALE = 6;

/** A currency and the number of decimals of its minor unit. */
export interface Currency {
  readonly code: string;
  readonly minorDigits: number;
}

export const USD: Currency = Object.freeze({ code: 'USD', minorDigits: 2 });

/**
 * The amount, in minor units, of `quantityMicros` at `priceMicros` per unit: exact product,
 * then the one rounding rule (half to even, to the minor unit).
 */
export function lineAmountMinor(quantityMicros: bigint, priceMicros: bigint, currency: Currency): bigint {
  const exactScale = QUANTITY_SCALE + PRICE_SCALE - currency.minorDigits;
  return divideRoundHalfEven(quantityMicros * priceMicros, 10n ** BigInt(exactScale));
}

/** An exact amount in micro-units of the currency, rounded to minor units by the one rule. */
export function microsToMinor(amountMicros: bigint, currency: Currency): bigint {
  return divideRoundHalfEven(amountMicros, 10n ** BigInt(PRICE_SCALE - currency.minorDigits));
}

/** Tax on `amountMinor` at `ratePpm` (parts per million: 8.25% is 82500n), rounded by the one rule. */
export function taxMinor(amountMinor: bigint, ratePpm: bigint): bigint {
  return divideRoundHalfEven(amountMinor * ratePpm, 10n ** BigInt(RATE_SCALE));
}

/** "1234.50" for 123450n cents. */
export function formatMinor(amountMinor: bigint, currency: Currency): string {
  return formatDecimal(amountMinor, currency.minorDigits, currency.minorDigits);
}

/** Parses "12.34" into minor units; refuses sub-minor precision. */
export function parseMinor(text: string, currency: Currency): bigint {
  return parseDecimal(text, currency.minorDigits);
}

export const parseQuantity = (text: string): bigint => parseDecimal(text, QUANTITY_SCALE);
export const formatQuantity = (quantityMicros: bigint): string => formatDecimal(quantityMicros, QUANTITY_SCALE);
export const parsePrice = (text: string): bigint => parseDecimal(text, PRICE_SCALE);
export const formatPrice = (priceMicros: bigint): string => formatDecimal(priceMicros, PRICE_SCALE);
export const parseRate = (text: string): bigint => parseDecimal(text, RATE_SCALE);
