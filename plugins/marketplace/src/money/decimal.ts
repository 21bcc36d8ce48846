/**
 * Fixed-point decimals over BigInt: a decimal string such as "0.0005" is held as an integer
 * count of 10^-scale units ("0.0005" at scale 6 is 500n). Parsing is exact and refuses
 * anything that does not fit the scale; nothing here uses binary floating point.
 */

const DECIMAL_PATTERN = /^(-)?(\d{1,30})(?:\.(\d{1,30}))?$/;

/** Why a decimal string was refused: `format` (not a plain decimal) or `precision` (too many decimals). */
export class DecimalError extends Error {
  constructor(
    readonly problem: 'format' | 'precision',
    message: string,
  ) {
    super(message);
    this.name = 'DecimalError';
  }
}

/** Parses a plain decimal string ("12", "-3.5", "0.000001") into an integer at `scale` digits. */
export function parseDecimal(text: string, scale: number): bigint {
  const match = typeof text === 'string' ? DECIMAL_PATTERN.exec(text) : null;
  if (match === null) throw new DecimalError('format', `"${text}" is not a plain decimal number`);
  const [, sign, whole, fraction = ''] = match;
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > scale) {
    throw new DecimalError('precision', `"${text}" has more than ${scale} decimal places`);
  }
  const value = BigInt(whole) * 10n ** BigInt(scale) + BigInt(trimmed.padEnd(scale, '0') || '0');
  return sign === '-' ? -value : value;
}

/** Formats an integer at `scale` digits as a decimal string with at least `minDigits` decimals. */
export function formatDecimal(value: bigint, scale: number, minDigits = 0): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  let fraction = scale === 0 ? '' : digits.slice(digits.length - scale).replace(/0+$/, '');
  if (fraction.length < minDigits) fraction = fraction.padEnd(minDigits, '0');
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}
