/**
 * The one rounding rule of the marketplace: round half to even ("banker's rounding"), to the
 * currency's minor unit (the cent for USD), applied once per invoice line item and once to the
 * tax of an invoice. Every other step is exact integer arithmetic on BigInt.
 */

/** `numerator / denominator` rounded half to even. The denominator must be positive. */
export function divideRoundHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('divideRoundHalfEven: denominator must be positive');
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  let quotient = magnitude / denominator;
  const twiceRemainder = (magnitude % denominator) * 2n;
  if (twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n)) quotient += 1n;
  return negative ? -quotient : quotient;
}
