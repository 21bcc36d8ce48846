/** The knobs of one simulated run, and the defaults the seed sweep uses. */
import type { RaftFaults } from '../raft/config.js';
import type { NetworkOptions } from './network.js';

/** Options of {@link runSimulation}; everything random derives from `seed`. */
export interface SimulationOptions {
  readonly seed: number;
  /** Initial voters; default: 3 or 5, drawn from the seed. */
  readonly nodes?: number;
  /** Servers outside the initial configuration, which membership changes add and remove. */
  readonly spareNodes: number;
  /** Virtual time the clients run for. */
  readonly durationMs: number;
  readonly tickMs: number;
  /** Each node's tick period is tickMs * (1 + d), d drawn in [-maxDrift, maxDrift). */
  readonly maxDrift: number;
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  /** Raft's check-quorum (leaders cut off from a majority step down). */
  readonly checkQuorum: boolean;
  readonly clients: number;
  readonly keys: number;
  readonly clientTimeoutMs: number;
  readonly network: NetworkOptions;
  /** Mean time between faults (crash, restart, partition, heal); 0 disables them. */
  readonly faultIntervalMs: number;
  /** Chance that a leader crashes right after its commit index moves (a targeted fault). */
  readonly crashOnCommitRate: number;
  /**
   * Longest time a node's storage write takes, in ms: each Ready's write completes after a delay
   * drawn in [0, persistLagMs], in order, and a crash loses the writes still pending. A leader
   * sends its messages before its own write completes; everyone else after. 0 (the default):
   * every write completes at once, before anything of its Ready leaves the node.
   */
  readonly persistLagMs: number;
  /** Entries applied between snapshots. */
  readonly compactEvery: number;
  /** Raft message size limits, small so that batching and flow control are exercised. */
  readonly maxEntriesPerMessage: number;
  readonly maxInflightMessages: number;
  /** Bound on events processed in one run. */
  readonly maxEvents: number;
  /** Bound on the linearizability search. */
  readonly maxCheckSteps: number;
  /** Deliberate bugs, to show that the checks catch them. */
  readonly raftFaults?: RaftFaults;
}

/** The defaults of `knhk consensus simulate`. */
export const SIMULATION_DEFAULTS: Omit<SimulationOptions, 'seed'> = Object.freeze({
  durationMs: 3_000,
  spareNodes: 1,
  tickMs: 10,
  maxDrift: 0.2,
  electionTicks: 10,
  heartbeatTicks: 2,
  checkQuorum: true,
  clients: 4,
  keys: 3,
  clientTimeoutMs: 300,
  network: Object.freeze({ dropRate: 0.05, duplicateRate: 0.03, minDelayMs: 1, maxDelayMs: 25 }),
  faultIntervalMs: 300,
  crashOnCommitRate: 0.02,
  persistLagMs: 0,
  compactEvery: 25,
  maxEntriesPerMessage: 4,
  maxInflightMessages: 4,
  maxEvents: 500_000,
  maxCheckSteps: 2_000_000,
});
