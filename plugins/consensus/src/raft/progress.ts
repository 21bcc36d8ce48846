/**
 * The leader's view of one follower (etcd raft's Progress): what matches, what to send next,
 * and the flow-control state that bounds messages in flight.
 */

/** probe: one message at a time until the match is found; replicate: pipelined; snapshot: waiting for one. */
export type ProgressState = 'probe' | 'replicate' | 'snapshot';

/** Replication progress of one follower. */
export class Progress {
  match = 0;
  next: number;
  state: ProgressState = 'probe';
  /** In probe: a message is out and unanswered. */
  paused = false;
  /** In replicate: the last index of each message in flight, ascending. */
  inflight: number[] = [];
  pendingSnapshot = 0;
  /** Heard from since the last check-quorum round. */
  recentActive = false;
  /** Highest heartbeat sequence acknowledged in this term. */
  ackSeq = 0;

  constructor(next: number) {
    this.next = next;
  }

  isPaused(maxInflightMessages: number): boolean {
    if (this.state === 'probe') return this.paused;
    if (this.state === 'replicate') return this.inflight.length >= maxInflightMessages;
    return true;
  }

  becomeProbe(): void {
    this.next = this.state === 'snapshot' ? Math.max(this.match, this.pendingSnapshot) + 1 : this.match + 1;
    this.state = 'probe';
    this.paused = false;
    this.inflight = [];
    this.pendingSnapshot = 0;
  }

  becomeReplicate(): void {
    this.state = 'replicate';
    this.next = this.match + 1;
    this.paused = false;
    this.inflight = [];
  }

  becomeSnapshot(index: number): void {
    this.state = 'snapshot';
    this.pendingSnapshot = index;
    this.inflight = [];
  }

  /** Records a successful append up to `index`; false when stale. */
  maybeUpdate(index: number): boolean {
    this.paused = false;
    if (index <= this.match) return false;
    this.match = index;
    this.next = Math.max(this.next, index + 1);
    while (this.inflight.length > 0 && this.inflight[0] <= index) this.inflight.shift();
    return true;
  }

  /** Handles a rejection of `rejected` with the follower's last index `hint`; false when stale. */
  maybeDecrease(rejected: number, hint: number): boolean {
    if (this.state === 'replicate') {
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, hint + 1), this.match + 1);
    this.paused = false;
    return true;
  }

  /** Notes a message in flight ending at `last`. */
  sent(last: number, count: number): void {
    if (this.state === 'replicate') {
      if (count > 0) {
        this.next = last + 1;
        this.inflight.push(last);
      }
    } else if (this.state === 'probe') {
      this.paused = true;
    }
  }
}
