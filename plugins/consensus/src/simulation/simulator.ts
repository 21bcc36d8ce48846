/**
 * The deterministic simulator: Raft servers, clients and a faulty network on virtual time,
 * all randomness from one seed. The same options give the same history, event for event.
 */
import { SeededRandom, isKnhkError } from '@knhk/core';
import { SafetyMonitor } from '../check/safety.js';
import { checkLinearizability, type LinearizabilityResult } from '../check/linearizability.js';
import type { Violation } from '../check/violation.js';
import { raftConfig } from '../raft/config.js';
import { MemoryStorage } from '../raft/memory-storage.js';
import type { RaftLog } from '../raft/log.js';
import type { Message } from '../raft/types.js';
import { EventQueue } from './event-queue.js';
import type { KvOperation } from './history.js';
import { SimNetwork } from './network.js';
import { SIMULATION_DEFAULTS, type SimulationOptions } from './options.js';
import { type ClientReply, type ClientRequest, SimNode } from './sim-node.js';

type SimEvent =
  | { readonly kind: 'deliver'; readonly message: Message }
  | { readonly kind: 'tick'; readonly node: string; readonly incarnation: number }
  | { readonly kind: 'request'; readonly node: string; readonly request: ClientRequest }
  | { readonly kind: 'reply'; readonly reply: ClientReply }
  | { readonly kind: 'timeout'; readonly client: number; readonly opId: number }
  | { readonly kind: 'next'; readonly client: number }
  | { readonly kind: 'fault' }
  | { readonly kind: 'crash'; readonly node: string; readonly incarnation: number }
  | { readonly kind: 'persisted'; readonly node: string; readonly incarnation: number };

interface ClientState {
  opId: number;
  current: (ClientRequest & { callMs: number }) | undefined;
  leaderHint: string | undefined;
}

/** The outcome of one simulated run. */
export interface SimulationResult {
  readonly seed: number;
  /** Servers simulated, spares included. */
  readonly nodes: number;
  readonly violations: readonly Violation[];
  readonly linearizability: LinearizabilityResult;
  readonly history: readonly KvOperation[];
  readonly stats: {
    readonly events: number;
    readonly committed: number;
    readonly crashes: number;
    readonly partitions: number;
    readonly transfers: number;
    readonly reconfigurations: number;
    readonly dropped: number;
    readonly duplicated: number;
  };
  /** FNV-1a of every processed event: equal for equal runs. */
  readonly traceHash: string;
}

const MAX_VIOLATIONS = 16;
const MAX_READY_ROUNDS = 64;

/** One run: build, simulate until the duration ends, check, report. */
export function runSimulation(partial: Partial<SimulationOptions> & { seed: number }): SimulationResult {
  const sim = new Simulation({ ...SIMULATION_DEFAULTS, ...partial });
  return sim.run();
}

class Simulation {
  private readonly random: SeededRandom;
  private readonly ids: string[];
  private readonly initialVoters: string[];
  private readonly queue: EventQueue<SimEvent>;
  private readonly network: SimNetwork;
  private readonly monitor = new SafetyMonitor(MAX_VIOLATIONS);
  private readonly storage = new Map<string, MemoryStorage>();
  private readonly live = new Map<string, SimNode>();
  private readonly incarnations = new Map<string, number>();
  private readonly seenCommit = new Map<string, number>();
  private readonly clients: ClientState[] = [];
  private readonly history: KvOperation[] = [];
  private nowMs = 0;
  private events = 0;
  private crashes = 0;
  private partitions = 0;
  private transfers = 0;
  private reconfigurations = 0;
  private hash = 0x811c9dc5;

  constructor(private readonly options: SimulationOptions) {
    this.random = new SeededRandom(options.seed);
    const count = options.nodes ?? (this.random.next() < 0.5 ? 3 : 5);
    this.ids = Array.from({ length: count + options.spareNodes }, (_, i) => `n${i + 1}`);
    this.initialVoters = this.ids.slice(0, count);
    this.queue = new EventQueue(options.maxEvents);
    this.network = new SimNetwork(options.network, this.random);
  }

  run(): SimulationResult {
    for (const id of this.ids) this.startNode(id);
    for (let c = 0; c < this.options.clients; c++) {
      this.clients.push({ opId: 0, current: undefined, leaderHint: undefined });
      this.queue.push(this.random.int(50), { kind: 'next', client: c });
    }
    if (this.options.faultIntervalMs > 0) this.queue.push(this.faultDelayMs(), { kind: 'fault' });
    this.loop();
    this.monitor.checkLogMatching(this.logs(), this.nowMs);
    return this.result();
  }

  private loop(): void {
    const endMs = this.options.durationMs + 2 * this.options.clientTimeoutMs;
    for (let n = 0; n < this.options.maxEvents; n++) {
      const next = this.queue.pop();
      if (next === undefined || next.timeMs > endMs) return;
      this.nowMs = next.timeMs;
      this.events++;
      this.trace(next.timeMs, next.event);
      try {
        this.handle(next.event);
      } catch (error) {
        this.monitor.report('invariant', this.nowMs, error instanceof Error ? error.message : String(error));
        return;
      }
      if (this.monitor.violations.length > 0) return;
      if (this.events % 2000 === 0) this.monitor.checkLogMatching(this.logs(), this.nowMs);
    }
  }

  private trace(timeMs: number, event: SimEvent): void {
    const m = event.kind === 'deliver' ? event.message : undefined;
    const text = `${timeMs}:${event.kind}:${m === undefined ? '' : `${m.type}${m.from}${m.to}${m.term}`}`;
    for (let i = 0; i < text.length; i++) this.hash = Math.imul(this.hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }

  private handle(event: SimEvent): void {
    switch (event.kind) {
      case 'deliver': {
        const node = this.live.get(event.message.to);
        if (node !== undefined && this.network.connected(event.message.from, event.message.to)) {
          node.raft.step(event.message);
          this.drain(node);
        }
        return;
      }
      case 'tick':
        return this.tick(event.node, event.incarnation);
      case 'request':
        return this.serve(event.node, event.request);
      case 'reply':
        return this.receive(event.reply);
      case 'timeout':
        return this.timeout(event.client, event.opId);
      case 'next':
        return this.nextOperation(event.client);
      case 'fault':
        return this.fault();
      case 'crash':
        if (this.live.get(event.node)?.incarnation === event.incarnation) this.crash(event.node);
        return;
      case 'persisted':
        return this.persisted(event.node, event.incarnation);
    }
  }

  // ---- Nodes ----------------------------------------------------------------------------

  private startNode(id: string): void {
    const incarnation = (this.incarnations.get(id) ?? 0) + 1;
    this.incarnations.set(id, incarnation);
    const storage = this.storage.get(id) ?? new MemoryStorage();
    this.storage.set(id, storage);
    const o = this.options;
    const config = raftConfig({
      id,
      voters: this.initialVoters,
      seed: o.seed * 997 + this.ids.indexOf(id) * 31 + incarnation,
      electionTicks: o.electionTicks,
      heartbeatTicks: o.heartbeatTicks,
      checkQuorum: o.checkQuorum,
      maxEntriesPerMessage: o.maxEntriesPerMessage,
      maxInflightMessages: o.maxInflightMessages,
      faults: o.raftFaults,
    });
    const tickMs = Math.max(1, Math.round(o.tickMs * (1 + this.random.symmetric(o.maxDrift))));
    const node = new SimNode(config, storage, incarnation, tickMs, o.compactEvery);
    this.live.set(id, node);
    this.seenCommit.set(id, node.raft.log.committed);
    this.queue.push(this.nowMs + 1 + this.random.int(tickMs), { kind: 'tick', node: id, incarnation });
  }

  private tick(id: string, incarnation: number): void {
    const node = this.live.get(id);
    if (node === undefined || node.incarnation !== incarnation) return;
    node.raft.tick();
    this.drain(node);
    this.queue.push(this.nowMs + node.tickMs, { kind: 'tick', node: id, incarnation });
  }

  /** A node's storage writes due now complete: their held messages leave, and the node goes on. */
  private persisted(id: string, incarnation: number): void {
    const node = this.live.get(id);
    if (node === undefined || node.incarnation !== incarnation) return;
    this.deliver(node.completeWrites(this.nowMs));
    this.drain(node);
  }

  private deliver(messages: readonly Message[]): void {
    for (const m of messages) {
      for (const delay of this.network.delaysMs()) this.queue.push(this.nowMs + delay, { kind: 'deliver', message: m });
    }
  }

  /** Runs a node's Readys, checks what they show, and sends their messages and replies. */
  private drain(node: SimNode): void {
    const id = node.raft.config.id;
    const lagMs = this.options.persistLagMs;
    for (let round = 0; round < MAX_READY_ROUNDS && node.raft.hasReady(); round++) {
      const write = lagMs > 0 ? { nowMs: this.nowMs, delayMs: this.random.int(lagMs + 1) } : undefined;
      const effects = node.processReady(write);
      if (effects.writeDoneMs !== undefined) {
        const { incarnation } = node;
        this.queue.push(effects.writeDoneMs, { kind: 'persisted', node: id, incarnation });
      }
      for (const entry of effects.applied) this.monitor.observeApply(id, entry, this.nowMs);
      this.deliver(effects.messages);
      for (const reply of effects.replies) this.queue.push(this.nowMs + this.clientDelayMs(), { kind: 'reply', reply });
    }
    const log = node.raft.log;
    const seen = this.seenCommit.get(id)!;
    if (log.committed > seen) this.monitor.observeCommit(id, log, seen, log.committed, this.nowMs);
    this.seenCommit.set(id, log.committed);
    if (node.raft.role !== 'leader') return;
    this.monitor.observeLeader(id, node.raft.term, log, this.nowMs);
    if (log.committed > seen && this.canCrash() && this.random.next() < this.options.crashOnCommitRate) {
      this.queue.push(this.nowMs, { kind: 'crash', node: id, incarnation: node.incarnation });
    }
  }

  private logs(): Map<string, RaftLog> {
    return new Map([...this.live].map(([id, node]) => [id, node.raft.log]));
  }

  // ---- Faults ---------------------------------------------------------------------------

  private faultDelayMs(): number {
    return 1 + this.random.int(2 * this.options.faultIntervalMs);
  }

  private fault(): void {
    this.queue.push(this.nowMs + this.faultDelayMs(), { kind: 'fault' });
    const down = this.ids.filter((id) => !this.live.has(id));
    const roll = this.random.next();
    if (down.length > 0 && roll < 0.35) this.startNode(down[this.random.int(down.length)]);
    else if (roll < 0.6 && this.canCrash()) this.crash(this.pickVictim());
    else if (roll < 0.75) this.partition();
    else if (roll < 0.85) this.transfer();
    else if (roll < 0.95) this.reconfigure();
    else this.network.heal();
  }

  /** At most a minority is down at once, so that the cluster can make progress. */
  private canCrash(): boolean {
    return this.ids.length - this.live.size < Math.floor((this.ids.length - 1) / 2);
  }

  private pickVictim(): string {
    const up = [...this.live.keys()];
    const leader = up.find((id) => this.live.get(id)!.raft.role === 'leader');
    return leader !== undefined && this.random.next() < 0.6 ? leader : up[this.random.int(up.length)];
  }

  private crash(id: string): void {
    this.live.delete(id);
    this.crashes++;
  }

  /** Asks the leader, if any, to hand leadership to another voter. */
  private transfer(): void {
    const leader = [...this.live.values()].find((n) => n.raft.role === 'leader');
    if (leader === undefined) return;
    const others = this.ids.filter((id) => id !== leader.raft.config.id);
    try {
      leader.raft.transferLeadership(others[this.random.int(others.length)]);
    } catch (error) {
      if (!isKnhkError(error)) throw error;
    }
    this.transfers++;
    this.drain(leader);
  }

  /** Has the leader add a non-voter or remove a voter (keeping at least the initial count). */
  private reconfigure(): void {
    const leader = [...this.live.values()].find((n) => n.raft.role === 'leader');
    if (leader === undefined) return;
    const voters = leader.raft.voters;
    const outside = this.ids.filter((id) => !voters.has(id));
    const remove = outside.length === 0 || (voters.size > this.initialVoters.length && this.random.next() < 0.5);
    const pool = remove ? [...voters].sort() : outside;
    try {
      leader.raft.proposeMembership({ type: remove ? 'remove' : 'add', node: pool[this.random.int(pool.length)] });
      this.reconfigurations++;
    } catch (error) {
      if (!isKnhkError(error)) throw error;
    }
    this.drain(leader);
  }

  private partition(): void {
    const groups = new Map(this.ids.map((id) => [id, this.random.int(2)]));
    this.network.partition(groups);
    this.partitions++;
  }

  // ---- Clients --------------------------------------------------------------------------

  private clientDelayMs(): number {
    return 1 + this.random.int(5);
  }

  private nextOperation(client: number): void {
    if (this.nowMs > this.options.durationMs) return;
    const state = this.clients[client];
    const opId = ++state.opId;
    const put = this.random.next() < 0.5;
    const key = `k${this.random.int(this.options.keys)}`;
    const request: ClientRequest = {
      client,
      opId,
      kind: put ? 'put' : 'get',
      key,
      value: put ? `${client}.${opId}` : null,
    };
    state.current = { ...request, callMs: this.nowMs };
    const target = state.leaderHint ?? this.ids[this.random.int(this.ids.length)];
    this.queue.push(this.nowMs + this.clientDelayMs(), { kind: 'request', node: target, request });
    this.queue.push(this.nowMs + this.options.clientTimeoutMs, { kind: 'timeout', client, opId });
  }

  private serve(id: string, request: ClientRequest): void {
    const node = this.live.get(id);
    if (node === undefined) return;
    const refusal = node.request(request);
    if (refusal !== undefined) this.queue.push(this.nowMs + this.clientDelayMs(), { kind: 'reply', reply: refusal });
    this.drain(node);
  }

  private receive(reply: ClientReply): void {
    const state = this.clients[reply.client];
    const op = state.current;
    if (op === undefined || op.opId !== reply.opId) return;
    state.current = undefined;
    if (reply.ok) {
      this.history.push({
        client: op.client,
        kind: op.kind,
        key: op.key,
        value: reply.value,
        callMs: op.callMs,
        returnMs: this.nowMs,
      });
    } else {
      state.leaderHint = reply.leaderHint;
    }
    this.queue.push(this.nowMs + 1 + this.random.int(10), { kind: 'next', client: reply.client });
  }

  private timeout(client: number, opId: number): void {
    const state = this.clients[client];
    const op = state.current;
    if (op === undefined || op.opId !== opId) return;
    state.current = undefined;
    state.leaderHint = undefined;
    // A put may still take effect: its outcome is unknown, so it stays open forever.
    if (op.kind === 'put') {
      this.history.push({ client, kind: 'put', key: op.key, value: op.value, callMs: op.callMs, returnMs: Infinity });
    }
    this.queue.push(this.nowMs + 1, { kind: 'next', client });
  }

  // ---- Result ---------------------------------------------------------------------------

  private result(): SimulationResult {
    const linearizability = checkLinearizability(this.history, { maxSteps: this.options.maxCheckSteps });
    if (linearizability.result === 'violation') {
      this.monitor.report(
        'linearizability',
        this.nowMs,
        `the history of key ${linearizability.key} is not linearizable`,
      );
    }
    const committed = Math.max(0, ...[...this.live.values()].map((n) => n.raft.log.committed));
    return {
      seed: this.options.seed,
      nodes: this.ids.length,
      violations: this.monitor.violations,
      linearizability,
      history: this.history,
      stats: {
        events: this.events,
        committed,
        crashes: this.crashes,
        partitions: this.partitions,
        transfers: this.transfers,
        reconfigurations: this.reconfigurations,
        dropped: this.network.dropped,
        duplicated: this.network.duplicated,
      },
      traceHash: this.hash.toString(16).padStart(8, '0'),
    };
  }
}
