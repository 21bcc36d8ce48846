/**
 * The `consensus` capability on a Raft group held in one process: every node, its storage and
 * the network are in memory, messages are delivered at once, and time advances only inside
 * calls. Deterministic for a given seed; for development and tests of code written against
 * {@link Consensus}, not for fault tolerance (that needs the node and transport of a later part).
 */
import { type Consensus, type ConsensusStatus, type FaultModel } from '@knhk/core';
import { raftConfig } from './raft/config.js';
import { MemoryStorage } from './raft/memory-storage.js';
import { Raft } from './raft/raft.js';
import type { Message } from './raft/types.js';
import { consensusError } from './errors.js';

/** Options of {@link LocalRaftConsensus}. */
export interface LocalConsensusOptions {
  /** Nodes in the group (default 3). */
  readonly nodes?: number;
  readonly seed?: number;
  /** Ticks a call may spend waiting for a leader (default 200). */
  readonly maxTicksPerCall?: number;
}

const MAX_DELIVERY_ROUNDS = 1000;

/** A Raft group in one process, behind the {@link Consensus} interface. */
export class LocalRaftConsensus implements Consensus {
  readonly faultModel: FaultModel = 'crash';
  private readonly nodes = new Map<string, { raft: Raft; storage: MemoryStorage }>();
  private readonly listeners = new Set<(entry: { index: number; data: Uint8Array }) => void>();
  private readonly maxTicksPerCall: number;
  private emittedIndex = 0;

  constructor(options: LocalConsensusOptions = {}) {
    const count = options.nodes ?? 3;
    if (!Number.isSafeInteger(count) || count < 1 || count > 9) {
      throw consensusError('KNHK_E_CONSENSUS_CONFIG', `nodes must be an integer in [1, 9], got ${count}`);
    }
    this.maxTicksPerCall = options.maxTicksPerCall ?? 200;
    const ids = Array.from({ length: count }, (_, i) => `n${i + 1}`);
    for (const [i, id] of ids.entries()) {
      const config = raftConfig({ id, voters: ids, seed: (options.seed ?? 1) * 31 + i });
      this.nodes.set(id, { raft: new Raft(config), storage: new MemoryStorage() });
    }
  }

  /** Commits `data`; resolves with its index once it is committed. */
  async propose(data: Uint8Array): Promise<{ index: number }> {
    const leader = this.leader();
    const index = leader.propose(data);
    this.deliver();
    if (leader.log.committed < index) {
      throw consensusError('KNHK_E_CONSENSUS_NOT_LEADER', `entry ${index} was not committed`);
    }
    return { index };
  }

  /** Calls `listener` for every committed entry with data, in index order; returns an unsubscribe. */
  onCommit(listener: (entry: { index: number; data: Uint8Array }) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  members(): readonly string[] {
    return [...this.nodes.keys()];
  }

  /** The status of the group's leader (electing one first if needed). */
  status(): ConsensusStatus {
    const status = this.leader().status();
    return {
      id: status.id,
      role: status.role,
      commitIndex: status.commitIndex,
      term: status.term,
      leader: status.leader,
    };
  }

  private leader(): Raft {
    for (let tick = 0; tick <= this.maxTicksPerCall; tick++) {
      for (const { raft } of this.nodes.values()) if (raft.role === 'leader') return raft;
      for (const { raft } of this.nodes.values()) raft.tick();
      this.deliver();
    }
    throw consensusError('KNHK_E_CONSENSUS_NOT_LEADER', `no leader after ${this.maxTicksPerCall} ticks`);
  }

  private deliver(): void {
    for (let round = 0; round < MAX_DELIVERY_ROUNDS; round++) {
      const messages = this.flush();
      if (messages.length === 0) return;
      for (const m of messages) this.nodes.get(m.to)?.raft.step(m);
    }
  }

  private flush(): Message[] {
    const out: Message[] = [];
    for (const { raft, storage } of this.nodes.values()) {
      while (raft.hasReady()) {
        const rd = raft.ready();
        storage.persist(rd);
        out.push(...rd.messages);
        for (const entry of rd.committedEntries) this.emit(entry.index, entry.data);
        raft.advance(rd);
      }
    }
    return out;
  }

  private emit(index: number, data: Uint8Array): void {
    if (index <= this.emittedIndex) return;
    this.emittedIndex = index;
    if (data.length === 0) return;
    for (const listener of this.listeners) listener({ index, data });
  }
}
