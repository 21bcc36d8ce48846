/** Billing periods: calendar months in UTC, written `YYYY-MM`, as half-open ranges [fromMs, toMs). */
import { marketplaceError } from './errors.js';

export interface Period {
  readonly id: string;
  readonly fromMs: number;
  readonly toMs: number;
}

const PERIOD_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parsePeriod(text: string): Period {
  const match = PERIOD_PATTERN.exec(text);
  if (match === null) {
    throw marketplaceError('KNHK_E_BILLING_PERIOD_INVALID', `period "${text}" is not YYYY-MM`, { period: text });
  }
  const year = Number(match[1]);
  const month = Number(match[2]) - 1;
  return { id: text, fromMs: Date.UTC(year, month, 1), toMs: Date.UTC(year, month + 1, 1) };
}

/** The month that contains `atMs`. */
export function periodOf(atMs: number): Period {
  const d = new Date(atMs);
  return parsePeriod(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
}

/** A period that can be invoiced at `nowMs`: it has ended. */
export function closedPeriod(text: string, nowMs: number): Period {
  const period = parsePeriod(text);
  if (period.toMs > nowMs) {
    const why = period.fromMs > nowMs ? 'is in the future' : 'has not ended yet';
    throw marketplaceError('KNHK_E_BILLING_PERIOD_INVALID', `period ${text} ${why}`, { period: text });
  }
  return period;
}
