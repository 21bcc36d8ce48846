/**
 * One simulated server: a Raft node, its persisted storage and the key-value store it
 * applies to, with the client requests it is serving. A crash drops everything but storage.
 */
import { isKnhkError } from '@knhk/core';
import type { RaftConfig } from '../raft/config.js';
import type { MemoryStorage } from '../raft/memory-storage.js';
import { Raft } from '../raft/raft.js';
import type { LogEntry, Message, Ready } from '../raft/types.js';
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
}

/** A live incarnation of a server. */
export class SimNode {
  readonly raft: Raft;
  private readonly kv = new KvStore();
  private readonly puts = new Map<string, ClientRequest>();
  private readonly reads = new Map<number, ClientRequest>();
  private waitingReads: { index: number; request: ClientRequest }[] = [];
  private nextReadId = 1;

  constructor(
    config: RaftConfig,
    readonly storage: MemoryStorage,
    readonly incarnation: number,
    readonly tickMs: number,
    private readonly compactEvery: number,
  ) {
    const state = storage.state();
    this.raft = new Raft(config, state);
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

  /** Runs one Ready: persist, apply, answer clients, compact; returns what leaves the node. */
  processReady(): ReadyEffects {
    const rd = this.raft.ready();
    this.storage.persist(rd);
    if (rd.installSnapshot && rd.snapshot !== undefined) this.kv.restore(rd.snapshot.data);
    const replies: ClientReply[] = [];
    for (const entry of rd.committedEntries) this.apply(entry, replies);
    this.raft.advance(rd);
    this.queueReads(rd);
    this.serveReads(replies);
    this.maybeCompact();
    return { messages: rd.messages, replies, applied: rd.committedEntries };
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
