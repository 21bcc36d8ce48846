/**
 * GCRA (generic cell rate algorithm), the rate limiter of ATM networks and of redis-cell: a
 * pure function of the limiter's state and the time passed in. It allows `burst` events at
 * once and then one every `emissionIntervalMs`; the whole state is one number, the
 * theoretical arrival time.
 */
export interface GcraLimit {
  /** Time between events at the sustained rate, in milliseconds (1000 / rate per second). */
  readonly emissionIntervalMs: number;
  /** Events allowed at once (at least 1). */
  readonly burst: number;
}

export interface GcraDecision {
  readonly allowed: boolean;
  /** The new theoretical arrival time; keep it only when allowed. */
  readonly tatMs: number;
  /** When refused, how long until `cost` events would be allowed. */
  readonly retryAfterMs: number;
}

/** Decides whether `cost` events at `nowMs` conform; `tatMs` is the stored state (0 when new). */
export function gcra(tatMs: number, nowMs: number, limit: GcraLimit, cost = 1): GcraDecision {
  const tat = Math.max(tatMs, nowMs);
  const newTat = tat + cost * limit.emissionIntervalMs;
  const allowAt = newTat - limit.burst * limit.emissionIntervalMs;
  if (allowAt > nowMs) return { allowed: false, tatMs, retryAfterMs: allowAt - nowMs };
  return { allowed: true, tatMs: newTat, retryAfterMs: 0 };
}
