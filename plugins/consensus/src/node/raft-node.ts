/**
 * A running Raft node: drives the pure core ({@link Raft}) with real timers, durable storage
 * ({@link RaftStorage}), a peer transport ({@link RaftTransport}) and the replicated key-value
 * state machine. Each Ready is persisted (fsync, off the event loop) before anything of it is
 * acknowledged; a leader sends its appends while it writes them (Raft dissertation §10.2.1) and
 * counts them toward its commit quorum only once they are durable (`Raft.stableTo`); everyone
 * else sends only after. One storage write is in flight at a time; the Readies that arrive
 * meanwhile go into the next one, with one fsync for all of them (group commit). The commit
 * index alone is never worth an fsync (it is volatile state).
 */
import { randomInt } from 'node:crypto';
import { KnhkError, isKnhkError, type Consensus, type ConsensusStatus, type FaultModel } from '@knhk/core';
import { RAFT_DEFAULTS, raftConfig, type RaftConfig } from '../raft/config.js';
import { Raft } from '../raft/raft.js';
import type { HardState, LogEntry, Message, NodeId, Ready } from '../raft/types.js';
import { decodeCommand, encodeCommand, type KvCommand } from './kv-command.js';
import { KvStateMachine } from './kv-state-machine.js';
import type { RaftStorage, RaftTransport } from './ports.js';
import { lastWritten, mergeWrites, takeBatch, type QueuedWrite } from './write-batch.js';
import { consensusError } from '../errors.js';

/** Options of a {@link RaftNode}; every time is in milliseconds. */
export interface RaftNodeOptions {
  readonly id: NodeId;
  /** Every voter of the initial cluster, this node included (a snapshot on disk overrides it). */
  readonly voters: readonly NodeId[];
  readonly storage: RaftStorage;
  readonly transport: RaftTransport;
  /** Length of a Raft tick (default 50). */
  readonly tickMs?: number;
  /** Election timeout in ticks; each node draws its own in [electionTicks, 2 * electionTicks) (default 10). */
  readonly electionTicks?: number;
  /** Heartbeat interval in ticks (default 1). */
  readonly heartbeatTicks?: number;
  /** Entries applied between two snapshots (then the log is compacted; default 100,000, etcd's --snapshot-count). */
  readonly snapshotEntries?: number;
  /** How long a write waits to be committed and applied before its outcome is reported unknown (default 5,000). */
  readonly proposalTimeoutMs?: number;
  /** How long a linearizable read waits for the leader's confirmation (default 5,000). */
  readonly readTimeoutMs?: number;
  /** The client API address of each node (e.g. `http://127.0.0.1:8001`), named in not-leader errors. */
  readonly clientUrls?: Readonly<Record<NodeId, string>>;
  /** Seed of the election-timeout randomisation (default: random). */
  readonly seed?: number;
  /** Overrides of the core's limits (messages, inflight, uncommitted entries, ...). */
  readonly raft?: Partial<Omit<RaftConfig, 'id' | 'voters' | 'seed' | 'electionTicks' | 'heartbeatTicks'>>;
}

/** What a node reports about itself (`GET /v1/status`). */
export interface RaftNodeStatus extends ConsensusStatus {
  readonly term: number;
  readonly state: 'new' | 'running' | 'stopped' | 'failed';
  readonly leaderUrl: string | undefined;
  readonly appliedIndex: number;
  readonly lastIndex: number;
  readonly snapshotIndex: number;
  readonly voters: readonly NodeId[];
  readonly keys: number;
  /** Counters since start: Readies handled, writes to storage (each one fsync, of one or more Readies), entries persisted. */
  readonly counters: { readonly readies: number; readonly persists: number; readonly entriesPersisted: number };
  readonly failure?: string;
}

/** Consistency of a read: `linearizable` (ReadIndex on the leader) or `local` (this node's applied state, possibly stale). */
export type ReadConsistency = 'linearizable' | 'local';

interface PendingWrite {
  readonly data: Uint8Array;
  /** The log index and term once proposed; undefined while queued for the next proposal batch. */
  index: number | undefined;
  term: number;
  readonly resolve: (result: { index: number; deleted: boolean }) => void;
  readonly reject: (error: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

interface PendingRead {
  readonly resolve: (index: number) => void;
  readonly reject: (error: Error) => void;
  timer: NodeJS.Timeout | undefined;
  settled: boolean;
}

/** Ready rounds per drain before yielding to I/O. */
const READY_ROUNDS_MAX = 64;
const MS_MAX = 3_600_000;

function positiveInteger(name: string, value: number | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0 || value > max) {
    throw consensusError('KNHK_E_CONSENSUS_CONFIG', `${name} must be an integer in [1, ${max}], got ${value}`);
  }
  return value;
}

/** A Raft node serving a replicated key-value store; also the `consensus` capability. */
export class RaftNode implements Consensus {
  readonly faultModel: FaultModel = 'crash';
  readonly id: NodeId;
  readonly tickMs: number;
  readonly config: RaftConfig;
  private readonly raft: Raft;
  private readonly storage: RaftStorage;
  private readonly transport: RaftTransport;
  private readonly kv = new KvStateMachine();
  private readonly snapshotEntries: number;
  private readonly proposalTimeoutMs: number;
  private readonly readTimeoutMs: number;
  private readonly clientUrls: Readonly<Record<NodeId, string>>;
  private readonly writes = new Map<number, PendingWrite>();
  /** Writes waiting for the next proposal batch (one fsync for all of them). */
  private queued: PendingWrite[] = [];
  /** Readies waiting for the next storage write (group commit). */
  private toWrite: QueuedWrite[] = [];
  /** True while a storage write is in flight. */
  private writing = false;
  /** Reads waiting for the next ReadIndex request; those of one event-loop turn share one. */
  private queuedReads: PendingRead[] = [];
  /** Reads whose ReadIndex request is out, by request id. */
  private readonly reads = new Map<number, PendingRead[]>();
  private confirmedReads: { index: number; read: PendingRead }[] = [];
  private readonly listeners = new Set<(entry: { index: number; data: Uint8Array }) => void>();
  private nextReadId = 1;
  /** The hard state storage holds (durably). */
  private persisted: HardState;
  private ticker: NodeJS.Timeout | undefined;
  private drainScheduled = false;
  private state: RaftNodeStatus['state'] = 'new';
  private failure: Error | undefined;
  private fatalHandler: ((error: Error) => void) | undefined;
  private readonly counters = { readies: 0, persists: 0, entriesPersisted: 0 };

  /** Loads what `storage` holds and rebuilds the state machine from its snapshot; starts nothing yet. */
  constructor(options: RaftNodeOptions) {
    this.id = options.id;
    this.tickMs = positiveInteger('tickMs', options.tickMs, 50, 60_000);
    this.snapshotEntries = positiveInteger('snapshotEntries', options.snapshotEntries, 100_000, 1 << 30);
    this.proposalTimeoutMs = positiveInteger('proposalTimeoutMs', options.proposalTimeoutMs, 5_000, MS_MAX);
    this.readTimeoutMs = positiveInteger('readTimeoutMs', options.readTimeoutMs, 5_000, MS_MAX);
    if (!options.voters.includes(options.id)) {
      throw consensusError('KNHK_E_CONSENSUS_CONFIG', `node ${options.id} is not among the voters ${options.voters}`);
    }
    this.config = raftConfig({
      ...RAFT_DEFAULTS,
      ...options.raft,
      id: options.id,
      voters: options.voters,
      seed: options.seed ?? randomInt(2 ** 47),
      electionTicks: options.electionTicks ?? RAFT_DEFAULTS.electionTicks,
      heartbeatTicks: options.heartbeatTicks ?? RAFT_DEFAULTS.heartbeatTicks,
    });
    this.clientUrls = { ...options.clientUrls };
    this.storage = options.storage;
    this.transport = options.transport;
    const persisted = this.storage.load();
    this.raft = new Raft(this.config, persisted);
    this.persisted = persisted.hardState;
    const snapshot = persisted.snapshot;
    if (snapshot !== undefined) this.kv.restore(snapshot.index, snapshot.data);
  }

  /** Election timeout range of this node, in milliseconds: [min, max). */
  electionTimeoutMs(): { min: number; max: number } {
    return { min: this.config.electionTicks * this.tickMs, max: 2 * this.config.electionTicks * this.tickMs };
  }

  /** Starts the transport and the ticker. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw consensusError('KNHK_E_CONSENSUS_STOPPED', `node ${this.id} was already started`);
    this.transport.onMessage((message) => this.receive(message));
    await this.transport.start();
    this.state = 'running';
    this.ticker = setInterval(() => this.tick(), this.tickMs);
    this.scheduleDrain();
  }

  /** Called once if the node stops on its own (storage failure); the node is then stopped. */
  onFatal(handler: (error: Error) => void): void {
    this.fatalHandler = handler;
  }

  /** Stops timers and the transport, fails every waiting request, closes the storage; idempotent. */
  async stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'failed') return;
    this.state = 'stopped';
    this.halt(consensusError('KNHK_E_CONSENSUS_STOPPED', `node ${this.id} is stopping`));
    await this.transport.close();
    this.storage.close();
  }

  private halt(reason: Error): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
    for (const write of this.queued) {
      clearTimeout(write.timer);
      write.reject(consensusError('KNHK_E_CONSENSUS_STOPPED', `${reason.message}; the write was not proposed`));
    }
    this.queued = [];
    for (const [index, write] of this.writes) {
      clearTimeout(write.timer);
      write.reject(this.unknownOutcome(index, reason.message));
    }
    this.writes.clear();
    for (const read of this.queuedReads) this.failRead(read, reason);
    this.queuedReads = [];
    for (const group of this.reads.values()) for (const read of group) this.failRead(read, reason);
    this.reads.clear();
    for (const { read } of this.confirmedReads) this.failRead(read, reason);
    this.confirmedReads = [];
  }

  private failRead(read: PendingRead, error: Error): void {
    if (read.settled) return;
    read.settled = true;
    clearTimeout(read.timer);
    read.reject(error);
  }

  // ---- Client operations -----------------------------------------------------------------

  /** Writes `value` at `key`; resolves once the write is committed and applied here. */
  put(key: string, value: string): Promise<{ index: number }> {
    return this.write({ kind: 'put', key, value }).then(({ index }) => ({ index }));
  }

  /** Deletes `key`; resolves once committed and applied, saying whether the key existed. */
  delete(key: string): Promise<{ index: number; deleted: boolean }> {
    return this.write({ kind: 'delete', key });
  }

  /** Reads `key`: linearizable by default (leader only, ReadIndex), or this node's applied state. */
  async get(
    key: string,
    consistency: ReadConsistency = 'linearizable',
  ): Promise<{ value: string | null; index: number }> {
    if (consistency === 'linearizable') await this.readBarrier();
    else this.requireRunning();
    return { value: this.kv.get(key), index: this.kv.appliedIndex };
  }

  /** Every pair (sorted by key) with the applied index, linearizable or local. */
  async entries(consistency: ReadConsistency = 'linearizable'): Promise<{ pairs: [string, string][]; index: number }> {
    if (consistency === 'linearizable') await this.readBarrier();
    else this.requireRunning();
    return { pairs: this.kv.entries(), index: this.kv.appliedIndex };
  }

  /** `Consensus.propose`: commits an opaque payload; {@link onCommit} streams such payloads. */
  async propose(data: Uint8Array): Promise<{ index: number }> {
    const { index } = await this.write({ kind: 'app', payload: data });
    return { index };
  }

  /** Calls `listener` for every committed payload proposed through {@link propose}, in index order. */
  onCommit(listener: (entry: { index: number; data: Uint8Array }) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  members(): readonly string[] {
    return this.raft.status().voters;
  }

  status(): RaftNodeStatus {
    const s = this.raft.status();
    return {
      id: s.id,
      state: this.state,
      role: s.role,
      term: s.term,
      leader: s.leader,
      leaderUrl: s.leader === undefined ? undefined : this.clientUrls[s.leader],
      commitIndex: s.commitIndex,
      appliedIndex: this.kv.appliedIndex,
      lastIndex: s.lastIndex,
      snapshotIndex: this.raft.log.snapshot.index,
      voters: s.voters,
      keys: this.kv.size,
      counters: { ...this.counters },
      ...(this.failure === undefined ? {} : { failure: this.failure.message }),
    };
  }

  private requireRunning(): void {
    if (this.state === 'running') return;
    const why = this.failure === undefined ? this.state : `failed: ${this.failure.message}`;
    throw consensusError('KNHK_E_CONSENSUS_STOPPED', `node ${this.id} is not running (${why})`);
  }

  /** The core's not-leader error, with the leader's id and client address added. */
  private withLeader(error: unknown): unknown {
    if (!isKnhkError(error, 'KNHK_E_CONSENSUS_NOT_LEADER')) return error;
    const leader = this.raft.leader === this.id ? undefined : this.raft.leader;
    const leaderUrl = leader === undefined ? undefined : this.clientUrls[leader];
    const where =
      leader === undefined
        ? 'no leader is known yet'
        : `the leader is ${leader} at ${leaderUrl ?? '(address unknown)'}`;
    const role = this.raft.role === 'leader' ? 'handing leadership over' : `a ${this.raft.role}`;
    const what = typeof error.details.what === 'string' ? error.details.what : `node ${this.id} is ${role}`;
    return consensusError('KNHK_E_CONSENSUS_NOT_LEADER', `${what}; ${where}`, { leader, leaderUrl });
  }

  private unknownOutcome(index: number, why: string): KnhkError {
    return consensusError('KNHK_E_CONSENSUS_OUTCOME_UNKNOWN', `write at log index ${index}: ${why}`, { index });
  }

  /**
   * Queues a write for the next proposal batch: every write of one event-loop turn enters the
   * log in one Ready, so one fsync persists them all (group commit).
   */
  private write(command: KvCommand): Promise<{ index: number; deleted: boolean }> {
    this.requireRunning();
    const data = encodeCommand(command);
    if (this.raft.role !== 'leader') {
      throw this.withLeader(consensusError('KNHK_E_CONSENSUS_NOT_LEADER', `node ${this.id} is a ${this.raft.role}`));
    }
    return new Promise((resolve, reject) => {
      const write: PendingWrite = { data, index: undefined, term: 0, resolve, reject, timer: undefined };
      write.timer = setTimeout(() => this.expire(write), this.proposalTimeoutMs);
      this.queued.push(write);
      this.scheduleDrain();
    });
  }

  private expire(write: PendingWrite): void {
    if (write.index === undefined) {
      this.queued = this.queued.filter((w) => w !== write);
      write.reject(
        consensusError('KNHK_E_CONSENSUS_TIMEOUT', `write not proposed within ${this.proposalTimeoutMs} ms`),
      );
      return;
    }
    this.writes.delete(write.index);
    write.reject(this.unknownOutcome(write.index, `not applied within ${this.proposalTimeoutMs} ms`));
  }

  /**
   * Hands the queued writes to the core as one batch: the first through `propose` (which checks
   * leadership, a leadership transfer and the uncommitted-entries bound), the rest appended with
   * it, so that followers get them in one append message rather than one message each. A refused
   * write (not leader, overloaded) fails at once: it never entered the log.
   */
  private proposeQueued(): void {
    const [first, ...rest] = this.queued;
    this.queued = [];
    if (first === undefined) return;
    try {
      first.index = this.raft.propose(first.data);
    } catch (error) {
      const refusal = this.withLeader(error) as Error;
      for (const write of [first, ...rest]) this.refuse(write, refusal);
      return;
    }
    first.term = this.raft.term;
    this.writes.set(first.index, first);
    const room = this.config.maxUncommittedEntries - (this.raft.log.lastIndex() - this.raft.log.committed);
    const accepted = rest.slice(0, Math.max(room, 0));
    const overloaded = consensusError(
      'KNHK_E_CONSENSUS_OVERLOADED',
      `propose: ${this.config.maxUncommittedEntries} entries uncommitted`,
    );
    for (const write of rest.slice(accepted.length)) this.refuse(write, overloaded);
    if (accepted.length === 0) return;
    const last = this.raft.appendEntry(accepted.map((write) => ({ data: write.data })));
    const firstIndex = last - accepted.length + 1;
    for (const [i, write] of accepted.entries()) {
      write.index = firstIndex + i;
      write.term = first.term;
      this.writes.set(write.index, write);
    }
  }

  private refuse(write: PendingWrite, error: Error): void {
    clearTimeout(write.timer);
    write.reject(error);
  }

  /**
   * Resolves once this node's state machine holds every write committed before the call
   * (ReadIndex). The reads of one event-loop turn share one ReadIndex request, issued after
   * all of them arrived, so one heartbeat round confirms them all.
   */
  private readBarrier(): Promise<number> {
    this.requireRunning();
    if (this.raft.role !== 'leader') {
      throw this.withLeader(consensusError('KNHK_E_CONSENSUS_NOT_LEADER', `node ${this.id} is a ${this.raft.role}`));
    }
    return new Promise((resolve, reject) => {
      const read: PendingRead = { resolve, reject, timer: undefined, settled: false };
      read.timer = setTimeout(() => {
        const error = consensusError('KNHK_E_CONSENSUS_TIMEOUT', `read not confirmed within ${this.readTimeoutMs} ms`);
        this.failRead(read, error);
      }, this.readTimeoutMs);
      this.queuedReads.push(read);
      this.scheduleDrain();
    });
  }

  /** Issues one ReadIndex request for the queued reads; a refusal fails them all (reads have no effect). */
  private issueQueuedReads(): void {
    const group = this.queuedReads.filter((read) => !read.settled);
    this.queuedReads = [];
    if (group.length === 0) return;
    const requestId = this.nextReadId++;
    try {
      this.raft.readIndex(requestId);
    } catch (error) {
      const refusal = this.withLeader(error) as Error;
      for (const read of group) this.failRead(read, refusal);
      return;
    }
    this.reads.set(requestId, group);
  }

  // ---- The Ready loop --------------------------------------------------------------------

  private tick(): void {
    this.raft.tick();
    this.scheduleDrain();
  }

  private receive(message: Message): void {
    if (this.state !== 'running' || message.to !== this.id) return;
    this.raft.step(message);
    this.scheduleDrain();
  }

  private scheduleDrain(): void {
    if (this.drainScheduled || this.state !== 'running') return;
    this.drainScheduled = true;
    setImmediate(() => {
      this.drainScheduled = false;
      this.drain();
    });
  }

  /** Handles the pending Readies, proposes the queued writes, and starts the next storage write. */
  private drain(): void {
    this.handleReadies();
    if (this.state !== 'running') return;
    this.issueQueuedReads();
    this.proposeQueued();
    this.handleReadies();
    if (this.state !== 'running') return;
    if (this.raft.role !== 'leader') this.dropUnconfirmedReads();
    this.startWrite();
    if (this.raft.hasReady() || this.queued.length > 0) this.scheduleDrain();
  }

  /** Handles Readies (bounded, then yields). */
  private handleReadies(): void {
    for (let round = 0; round < READY_ROUNDS_MAX && this.state === 'running' && this.raft.hasReady(); round++) {
      this.handleReady(this.raft.ready());
    }
  }

  /** True when a Ready's messages may leave before its entries are durable: a leader's, with no new term or vote. */
  private maySendFirst(rd: Ready): boolean {
    if (this.raft.role !== 'leader') return false;
    const hs = rd.hardState;
    return hs === undefined || (hs.term === this.persisted.term && hs.vote === this.persisted.vote);
  }

  /**
   * Carries out a Ready. Its durable part joins the storage queue; its messages leave now on a
   * leader, else once that write (and every write before it) is durable. Committed entries are
   * applied at once: committed means durable on a quorum, which counts this node's own entries
   * only once durable.
   */
  private handleReady(rd: Ready): void {
    const sendFirst = this.maySendFirst(rd);
    if (sendFirst) this.send(rd.messages);
    const durable = this.durablePart(rd);
    this.counters.readies++;
    const hasWrite = durable.entries.length > 0 || durable.hardState !== undefined || durable.snapshot !== undefined;
    const queued = hasWrite || this.writing || this.toWrite.length > 0;
    if (queued) this.toWrite.push({ rd: durable, held: sendFirst ? [] : rd.messages });
    else if (!sendFirst) this.send(rd.messages);
    if (rd.installSnapshot && rd.snapshot !== undefined) this.installSnapshot(rd.snapshot.index, rd.snapshot.data);
    for (const entry of rd.committedEntries) this.apply(entry);
    this.raft.advance(rd, { persisted: !queued });
    for (const { requestId, index } of rd.readStates) {
      const group = this.reads.get(requestId);
      if (group === undefined) continue;
      this.reads.delete(requestId);
      for (const read of group) if (!read.settled) this.confirmedReads.push({ index, read });
    }
    this.serveConfirmedReads();
    this.maybeCompact();
  }

  /**
   * What of a Ready must be made durable. The commit index is volatile state (Raft paper,
   * figure 2: a restarted node learns it again from the leader), so a Ready whose only change
   * is the commit index costs no fsync; with entries, the commit index rides along for free.
   */
  private durablePart(rd: Ready): Ready {
    const hs = rd.hardState;
    if (hs === undefined || rd.entries.length > 0 || rd.snapshot !== undefined) return rd;
    if (hs.term !== this.persisted.term || hs.vote !== this.persisted.vote) return rd;
    return { ...rd, hardState: undefined };
  }

  /** Starts writing the queued Readies (one write, one fsync) unless a write is in flight. */
  private startWrite(): void {
    if (this.writing || this.toWrite.length === 0 || this.state !== 'running') return;
    const batch = takeBatch(this.toWrite);
    const merged = mergeWrites(batch);
    if (merged.entries.length > 0 || merged.hardState !== undefined || merged.snapshot !== undefined) {
      this.counters.persists++;
      this.counters.entriesPersisted += merged.entries.length;
    }
    this.writing = true;
    this.storage.persistAsync(merged).then(
      () => this.written(batch, merged),
      (error: unknown) => {
        this.writing = false;
        if (this.state === 'running') this.fail(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  /** A write is durable: its held messages leave, the core learns it (a leader may commit), the next write starts. */
  private written(batch: readonly QueuedWrite[], merged: Ready): void {
    this.writing = false;
    if (this.state !== 'running') return;
    if (merged.hardState !== undefined) this.persisted = merged.hardState;
    for (const write of batch) this.send(write.held);
    const last = lastWritten(merged);
    if (last !== undefined) this.raft.stableTo(last.index, last.term);
    this.startWrite();
    this.scheduleDrain();
  }

  private send(messages: readonly Message[]): void {
    for (const message of messages) this.transport.send(message);
  }

  private fail(error: Error): void {
    this.failure = error;
    this.state = 'failed';
    this.halt(error);
    void this.transport.close();
    this.storage.close();
    this.fatalHandler?.(error);
  }

  private installSnapshot(index: number, data: Uint8Array): void {
    this.kv.restore(index, data);
    for (const [at, write] of this.writes) {
      if (at > index) continue;
      this.writes.delete(at);
      clearTimeout(write.timer);
      write.reject(this.unknownOutcome(at, 'replaced by a snapshot from the leader before it was applied here'));
    }
  }

  private apply(entry: LogEntry): void {
    if (entry.index <= this.kv.appliedIndex) return;
    const command = decodeCommand(entry.data);
    const deleted = this.kv.apply(entry.index, command);
    const write = this.writes.get(entry.index);
    if (write !== undefined) {
      this.writes.delete(entry.index);
      clearTimeout(write.timer);
      if (write.term === entry.term) write.resolve({ index: entry.index, deleted });
      else {
        const what = `a new leader (term ${entry.term}) replaced entry ${entry.index}: the write did not take effect`;
        write.reject(this.withLeader(consensusError('KNHK_E_CONSENSUS_NOT_LEADER', what, { what })) as Error);
      }
    }
    if (command?.kind === 'app') {
      for (const listener of this.listeners) listener({ index: entry.index, data: command.payload });
    }
  }

  private serveConfirmedReads(): void {
    if (this.confirmedReads.length === 0) return;
    const applied = this.kv.appliedIndex;
    const waiting: { index: number; read: PendingRead }[] = [];
    for (const item of this.confirmedReads) {
      if (item.read.settled) continue;
      if (item.index > applied) {
        waiting.push(item);
        continue;
      }
      item.read.settled = true;
      clearTimeout(item.read.timer);
      item.read.resolve(item.index);
    }
    this.confirmedReads = waiting;
  }

  /** A node that lost leadership drops its unconfirmed reads (the core forgets them): fail them now. */
  private dropUnconfirmedReads(): void {
    if (this.reads.size === 0 && this.queuedReads.length === 0) return;
    const what = `node ${this.id} lost leadership before the read was confirmed`;
    const error = this.withLeader(consensusError('KNHK_E_CONSENSUS_NOT_LEADER', what, { what })) as Error;
    for (const group of this.reads.values()) for (const read of group) this.failRead(read, error);
    this.reads.clear();
    for (const read of this.queuedReads) this.failRead(read, error);
    this.queuedReads = [];
  }

  private maybeCompact(): void {
    const applied = this.raft.log.applied;
    if (applied - this.raft.log.snapshot.index < this.snapshotEntries) return;
    this.raft.compact(applied, this.kv.snapshot());
  }
}
