/**
 * The leader's queue of linearizable reads (Raft dissertation §6.4, etcd's read_only.go):
 * reads wait for the first commit of the leader's term, then for a quorum to acknowledge a
 * heartbeat sent after they arrived; then they leave as ReadStates. Bounded by `maxPendingReads`.
 */
import type { ReadState } from './types.js';
import { consensusError } from '../errors.js';

interface PendingRead {
  readonly requestId: number;
  readonly index: number;
  /** The heartbeat whose acknowledgement by a quorum confirms the read. */
  readonly seq: number;
}

/** Reads in flight at a leader, in arrival order. */
export class ReadIndexQueue {
  private waiting: number[] = [];
  private pending: PendingRead[] = [];
  private ready: ReadState[] = [];

  constructor(private readonly maxPendingReads: number) {}

  /** Accepts a read, throwing `KNHK_E_CONSENSUS_OVERLOADED` when the queue is full. */
  admit(): void {
    if (this.waiting.length + this.pending.length >= this.maxPendingReads) {
      throw consensusError('KNHK_E_CONSENSUS_OVERLOADED', `read: ${this.maxPendingReads} reads pending`);
    }
  }

  /** Parks a read until the leader has committed an entry of its term. */
  wait(requestId: number): void {
    this.waiting.push(requestId);
  }

  /** The parked reads, removed. */
  takeWaiting(): number[] {
    const waiting = this.waiting;
    this.waiting = [];
    return waiting;
  }

  /** A read at commit index `index`, confirmed by heartbeat `seq`. */
  add(requestId: number, index: number, seq: number): void {
    this.pending.push({ requestId, index, seq });
  }

  /** A read that needs no confirmation (a single-voter group). */
  confirm(requestId: number, index: number): void {
    this.ready.push({ requestId, index });
  }

  /** Moves the reads whose heartbeat a quorum acknowledged to the ready list, in order. */
  release(confirmed: (seq: number) => boolean): void {
    while (this.pending.length > 0 && confirmed(this.pending[0].seq)) {
      const read = this.pending.shift()!;
      this.ready.push({ requestId: read.requestId, index: read.index });
    }
  }

  hasReady(): boolean {
    return this.ready.length > 0;
  }

  /** The confirmed reads, removed. */
  takeReady(): ReadState[] {
    const ready = this.ready;
    this.ready = [];
    return ready;
  }

  /** Drops unconfirmed reads (leadership lost); their clients time out. */
  dropPending(): void {
    this.waiting = [];
    this.pending = [];
  }
}
