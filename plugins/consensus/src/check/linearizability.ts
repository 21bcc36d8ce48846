/**
 * Linearizability of a key-value history (Wing & Gong's search with Lowe's memoization, as in
 * Porcupine): keys are independent registers, so each key's operations are checked alone.
 * The search is bounded; when the bound is hit the answer is `unknown`, never a guess.
 */
import type { KvOperation } from '../simulation/history.js';

/** The outcome of a check; `key` names the first key that is not (or not known to be) linearizable. */
export interface LinearizabilityResult {
  readonly result: 'ok' | 'violation' | 'unknown';
  readonly key?: string;
  readonly steps: number;
}

interface Event {
  readonly op: number;
  readonly call: boolean;
  readonly timeMs: number;
  match: Event | undefined;
  prev: Event | undefined;
  next: Event | undefined;
}

function buildList(ops: readonly KvOperation[]): Event {
  const events: Event[] = [];
  for (const [op, o] of ops.entries()) {
    const call: Event = { op, call: true, timeMs: o.callMs, match: undefined, prev: undefined, next: undefined };
    const ret: Event = { op, call: false, timeMs: o.returnMs, match: undefined, prev: undefined, next: undefined };
    call.match = ret;
    events.push(call, ret);
  }
  // Calls before returns at equal times: such operations count as concurrent.
  events.sort((a, b) => a.timeMs - b.timeMs || Number(a.call ? 0 : 1) - Number(b.call ? 0 : 1) || a.op - b.op);
  const head: Event = { op: -1, call: false, timeMs: -Infinity, match: undefined, prev: undefined, next: undefined };
  let prev = head;
  for (const e of events) {
    prev.next = e;
    e.prev = prev;
    prev = e;
  }
  return head;
}

function lift(call: Event): void {
  for (const e of [call, call.match!]) {
    e.prev!.next = e.next;
    if (e.next !== undefined) e.next.prev = e.prev;
  }
}

function unlift(call: Event): void {
  for (const e of [call.match!, call]) {
    e.prev!.next = e;
    if (e.next !== undefined) e.next.prev = e;
  }
}

/** The register's next state after `op`, or undefined when `op` cannot happen in `state`. */
function step(state: string | null, op: KvOperation): { state: string | null } | undefined {
  if (op.kind === 'put') return { state: op.value };
  return op.value === state ? { state } : undefined;
}

/** Checks one key's operations; `budget.steps` counts down across keys. */
function checkKey(ops: readonly KvOperation[], budget: { steps: number }): 'ok' | 'violation' | 'unknown' {
  const head = buildList(ops);
  const seen = new Set<string>();
  const stack: { call: Event; state: string | null }[] = [];
  let linearized = 0n;
  let state: string | null = null;
  let entry = head.next;
  while (head.next !== undefined) {
    if (--budget.steps < 0) return 'unknown';
    if (entry === undefined) return 'violation';
    if (entry.call) {
      const next = step(state, ops[entry.op]);
      if (next !== undefined) {
        const bits = linearized | (1n << BigInt(entry.op));
        const key = `${bits.toString(36)}|${next.state ?? '\u0000'}`;
        if (!seen.has(key)) {
          seen.add(key);
          stack.push({ call: entry, state });
          state = next.state;
          linearized = bits;
          lift(entry);
          entry = head.next;
          continue;
        }
      }
      entry = entry.next;
      continue;
    }
    const top = stack.pop();
    if (top === undefined) return 'violation';
    state = top.state;
    linearized &= ~(1n << BigInt(top.call.op));
    unlift(top.call);
    entry = top.call.next;
  }
  return 'ok';
}

/** Checks a history of puts and gets on registers that start absent (null); `maxSteps` bounds the search. */
export function checkLinearizability(
  history: readonly KvOperation[],
  options: { readonly maxSteps: number },
): LinearizabilityResult {
  const byKey = new Map<string, KvOperation[]>();
  for (const op of history) {
    const list = byKey.get(op.key);
    if (list === undefined) byKey.set(op.key, [op]);
    else list.push(op);
  }
  const budget = { steps: options.maxSteps };
  let unknownKey: string | undefined;
  for (const key of [...byKey.keys()].sort()) {
    const result = checkKey(byKey.get(key)!, budget);
    if (result === 'violation') return { result, key, steps: options.maxSteps - budget.steps };
    if (result === 'unknown') {
      unknownKey ??= key;
      budget.steps = 0;
    }
  }
  const steps = options.maxSteps - Math.max(budget.steps, 0);
  return unknownKey === undefined ? { result: 'ok', steps } : { result: 'unknown', key: unknownKey, steps };
}
