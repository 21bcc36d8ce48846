/**
 * The data types of the Raft core: log entries, messages, persisted state and the Ready
 * batch through which every effect leaves the state machine (etcd raft's `Ready`/`Advance`).
 */

/** A node's identifier, unique in the cluster. */
export type NodeId = string;

/** The role of a node (the seed's `RaftState`). */
export type RaftState = 'follower' | 'preCandidate' | 'candidate' | 'leader';

/** A single-server membership change, carried by a log entry and applied when the entry is applied. */
export interface MembershipChange {
  readonly type: 'add' | 'remove';
  readonly node: NodeId;
}

/** One entry of the replicated log. `data` is opaque to Raft; an empty entry marks a new leader's term. */
export interface LogEntry {
  readonly term: number;
  readonly index: number;
  readonly data: Uint8Array;
  readonly change?: MembershipChange;
}

/** The state a node must persist before it sends any message of the same Ready. */
export interface HardState {
  readonly term: number;
  readonly vote: NodeId | undefined;
  readonly commit: number;
}

/** A snapshot of the applied state machine at `index`, with the membership at that point. */
export interface Snapshot {
  readonly index: number;
  readonly term: number;
  readonly voters: readonly NodeId[];
  readonly data: Uint8Array;
}

/** What a node had persisted: the input of a restart. */
export interface PersistedState {
  readonly hardState: HardState;
  readonly snapshot: Snapshot | undefined;
  /** Entries after the snapshot, contiguous. */
  readonly entries: readonly LogEntry[];
}

interface Envelope {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly term: number;
}

/** A (pre-)vote request; `force` marks an election started by a leadership transfer. */
export interface VoteRequest extends Envelope {
  readonly type: 'preVote' | 'vote';
  readonly lastIndex: number;
  readonly lastTerm: number;
  readonly force: boolean;
}

/** The answer to a {@link VoteRequest}. */
export interface VoteResponse extends Envelope {
  readonly type: 'preVoteResponse' | 'voteResponse';
  readonly granted: boolean;
}

/** Entries after (prevIndex, prevTerm), and the leader's commit index. */
export interface AppendRequest extends Envelope {
  readonly type: 'append';
  readonly prevIndex: number;
  readonly prevTerm: number;
  readonly entries: readonly LogEntry[];
  readonly commit: number;
}

/** On success `index` is the last index known to match; on reject it is the rejected prevIndex and `hint` the follower's last index. */
export interface AppendResponse extends Envelope {
  readonly type: 'appendResponse';
  readonly success: boolean;
  readonly index: number;
  readonly hint: number;
}

/** A heartbeat; `seq` is echoed back and confirms leadership for ReadIndex. */
export interface Heartbeat extends Envelope {
  readonly type: 'heartbeat';
  readonly commit: number;
  readonly seq: number;
}

/** The answer to a {@link Heartbeat}. */
export interface HeartbeatResponse extends Envelope {
  readonly type: 'heartbeatResponse';
  readonly seq: number;
}

/** A snapshot sent to a follower whose next entry the leader has compacted away. */
export interface InstallSnapshot extends Envelope {
  readonly type: 'snapshot';
  readonly snapshot: Snapshot;
}

/** Tells the transfer target to start an election now. */
export interface TimeoutNow extends Envelope {
  readonly type: 'timeoutNow';
}

/** Every message nodes exchange. */
export type Message =
  | VoteRequest
  | VoteResponse
  | AppendRequest
  | AppendResponse
  | Heartbeat
  | HeartbeatResponse
  | InstallSnapshot
  | TimeoutNow;

/** A linearizable read the application may serve once it has applied up to `index`. */
export interface ReadState {
  readonly requestId: number;
  readonly index: number;
}

/**
 * Everything the node asks of its environment after an input. Persist `snapshot`, `entries`
 * (appending from `entries[0].index`, dropping any later entries already stored) and
 * `hardState` first; then send `messages`, install `snapshot` when `installSnapshot`, apply
 * `committedEntries`, serve `readStates`, and call `advance` with this Ready.
 */
export interface Ready {
  readonly messages: readonly Message[];
  readonly entries: readonly LogEntry[];
  readonly hardState: HardState | undefined;
  readonly snapshot: Snapshot | undefined;
  /** True when `snapshot` came from the leader and replaces the application's state. */
  readonly installSnapshot: boolean;
  readonly committedEntries: readonly LogEntry[];
  readonly readStates: readonly ReadState[];
}

/** A node's volatile view of itself. */
export interface RaftStatus {
  readonly id: NodeId;
  readonly role: RaftState;
  readonly term: number;
  readonly leader: NodeId | undefined;
  readonly commitIndex: number;
  readonly appliedIndex: number;
  readonly lastIndex: number;
  readonly voters: readonly NodeId[];
}
