/**
 * Reconnect delays: exponential backoff with jitter, pure. Attempt 0 waits about `minMs`, each
 * failed attempt doubles the delay up to `maxMs`; the jitter (a factor in [0.5, 1)) keeps nodes
 * that lost a peer together from redialling in step.
 */

/** Backoff bounds, in milliseconds. */
export interface BackoffPolicy {
  readonly minMs: number;
  readonly maxMs: number;
}

/** The delay before reconnect attempt `attempt` (0-based); `random` returns a number in [0, 1). */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number, random: () => number): number {
  const exponential = Math.min(policy.maxMs, policy.minMs * 2 ** Math.min(attempt, 30));
  return Math.round(exponential * (0.5 + 0.5 * random()));
}
