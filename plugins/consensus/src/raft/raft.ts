/**
 * The Raft core: a pure, deterministic state machine. Inputs are `tick()`, `step(message)`
 * and the client calls (`propose`, `readIndex`, ...); every effect leaves through `ready()`
 * and is acknowledged with `advance()`; `stableTo()` reports entries that became durable
 * after their Ready was advanced (asynchronous storage). No clocks, no I/O, no Math.random: the same inputs
 * give the same outputs.
 */
import { SeededRandom } from '@knhk/core';
import { invariant } from './assert.js';
import type { RaftConfig } from './config.js';
import { validateRaftConfig } from './config.js';
import { RaftLog } from './log.js';
import { Progress } from './progress.js';
import { ReadIndexQueue } from './read-index.js';
import type {
  AppendRequest,
  AppendResponse,
  HardState,
  Heartbeat,
  InstallSnapshot,
  MembershipChange,
  Message,
  NodeId,
  PersistedState,
  RaftState,
  RaftStatus,
  Ready,
  Snapshot,
  VoteRequest,
  VoteResponse,
} from './types.js';
import { consensusError } from '../errors.js';

type Outgoing = Message extends infer M
  ? M extends Message
    ? Omit<M, 'from' | 'term'> & { term?: number }
    : never
  : never;

const EMPTY = new Uint8Array(0);

/** One Raft node. */
export class Raft {
  readonly config: RaftConfig;
  readonly log: RaftLog;
  private readonly random: SeededRandom;
  role: RaftState = 'follower';
  term = 0;
  vote: NodeId | undefined;
  leader: NodeId | undefined;
  voters: Set<NodeId>;
  private progress = new Map<NodeId, Progress>();
  private votes = new Map<NodeId, boolean>();
  private electionElapsed = 0;
  private heartbeatElapsed = 0;
  private randomizedElectionTicks = 0;
  private heartbeatSeq = 0;
  private pendingConfIndex = 0;
  private leadTransferee: NodeId | undefined;
  private readonly reads: ReadIndexQueue;
  private messages: Message[] = [];
  private snapshotOut: { snapshot: Snapshot; install: boolean } | undefined;
  private persisted: HardState;

  /** A node from its configuration and what it had persisted (nothing for a fresh node). */
  constructor(config: RaftConfig, storage?: PersistedState) {
    this.config = validateRaftConfig(config);
    this.random = new SeededRandom(config.seed);
    this.reads = new ReadIndexQueue(this.config.maxPendingReads);
    const snapshot = storage?.snapshot ?? { index: 0, term: 0, voters: config.voters, data: EMPTY };
    const hard = storage?.hardState ?? { term: 0, vote: undefined, commit: 0 };
    this.log = new RaftLog(snapshot, storage?.entries ?? [], hard.commit);
    this.log.unstableFrom = this.log.lastIndex() + 1;
    this.term = hard.term;
    this.vote = hard.vote;
    this.voters = new Set(snapshot.voters);
    this.persisted = this.hardState();
    this.resetElectionTimer();
  }

  /** The volatile status of this node. */
  status(): RaftStatus {
    return {
      id: this.config.id,
      role: this.role,
      term: this.term,
      leader: this.leader,
      commitIndex: this.log.committed,
      appliedIndex: this.log.applied,
      lastIndex: this.log.lastIndex(),
      voters: [...this.voters].sort(),
    };
  }

  private hardState(): HardState {
    return { term: this.term, vote: this.vote, commit: this.log.committed };
  }

  private quorum(): number {
    return Math.floor(this.voters.size / 2) + 1;
  }

  private promotable(): boolean {
    return this.voters.has(this.config.id);
  }

  private send(message: Outgoing): void {
    this.messages.push({ term: this.term, ...message, from: this.config.id } as Message);
  }

  private resetElectionTimer(): void {
    this.electionElapsed = 0;
    this.randomizedElectionTicks = this.config.electionTicks + this.random.int(this.config.electionTicks);
  }

  private reset(term: number): void {
    if (term !== this.term) {
      this.term = term;
      this.vote = undefined;
    }
    this.leader = undefined;
    this.heartbeatElapsed = 0;
    this.resetElectionTimer();
    this.votes.clear();
    this.leadTransferee = undefined;
    this.reads.dropPending();
    this.progress.clear();
  }

  // ---- Roles ----------------------------------------------------------------------------

  /** Becomes a follower of `leader` (or of nobody yet) in `term`. */
  becomeFollower(term: number, leader: NodeId | undefined): void {
    this.reset(term);
    this.role = 'follower';
    this.leader = leader;
  }

  private becomePreCandidate(): void {
    invariant(this.role !== 'leader', 'a leader does not pre-campaign');
    this.votes.clear();
    this.leader = undefined;
    this.role = 'preCandidate';
    this.resetElectionTimer();
  }

  private becomeCandidate(): void {
    invariant(this.role !== 'leader', 'a leader does not campaign');
    this.reset(this.term + 1);
    this.vote = this.config.id;
    this.role = 'candidate';
  }

  /** Becomes leader of the current term and appends the empty entry that commits earlier terms (§8). */
  becomeLeader(): void {
    invariant(this.role === 'candidate', 'only a candidate becomes leader');
    this.reset(this.term);
    this.role = 'leader';
    this.leader = this.config.id;
    for (const id of this.voters) this.progress.set(id, this.newProgress(id));
    this.pendingConfIndex = this.log.lastIndex();
    this.appendEntry([{ data: EMPTY }]);
  }

  private newProgress(id: NodeId): Progress {
    const pr = new Progress(this.log.lastIndex() + 1);
    if (id === this.config.id) {
      // The leader counts its own entries toward a quorum only once they are durable here.
      pr.match = Math.min(this.log.durable, this.log.lastIndex());
      pr.becomeReplicate();
    }
    pr.recentActive = true;
    return pr;
  }

  // ---- Ticks ----------------------------------------------------------------------------

  /** Advances logical time by one tick. */
  tick(): void {
    this.electionElapsed++;
    if (this.role === 'leader') {
      this.tickLeader();
      return;
    }
    if (this.electionElapsed >= this.randomizedElectionTicks && this.promotable()) {
      this.startElection(false);
    }
  }

  private tickLeader(): void {
    this.heartbeatElapsed++;
    if (this.electionElapsed >= this.config.electionTicks) {
      this.electionElapsed = 0;
      if (this.config.checkQuorum && !this.quorumActive()) {
        this.becomeFollower(this.term, undefined);
        return;
      }
      this.leadTransferee = undefined;
    }
    if (this.heartbeatElapsed >= this.config.heartbeatTicks) {
      this.heartbeatElapsed = 0;
      this.broadcastHeartbeat();
    }
  }

  private quorumActive(): boolean {
    let active = 0;
    for (const [id, pr] of this.progress) {
      if (!this.voters.has(id)) continue;
      if (id === this.config.id || pr.recentActive) active++;
      pr.recentActive = false;
    }
    return active >= this.quorum();
  }

  // ---- Elections ------------------------------------------------------------------------

  /** Starts a (pre-)election; `force` skips pre-vote and the followers' leader lease (leadership transfer). */
  startElection(force: boolean): void {
    if (!this.promotable()) return;
    const pre = this.config.preVote && !force;
    if (pre) this.becomePreCandidate();
    else this.becomeCandidate();
    const term = pre ? this.term + 1 : this.term;
    this.votes.set(this.config.id, true);
    if (this.tallyVotes() === 'won') {
      this.wonVote(pre);
      return;
    }
    for (const id of [...this.voters].sort()) {
      if (id === this.config.id) continue;
      this.send({
        type: pre ? 'preVote' : 'vote',
        to: id,
        term,
        lastIndex: this.log.lastIndex(),
        lastTerm: this.log.lastTerm(),
        force,
      });
    }
  }

  private wonVote(pre: boolean): void {
    if (pre) this.startElection(true);
    else this.becomeLeader();
  }

  private tallyVotes(): 'won' | 'lost' | 'pending' {
    let granted = 0;
    let rejected = 0;
    for (const [id, vote] of this.votes) {
      if (!this.voters.has(id)) continue;
      if (vote) granted++;
      else rejected++;
    }
    if (granted >= this.quorum()) return 'won';
    if (rejected >= this.quorum()) return 'lost';
    return 'pending';
  }

  private handleVoteRequest(m: VoteRequest): void {
    const pre = m.type === 'preVote';
    const canVote =
      this.vote === m.from || (this.vote === undefined && this.leader === undefined) || (pre && m.term > this.term);
    const type = pre ? 'preVoteResponse' : 'voteResponse';
    const upToDate = this.config.faults?.voteIgnoringLog === true || this.log.isUpToDate(m.lastIndex, m.lastTerm);
    if (canVote && upToDate) {
      this.send({ type, to: m.from, term: m.term, granted: true });
      if (!pre) {
        this.electionElapsed = 0;
        this.vote = m.from;
      }
      return;
    }
    this.send({ type, to: m.from, granted: false });
  }

  private handleVoteResponse(m: VoteResponse): void {
    const pre = m.type === 'preVoteResponse';
    if ((pre && this.role !== 'preCandidate') || (!pre && this.role !== 'candidate')) return;
    this.votes.set(m.from, m.granted);
    const outcome = this.tallyVotes();
    if (outcome === 'won') this.wonVote(pre);
    else if (outcome === 'lost') this.becomeFollower(this.term, undefined);
  }

  // ---- Step -----------------------------------------------------------------------------

  /** Feeds one message from another node. */
  step(m: Message): void {
    invariant(m.to === this.config.id, `message for ${m.to} stepped into ${this.config.id}`);
    if (m.term > this.term) {
      if (!this.acceptHigherTerm(m)) return;
    } else if (m.term < this.term) {
      this.answerStaleTerm(m);
      return;
    }
    this.stepCurrentTerm(m);
  }

  /** False when a higher-term message is ignored (a vote request inside a leader lease). */
  private acceptHigherTerm(m: Message): boolean {
    if (m.type === 'preVote' || m.type === 'vote') {
      const inLease =
        this.config.checkQuorum && this.leader !== undefined && this.electionElapsed < this.config.electionTicks;
      if (inLease && !m.force) return false;
    }
    if (m.type === 'preVote' || (m.type === 'preVoteResponse' && m.granted)) return true;
    const fromLeader = m.type === 'append' || m.type === 'heartbeat' || m.type === 'snapshot';
    this.becomeFollower(m.term, fromLeader ? m.from : undefined);
    return true;
  }

  private answerStaleTerm(m: Message): void {
    if ((this.config.checkQuorum || this.config.preVote) && (m.type === 'append' || m.type === 'heartbeat')) {
      this.send({ type: 'appendResponse', to: m.from, success: false, index: 0, hint: 0 });
    } else if (m.type === 'preVote') {
      this.send({ type: 'preVoteResponse', to: m.from, granted: false });
    }
  }

  private stepCurrentTerm(m: Message): void {
    switch (m.type) {
      case 'preVote':
      case 'vote':
        this.handleVoteRequest(m);
        return;
      case 'preVoteResponse':
      case 'voteResponse':
        this.handleVoteResponse(m);
        return;
      case 'append':
      case 'heartbeat':
      case 'snapshot':
        this.stepFromLeader(m);
        return;
      case 'appendResponse':
        if (this.role === 'leader') this.handleAppendResponse(m);
        return;
      case 'heartbeatResponse':
        if (this.role === 'leader') this.handleHeartbeatResponse(m.from, m.seq);
        return;
      case 'timeoutNow':
        if (this.role !== 'leader') this.startElection(true);
        return;
    }
  }

  private stepFromLeader(m: AppendRequest | Heartbeat | InstallSnapshot): void {
    invariant(this.role !== 'leader', `two leaders in term ${this.term}`);
    if (this.role !== 'follower') this.becomeFollower(this.term, m.from);
    this.electionElapsed = 0;
    this.leader = m.from;
    if (m.type === 'append') this.handleAppend(m);
    else if (m.type === 'heartbeat') {
      this.log.commitTo(Math.min(m.commit, this.log.lastIndex()));
      this.send({ type: 'heartbeatResponse', to: m.from, seq: m.seq });
    } else this.handleSnapshot(m);
  }

  private handleAppend(m: AppendRequest): void {
    if (m.prevIndex < this.log.committed) {
      this.send({ type: 'appendResponse', to: m.from, success: true, index: this.log.committed, hint: 0 });
      return;
    }
    const lastNew = this.log.maybeAppend(m.prevIndex, m.prevTerm, m.commit, m.entries);
    if (lastNew !== undefined) {
      this.send({ type: 'appendResponse', to: m.from, success: true, index: lastNew, hint: 0 });
      return;
    }
    const hint = Math.min(m.prevIndex, this.log.lastIndex());
    this.send({ type: 'appendResponse', to: m.from, success: false, index: m.prevIndex, hint });
  }

  private handleSnapshot(m: InstallSnapshot): void {
    const snap = m.snapshot;
    if (snap.index <= this.log.committed) {
      this.send({ type: 'appendResponse', to: m.from, success: true, index: this.log.committed, hint: 0 });
      return;
    }
    if (this.log.matchTerm(snap.index, snap.term)) {
      this.log.commitTo(snap.index);
    } else {
      this.log.restore(snap);
      this.voters = new Set(snap.voters);
      this.snapshotOut = { snapshot: snap, install: true };
    }
    this.send({ type: 'appendResponse', to: m.from, success: true, index: this.log.lastIndex(), hint: 0 });
  }

  // ---- Replication (leader) -------------------------------------------------------------

  /** Appends new entries to the leader's log (the seed's `append_entry`) and replicates them. */
  appendEntry(entries: readonly { data: Uint8Array; change?: MembershipChange }[]): number {
    invariant(this.role === 'leader', 'only the leader appends new entries');
    const first = this.log.lastIndex() + 1;
    this.log.append(entries.map((e, i) => ({ term: this.term, index: first + i, ...e })));
    // The leader's own match moves in stableTo, once these entries are durable here.
    if (this.config.faults?.leaderCountsUndurable === true) {
      this.progress.get(this.config.id)?.maybeUpdate(this.log.lastIndex());
      this.commitEntries();
    }
    this.broadcastAppend();
    return this.log.lastIndex();
  }

  private broadcastAppend(): void {
    for (const id of [...this.progress.keys()].sort()) {
      if (id !== this.config.id) this.sendAppend(id, true);
    }
  }

  /** Sends what the follower needs next; false when nothing was sent (paused or up to date). */
  private sendAppend(to: NodeId, sendIfEmpty: boolean): boolean {
    const pr = this.progress.get(to);
    if (pr === undefined || pr.isPaused(this.config.maxInflightMessages)) return false;
    const prevIndex = pr.next - 1;
    const prevTerm = this.log.term(prevIndex);
    if (prevTerm === undefined) {
      this.send({ type: 'snapshot', to, snapshot: this.log.snapshot });
      pr.becomeSnapshot(this.log.snapshot.index);
      return true;
    }
    const { maxEntriesPerMessage, maxBytesPerMessage } = this.config;
    const entries =
      pr.next > this.log.lastIndex()
        ? []
        : this.log.slice(pr.next, this.log.lastIndex(), maxEntriesPerMessage, maxBytesPerMessage);
    if (entries.length === 0 && !sendIfEmpty) return false;
    this.send({ type: 'append', to, prevIndex, prevTerm, entries, commit: this.log.committed });
    pr.sent(prevIndex + entries.length, entries.length);
    return true;
  }

  private handleAppendResponse(m: AppendResponse): void {
    const pr = this.progress.get(m.from);
    if (pr === undefined) return;
    pr.recentActive = true;
    if (!m.success) {
      if (pr.maybeDecrease(m.index, m.hint)) {
        if (pr.state === 'replicate') pr.becomeProbe();
        this.sendAppend(m.from, true);
      }
      return;
    }
    const wasPaused = pr.isPaused(this.config.maxInflightMessages);
    if (!pr.maybeUpdate(m.index)) {
      if (wasPaused && pr.state === 'probe') this.sendAppend(m.from, false);
      return;
    }
    if (pr.state === 'probe') pr.becomeReplicate();
    else if (pr.state === 'snapshot' && pr.match >= pr.pendingSnapshot) pr.becomeProbe();
    if (this.commitEntries()) this.broadcastAppend();
    for (let i = 0; i < this.config.maxInflightMessages && this.sendAppend(m.from, false); i++);
    if (m.from === this.leadTransferee && pr.match === this.log.lastIndex()) {
      this.send({ type: 'timeoutNow', to: m.from });
    }
  }

  /**
   * Advances the commit index to the highest index a quorum holds, if that entry is of the
   * current term (§5.4.2; the seed's `commit_entries`). True when it moved.
   */
  commitEntries(): boolean {
    const matches = [...this.voters].map((id) => this.progress.get(id)?.match ?? 0).sort((a, b) => b - a);
    if (matches.length === 0) return false;
    const index = matches[this.quorum() - 1];
    if (index <= this.log.committed) return false;
    const unsafe = this.config.faults?.commitPriorTermByCount === true;
    if (!unsafe && this.log.term(index) !== this.term) return false;
    const hadCommittedInTerm = this.committedInTerm();
    this.log.commitTo(index);
    if (!hadCommittedInTerm && this.committedInTerm()) this.releaseWaitingReads();
    return true;
  }

  private committedInTerm(): boolean {
    return this.log.term(this.log.committed) === this.term;
  }

  private broadcastHeartbeat(): void {
    this.heartbeatSeq++;
    for (const id of [...this.progress.keys()].sort()) {
      if (id === this.config.id) continue;
      const pr = this.progress.get(id)!;
      const commit = Math.min(pr.match, this.log.committed);
      this.send({ type: 'heartbeat', to: id, commit, seq: this.heartbeatSeq });
    }
  }

  private handleHeartbeatResponse(from: NodeId, seq: number): void {
    const pr = this.progress.get(from);
    if (pr === undefined) return;
    pr.recentActive = true;
    pr.ackSeq = Math.max(pr.ackSeq, seq);
    if (pr.state === 'probe') pr.paused = false;
    // A snapshot still unanswered when the follower answers a heartbeat was probably lost: resend.
    if (pr.state === 'snapshot' && pr.match < pr.pendingSnapshot) pr.becomeProbe();
    // Appends in flight may have been lost: the follower is alive, so retransmit from its match.
    if (pr.state === 'replicate' && pr.isPaused(this.config.maxInflightMessages)) pr.becomeProbe();
    if (pr.match < this.log.lastIndex()) this.sendAppend(from, false);
    this.releaseConfirmedReads();
  }

  // ---- Client calls ---------------------------------------------------------------------

  private requireLeader(what: string): void {
    if (this.role !== 'leader') {
      throw consensusError('KNHK_E_CONSENSUS_NOT_LEADER', `${what}: node ${this.config.id} is ${this.role}`, {
        leader: this.leader,
      });
    }
    if (this.leadTransferee !== undefined) {
      throw consensusError('KNHK_E_CONSENSUS_NOT_LEADER', `${what}: leadership is moving to ${this.leadTransferee}`, {
        leader: this.leader,
      });
    }
  }

  /** Proposes `data` for the log; returns its index. Throws `KNHK_E_CONSENSUS_NOT_LEADER` elsewhere. */
  propose(data: Uint8Array): number {
    this.requireLeader('propose');
    if (this.log.lastIndex() - this.log.committed >= this.config.maxUncommittedEntries) {
      throw consensusError(
        'KNHK_E_CONSENSUS_OVERLOADED',
        `propose: ${this.config.maxUncommittedEntries} entries uncommitted`,
      );
    }
    return this.appendEntry([{ data }]);
  }

  /** Proposes adding or removing one voter; one change at a time. Returns the entry's index. */
  proposeMembership(change: MembershipChange): number {
    this.requireLeader('membership change');
    if (this.pendingConfIndex > this.log.applied) {
      throw consensusError('KNHK_E_CONSENSUS_MEMBERSHIP', `change at ${this.pendingConfIndex} not yet applied`);
    }
    const member = this.voters.has(change.node);
    if ((change.type === 'add') === member) {
      throw consensusError('KNHK_E_CONSENSUS_MEMBERSHIP', `${change.node} is ${member ? 'already' : 'not'} a voter`);
    }
    const index = this.appendEntry([{ data: EMPTY, change }]);
    this.pendingConfIndex = index;
    return index;
  }

  /** Hands leadership to `to` once its log is up to date; aborted after an election timeout. */
  transferLeadership(to: NodeId): void {
    this.requireLeader('transfer leadership');
    if (to === this.config.id || !this.voters.has(to)) {
      throw consensusError('KNHK_E_CONSENSUS_MEMBERSHIP', `cannot transfer leadership to ${to}`);
    }
    this.leadTransferee = to;
    this.electionElapsed = 0;
    const pr = this.progress.get(to)!;
    if (pr.match === this.log.lastIndex()) this.send({ type: 'timeoutNow', to });
    else this.sendAppend(to, true);
  }

  /**
   * Starts a linearizable read (ReadIndex, §6.4): once a quorum confirms this leadership, a
   * ReadState with the commit index comes out of `ready()`; serve the read once applied there.
   */
  readIndex(requestId: number): void {
    this.requireLeader('read');
    this.reads.admit();
    if (this.committedInTerm()) this.startRead(requestId);
    else this.reads.wait(requestId);
  }

  private startRead(requestId: number): void {
    if (this.voters.size === 1 || this.config.faults?.readWithoutQuorum === true) {
      this.reads.confirm(requestId, this.log.committed);
      return;
    }
    this.broadcastHeartbeat();
    this.reads.add(requestId, this.log.committed, this.heartbeatSeq);
  }

  private releaseWaitingReads(): void {
    for (const id of this.reads.takeWaiting()) this.startRead(id);
  }

  private releaseConfirmedReads(): void {
    this.reads.release((seq) => {
      let acks = 0;
      for (const id of this.voters) {
        if (id === this.config.id || (this.progress.get(id)?.ackSeq ?? 0) >= seq) acks++;
      }
      return acks >= this.quorum();
    });
  }

  /** Compacts the log up to `index` (applied) into a snapshot holding `data`. */
  compact(index: number, data: Uint8Array): void {
    if (index <= this.log.snapshot.index) return;
    const term = this.log.term(index);
    invariant(term !== undefined, `compact at ${index}: no such entry`);
    const snapshot: Snapshot = { index, term, voters: [...this.voters].sort(), data };
    this.log.compact(snapshot);
    this.snapshotOut = { snapshot, install: false };
  }

  // ---- Ready / Advance ------------------------------------------------------------------

  /** True when `ready()` has something to do. */
  hasReady(): boolean {
    const hs = this.hardState();
    return (
      this.messages.length > 0 ||
      this.reads.hasReady() ||
      this.snapshotOut !== undefined ||
      this.log.unstableFrom <= this.log.lastIndex() ||
      this.log.committed > this.log.applied ||
      hs.term !== this.persisted.term ||
      hs.vote !== this.persisted.vote ||
      hs.commit !== this.persisted.commit
    );
  }

  /** Takes the pending effects; see {@link Ready} for the order in which to carry them out. */
  ready(): Ready {
    const hs = this.hardState();
    const changed =
      hs.term !== this.persisted.term || hs.vote !== this.persisted.vote || hs.commit !== this.persisted.commit;
    const rd: Ready = {
      messages: this.messages,
      entries: this.log.unstable(),
      hardState: changed ? hs : undefined,
      snapshot: this.snapshotOut?.snapshot,
      installSnapshot: this.snapshotOut?.install ?? false,
      committedEntries: this.log.nextCommitted(this.config.maxApplyEntries),
      readStates: this.reads.takeReady(),
    };
    this.messages = [];
    this.snapshotOut = undefined;
    return rd;
  }

  /**
   * Acknowledges a Ready: its entries, snapshot and hard state were handed to storage and its
   * committed entries applied. By default they were also persisted (written and synced), as
   * `stableTo` would report; with `{ persisted: false }` they are still being written, and the
   * caller reports them with `stableTo` once durable. Until then a leader does not count them
   * toward the commit quorum, so it may send its appends before its own write completes
   * (Raft dissertation §10.2.1). Messages of any other role, and any Ready with a new term or
   * vote, must still wait until the Ready is durable.
   */
  advance(rd: Ready, options: { readonly persisted?: boolean } = {}): void {
    if (rd.hardState !== undefined) this.persisted = rd.hardState;
    if (rd.entries.length > 0) {
      const last = rd.entries[rd.entries.length - 1];
      if (this.log.term(last.index) === last.term)
        this.log.unstableFrom = Math.max(this.log.unstableFrom, last.index + 1);
    }
    for (const entry of rd.committedEntries) {
      if (entry.index !== this.log.applied + 1) continue;
      this.log.applied = entry.index;
      if (entry.change !== undefined) this.applyChange(entry.change);
    }
    if (options.persisted === false) return;
    const last = rd.entries.length > 0 ? rd.entries[rd.entries.length - 1] : rd.snapshot;
    if (last !== undefined) this.stableTo(last.index, last.term);
  }

  /**
   * Reports that this node's storage now durably holds its log up to `index`, whose entry has
   * `term` (the last entry of the Readies persisted, or their snapshot when they carried no
   * entries). Ignored when the log no longer holds that entry (overwritten or compacted). On a
   * leader this advances its own match index and may commit.
   */
  stableTo(index: number, term: number): void {
    if (!this.log.stableTo(index, term) || this.role !== 'leader') return;
    const self = this.progress.get(this.config.id);
    if (self === undefined || !self.maybeUpdate(this.log.durable)) return;
    if (this.commitEntries()) this.broadcastAppend();
  }

  private applyChange(change: MembershipChange): void {
    if (change.type === 'add') {
      this.voters.add(change.node);
      if (this.role === 'leader' && !this.progress.has(change.node)) {
        this.progress.set(change.node, this.newProgress(change.node));
        this.sendAppend(change.node, true);
      }
      return;
    }
    this.voters.delete(change.node);
    this.progress.delete(change.node);
    if (this.role !== 'leader') return;
    if (change.node === this.config.id) {
      this.becomeFollower(this.term, undefined);
      return;
    }
    if (this.commitEntries()) this.broadcastAppend();
    this.releaseConfirmedReads();
  }
}
