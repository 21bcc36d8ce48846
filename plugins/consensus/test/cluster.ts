/** A hand-driven cluster of Raft nodes for unit tests: deliver, drop and partition by hand. */
import { MemoryStorage, Raft, raftConfig, type LogEntry, type Message, type RaftConfig } from '../src/index.js';

export class TestCluster {
  readonly nodes = new Map<string, Raft>();
  readonly storage = new Map<string, MemoryStorage>();
  readonly applied = new Map<string, LogEntry[]>();
  readonly reads = new Map<string, number[]>();
  inbox: Message[] = [];
  /** Links that drop messages, as 'from>to'. */
  readonly cut = new Set<string>();
  /** Message filter: false drops the message. */
  filter: (m: Message) => boolean = () => true;
  /** Rewrites a message in flight. */
  transform: (m: Message) => Message = (m) => m;

  constructor(
    readonly ids: readonly string[],
    readonly overrides: Partial<RaftConfig> = {},
  ) {
    for (const [i, id] of ids.entries()) this.start(id, i + 1);
  }

  start(id: string, seed: number, voters: readonly string[] = this.ids): Raft {
    const storage = this.storage.get(id) ?? new MemoryStorage();
    this.storage.set(id, storage);
    const node = new Raft(raftConfig({ id, voters, seed, ...this.overrides }), storage.state());
    this.nodes.set(id, node);
    this.applied.set(id, this.applied.get(id) ?? []);
    return node;
  }

  node(id: string): Raft {
    return this.nodes.get(id)!;
  }

  isolate(id: string): void {
    for (const other of this.nodes.keys()) {
      if (other === id) continue;
      this.cut.add(`${id}>${other}`);
      this.cut.add(`${other}>${id}`);
    }
  }

  heal(): void {
    this.cut.clear();
  }

  /** Runs every node's Ready: persist, queue messages, apply. */
  flush(): void {
    for (const [id, node] of this.nodes) {
      while (node.hasReady()) {
        const rd = node.ready();
        this.storage.get(id)!.persist(rd);
        this.inbox.push(...rd.messages);
        this.applied.get(id)!.push(...rd.committedEntries.filter((e) => e.index > this.lastApplied(id)));
        for (const r of rd.readStates) this.reads.set(id, [...(this.reads.get(id) ?? []), r.requestId]);
        node.advance(rd);
      }
    }
  }

  private lastApplied(id: string): number {
    const list = this.applied.get(id)!;
    return list.length === 0 ? 0 : list[list.length - 1].index;
  }

  /** Delivers messages until none is left (bounded). */
  drain(maxRounds = 200): void {
    this.flush();
    for (let round = 0; round < maxRounds && this.inbox.length > 0; round++) {
      const batch = this.inbox;
      this.inbox = [];
      for (const m of batch) {
        const to = this.nodes.get(m.to);
        if (to === undefined || this.cut.has(`${m.from}>${m.to}`) || !this.filter(m)) continue;
        to.step(this.transform(m));
      }
      this.flush();
    }
  }

  tick(id: string, times = 1): void {
    for (let i = 0; i < times; i++) {
      this.node(id).tick();
      this.drain();
    }
  }

  tickAll(times = 1): void {
    for (let i = 0; i < times; i++) {
      for (const node of this.nodes.values()) node.tick();
      this.drain();
    }
  }

  /** Makes `id` leader by starting its election and delivering everything. */
  elect(id: string): void {
    this.node(id).startElection(false);
    this.drain();
  }

  leaders(): string[] {
    return [...this.nodes].filter(([, n]) => n.role === 'leader').map(([id]) => id);
  }

  propose(id: string, text: string): number {
    const index = this.node(id).propose(new TextEncoder().encode(text));
    this.drain();
    return index;
  }

  appliedText(id: string): string[] {
    return this.applied
      .get(id)!
      .filter((e) => e.data.length > 0)
      .map((e) => new TextDecoder().decode(e.data));
  }
}
