/** Rate limiting per customer and meter with GCRA, holding at most `keysMax` limiter states. */
import { KnhkError } from '@knhk/core';
import { type GcraLimit, gcra } from './gcra.js';
import { marketplaceError } from '../errors.js';

export const RATE_LIMITER_KEYS_MAX = 100_000;

export class RateLimiter {
  private readonly tat = new Map<string, number>();

  constructor(
    readonly limit: GcraLimit,
    readonly keysMax: number = RATE_LIMITER_KEYS_MAX,
  ) {
    if (!(limit.emissionIntervalMs > 0) || !Number.isSafeInteger(limit.burst) || limit.burst < 1) {
      throw new KnhkError('KNHK_E_ARG_RANGE', 'rate limit needs emissionIntervalMs > 0 and an integer burst >= 1', {});
    }
  }

  /** Takes `cost` events for the customer and meter, or throws KNHK_E_METER_RATE_LIMITED. */
  take(customerId: string, meter: string, nowMs: number, cost = 1): void {
    const key = `${customerId}\u0000${meter}`;
    const decision = gcra(this.tat.get(key) ?? 0, nowMs, this.limit, cost);
    if (!decision.allowed) {
      throw marketplaceError(
        'KNHK_E_METER_RATE_LIMITED',
        `customer ${customerId}, meter ${meter}: retry after ${Math.ceil(decision.retryAfterMs)} ms`,
        { customerId, meter, retryAfterMs: decision.retryAfterMs },
      );
    }
    this.tat.delete(key);
    if (this.tat.size >= this.keysMax) this.evictConforming(nowMs);
    this.tat.set(key, decision.tatMs);
  }

  /** Drops states whose theoretical arrival time has passed (they equal a fresh state), oldest first. */
  private evictConforming(nowMs: number): void {
    for (const [key, tat] of this.tat) {
      if (this.tat.size < this.keysMax) return;
      if (tat <= nowMs) this.tat.delete(key);
    }
    const oldest = this.tat.keys().next();
    if (this.tat.size >= this.keysMax && oldest.done !== true) this.tat.delete(oldest.value);
  }
}
