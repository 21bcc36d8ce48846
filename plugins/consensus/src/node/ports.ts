/**
 * The ports of a Raft node: durable storage and the peer transport. The Raft core is pure;
 * a running node ({@link RaftNode}) drives it and does its I/O through these two interfaces.
 * `storage/` implements {@link RaftStorage} on disk (write-ahead log and snapshot files) and
 * `transport/` implements {@link RaftTransport} over TCP with authenticated frames.
 */
import type { Message, NodeId, PersistedState, Ready } from '../raft/types.js';

/** Durable Raft state: what a node must have on disk before it acknowledges anything. */
export interface RaftStorage {
  /**
   * Reads what was persisted. A torn tail (a partial last record, as a crash mid-write leaves)
   * is truncated and reported in {@link RaftStorage.recovery}; a corrupt record before the tail
   * throws `KNHK_E_CONSENSUS_WAL_CORRUPT` rather than silently dropping entries.
   */
  load(): PersistedState;
  /**
   * Persists a Ready's snapshot, entries and hard state, in that order, and returns only once
   * they are durable (fsync). A full disk or any I/O failure throws a coded error and leaves
   * the previously persisted state intact; the node must then not acknowledge the write.
   */
  persist(rd: Ready): void;
  /**
   * {@link RaftStorage.persist} without blocking the event loop: resolves once the Ready is
   * durable, rejects with the same coded errors (the previously persisted state intact). At most
   * one may be in flight; the caller gathers what arrives meanwhile into the next one.
   */
  persistAsync(rd: Ready): Promise<void>;
  /** What `load()` repaired, if anything. */
  recovery(): { readonly truncatedBytes: number; readonly reason?: string };
  /** Releases file handles; idempotent. */
  close(): void;
}

/** A peer's network address. */
export interface PeerAddress {
  readonly host: string;
  readonly port: number;
}

/** Counters of a transport; every dropped frame is counted under its reason. */
export interface TransportStats {
  readonly framesSent: number;
  readonly framesReceived: number;
  readonly dropped: {
    readonly malformed: number;
    readonly unauthenticated: number;
    readonly oversized: number;
    readonly queueFull: number;
  };
  readonly reconnects: number;
}

/** Delivers Raft messages between nodes. Sending never throws for network trouble. */
export interface RaftTransport {
  /** Starts listening; resolves with the bound address (port 0 picks a free port). */
  start(): Promise<PeerAddress>;
  /** Queues `message` for `message.to`; connects (and reconnects with backoff) as needed. */
  send(message: Message): void;
  /** Registers the handler of authenticated, well-formed incoming messages. */
  onMessage(handler: (message: Message) => void): void;
  /** Adds or moves a peer (membership change). */
  setPeer(id: NodeId, address: PeerAddress): void;
  /** Forgets a peer and closes its connection. */
  removePeer(id: NodeId): void;
  stats(): TransportStats;
  /** Closes the listener and every connection; idempotent. */
  close(): Promise<void>;
}
