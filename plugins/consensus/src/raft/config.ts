/**
 * The configuration of a Raft node, validated as operating errors (`KNHK_E_CONSENSUS_CONFIG`).
 * Times are in ticks: the environment decides how long a tick is.
 */
import { KnhkError } from '@knhk/core';
import type { NodeId } from './types.js';
import { consensusError } from '../errors.js';

/** Deliberately unsafe behaviours, only to show that the simulator's checks can fail. */
export interface RaftFaults {
  /** Commit entries of earlier terms by counting replicas (Raft paper, figure 8): unsafe. */
  readonly commitPriorTermByCount?: boolean;
  /** A leader counts its own entries toward the commit quorum before they are durable: unsafe when its writes lag. */
  readonly leaderCountsUndurable?: boolean;
  /** Grant votes without the up-to-date log check (§5.4.1): unsafe. */
  readonly voteIgnoringLog?: boolean;
  /** Answer ReadIndex at once, without confirming leadership with a quorum (§6.4): unsafe. */
  readonly readWithoutQuorum?: boolean;
}

/** Options of a Raft node. */
export interface RaftConfig {
  readonly id: NodeId;
  /** The voters at the start, used when no snapshot says otherwise. A joining node passes the current voters, without itself. */
  readonly voters: readonly NodeId[];
  /** Election timeout; each node draws its own in [electionTicks, 2 * electionTicks). */
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  /** Seed of the election-timeout randomisation. */
  readonly seed: number;
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  readonly maxEntriesPerMessage: number;
  readonly maxBytesPerMessage: number;
  /** Append messages in flight per follower, in the replicate state. */
  readonly maxInflightMessages: number;
  /** Committed entries handed out per Ready. */
  readonly maxApplyEntries: number;
  /** Reads waiting for leadership confirmation. */
  readonly maxPendingReads: number;
  /** Entries the leader holds beyond its commit index before refusing proposals. */
  readonly maxUncommittedEntries: number;
  readonly faults?: RaftFaults;
}

/** Reasonable defaults for everything except `id`, `voters` and `seed`. */
export const RAFT_DEFAULTS = Object.freeze({
  electionTicks: 10,
  heartbeatTicks: 1,
  preVote: true,
  checkQuorum: true,
  maxEntriesPerMessage: 64,
  maxBytesPerMessage: 1 << 20,
  maxInflightMessages: 8,
  maxApplyEntries: 256,
  maxPendingReads: 1024,
  maxUncommittedEntries: 4096,
});

/** A full configuration from the required fields and optional overrides. */
export function raftConfig(base: Pick<RaftConfig, 'id' | 'voters' | 'seed'> & Partial<RaftConfig>): RaftConfig {
  return validateRaftConfig({ ...RAFT_DEFAULTS, ...base });
}

function configError(message: string): KnhkError {
  return consensusError('KNHK_E_CONSENSUS_CONFIG', message, {});
}

const POSITIVE_INTEGERS = [
  'electionTicks',
  'heartbeatTicks',
  'maxEntriesPerMessage',
  'maxBytesPerMessage',
  'maxInflightMessages',
  'maxApplyEntries',
  'maxPendingReads',
  'maxUncommittedEntries',
] as const;

/** Checks a configuration; returns it frozen or throws `KNHK_E_CONSENSUS_CONFIG`. */
export function validateRaftConfig(config: RaftConfig): RaftConfig {
  if (typeof config.id !== 'string' || config.id.length === 0) throw configError('id must be a non-empty string');
  if (new Set(config.voters).size !== config.voters.length || config.voters.some((v) => v.length === 0)) {
    throw configError('voters must be unique non-empty ids');
  }
  for (const name of POSITIVE_INTEGERS) {
    const value = config[name];
    if (!Number.isSafeInteger(value) || value <= 0)
      throw configError(`${name} must be a positive integer, got ${value}`);
  }
  if (config.heartbeatTicks >= config.electionTicks) {
    throw configError(
      `heartbeatTicks (${config.heartbeatTicks}) must be less than electionTicks (${config.electionTicks})`,
    );
  }
  if (!Number.isSafeInteger(config.seed)) throw configError(`seed must be a safe integer, got ${config.seed}`);
  return Object.freeze({ ...config, voters: Object.freeze([...config.voters]) });
}
