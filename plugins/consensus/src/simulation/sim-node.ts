/**
 * One simulated server: a Raft node, its persisted storage and the key-value store it
 * applies to, with the client requests it is serving. Storage writes may lag (see
 * `SimulationOptions.persistLagMs`); a crash drops everything but what storage completed.
 */
import { isKnhkError } from '@knhk/core';
import type { RaftConfig } from '../raft/config.js';
import type { MemoryStorage } from '../raft/memory-storage.js';
import { Raft } from '../raft/raft.js';
import type { HardState, LogEntry, Message, Ready } from '../raft/types.js';
import { KvStore, decodePut, encodePut } from './kv.js';

/** A client request as it arrives at a server. */
export interface ClientRequest {
  readonly client: number;
  readonly opId: number;
  readonly kind: 'put' | 'get';
  readonly key: string;
  readonly value: string | null;
}

/** A server's answer; `ok: false` means the operation certainly did not take effect. */
export interface ClientReply {
  readonly client: number;
  readonly opId: number;
  readonly ok: boolean;
  readonly value: string | null;
  readonly leaderHint: string | undefined;
}

/** What one Ready produced, for the simulator to deliver and check. */
export interface ReadyEffects {
  readonly messages: readonly Message[];
  readonly replies: readonly ClientReply[];
  readonly applied: readonly LogEntry[];
  /** When the Ready's storage write completes, if it did not complete at once. */
  readonly writeDoneMs: number | undefined;
}

/** A storage write in progress, with the messages that may leave only once it is durable. */
interface PendingWrite {
  readonly rd: Ready;
  readonly held: readonly Message[];
  readonly doneMs: number;
}

/** A live incarnation of a server. */
export class SimNode {
  readonly raft: Raft;
  private readonly kv = new KvStore();
  private readonly puts = new Map<string, ClientRequest>();
  private readonly reads = new Map<number, ClientRequest>();
  private waitingReads: { index: number; request: ClientRequest }[] = [];
  private nextReadId = 1;
  /** Storage writes not yet complete, oldest first; they complete in this order. */
  private writes: PendingWrite[] = [];
  /** The hard state storage holds. */
  private durableHardState: HardState;

  constructor(
    config: RaftConfig,
    readonly storage: MemoryStorage,
    readonly incarnation: number,
    readonly tickMs: number,
    private readonly compactEvery: number,
  ) {
    const state = storage.state();
    this.raft = new Raft(config, state);
    this.durableHardState = state.hardState;
    if (state.snapshot !== undefined) this.kv.restore(state.snapshot.data);
  }

  /** Starts serving a client request; a refusal is answered at once. */
  request(request: ClientRequest): ClientReply | undefined {
    try {
      if (request.kind === 'put') {
        const id = `${request.client}.${request.opId}`;
        this.raft.propose(encodePut({ id, key: request.key, value: request.value ?? '' }));
        this.puts.set(id, request);
      } else {
        const readId = this.nextReadId++;
        this.raft.readIndex(readId);
        this.reads.set(readId, request);
      }
      return undefined;
    } catch (error) {
      if (!isKnhkError(error)) throw error;
      return { ...request, ok: false, value: null, leaderHint: this.raft.leader };
    }
  }

  /**
   * Runs one Ready: persist, apply, answer clients, compact; returns what leaves the node now.
   * Without `write`, the Ready is persisted at once. With it, its write completes `delayMs`
   * after `nowMs` (and not before the writes already pending): a leader's messages leave now,
   * anyone else's when the write completes ({@link completeWrites}).
   */
  processReady(write?: { readonly nowMs: number; readonly delayMs: number }): ReadyEffects {
    const rd = this.raft.ready();
    const hasWrite = rd.entries.length > 0 || rd.hardState !== undefined || rd.snapshot !== undefined;
    const lag = write !== undefined && (hasWrite || this.writes.length > 0);
    let messages = rd.messages;
    let writeDoneMs: number | undefined;
    if (lag) {
      const previous = this.writes.length > 0 ? this.writes[this.writes.length - 1].doneMs : write.nowMs;
      writeDoneMs = Math.max(previous, write.nowMs + write.delayMs);
      const first = this.sendsFirst(rd);
      this.writes.push({ rd, held: first ? [] : rd.messages, doneMs: writeDoneMs });
      if (!first) messages = [];
    } else {
      this.storage.persist(rd);
      if (rd.hardState !== undefined) this.durableHardState = rd.hardState;
    }
    if (rd.installSnapshot && rd.snapshot !== undefined) this.kv.restore(rd.snapshot.data);
    const replies: ClientReply[] = [];
    for (const entry of rd.committedEntries) this.apply(entry, replies);
    this.raft.advance(rd, { persisted: !lag });
    this.queueReads(rd);
    this.serveReads(replies);
    this.maybeCompact();
    return { messages, replies, applied: rd.committedEntries, writeDoneMs };
  }

  /** A leader's messages may leave before its write completes, unless the Ready changes its term or vote. */
  private sendsFirst(rd: Ready): boolean {
    if (this.raft.role !== 'leader') return false;
    const hs = rd.hardState;
    return hs === undefined || (hs.term === this.durableHardState.term && hs.vote === this.durableHardState.vote);
  }

  /** Completes the writes due by `nowMs`, in order; returns the messages they held back. */
  completeWrites(nowMs: number): Message[] {
    const out: Message[] = [];
    while (this.writes.length > 0 && this.writes[0].doneMs <= nowMs) {
      const { rd, held } = this.writes.shift()!;
      this.storage.persist(rd);
      if (rd.hardState !== undefined) this.durableHardState = rd.hardState;
      const last = rd.entries.length > 0 ? rd.entries[rd.entries.length - 1] : rd.snapshot;
      if (last !== undefined) this.raft.stableTo(last.index, last.term);
      out.push(...held);
    }
    return out;
  }

  private apply(entry: LogEntry, replies: ClientReply[]): void {
    const command = decodePut(entry.data);
    if (command === undefined) return;
    this.kv.apply(command);
    const request = this.puts.get(command.id);
    if (request === undefined) return;
    this.puts.delete(command.id);
    replies.push({ ...request, ok: true, value: request.value, leaderHint: undefined });
  }

  private queueReads(rd: Ready): void {
    for (const state of rd.readStates) {
      const request = this.reads.get(state.requestId);
      if (request === undefined) continue;
      this.reads.delete(state.requestId);
      this.waitingReads.push({ index: state.index, request });
    }
  }

  private serveReads(replies: ClientReply[]): void {
    const applied = this.raft.log.applied;
    const ready = this.waitingReads.filter((r) => r.index <= applied);
    this.waitingReads = this.waitingReads.filter((r) => r.index > applied);
    for (const { request } of ready) {
      replies.push({ ...request, ok: true, value: this.kv.get(request.key), leaderHint: undefined });
    }
  }

  private maybeCompact(): void {
    const { applied, snapshot } = this.raft.log;
    if (applied - snapshot.index >= this.compactEvery) this.raft.compact(applied, this.kv.snapshot());
  }
}
