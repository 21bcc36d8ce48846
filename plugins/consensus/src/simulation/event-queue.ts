/**
 * A bounded priority queue of timed events for the simulator: ordered by virtual time, then
 * by insertion, so that events at the same instant run in a fixed order.
 */
import { invariant } from '../raft/assert.js';

interface Slot<T> {
  readonly timeMs: number;
  readonly seq: number;
  readonly event: T;
}

/** A binary min-heap on (timeMs, insertion order). */
export class EventQueue<T> {
  private readonly heap: Slot<T>[] = [];
  private seq = 0;

  constructor(readonly maxEvents: number) {}

  get size(): number {
    return this.heap.length;
  }

  /** Schedules `event` at `timeMs`; false (and dropped) when the queue is full. */
  push(timeMs: number, event: T): boolean {
    if (this.heap.length >= this.maxEvents) return false;
    invariant(Number.isFinite(timeMs), 'event time is finite');
    this.heap.push({ timeMs, seq: this.seq++, event });
    this.up(this.heap.length - 1);
    return true;
  }

  /** The earliest event, removed; undefined when empty. */
  pop(): { timeMs: number; event: T } | undefined {
    if (this.heap.length === 0) return undefined;
    const top = this.heap[0];
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
    return { timeMs: top.timeMs, event: top.event };
  }

  private less(a: number, b: number): boolean {
    const x = this.heap[a];
    const y = this.heap[b];
    return x.timeMs < y.timeMs || (x.timeMs === y.timeMs && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const t = this.heap[a];
    this.heap[a] = this.heap[b];
    this.heap[b] = t;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.heap.length && this.less(l, m)) m = l;
      if (r < this.heap.length && this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
