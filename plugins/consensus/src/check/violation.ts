/** What a checker reports: which property broke, when, and how. */

/** The properties the simulator checks. */
export type SafetyProperty =
  'electionSafety' | 'logMatching' | 'leaderCompleteness' | 'stateMachineSafety' | 'linearizability' | 'invariant';

/** One broken property in one simulated history. */
export interface Violation {
  readonly property: SafetyProperty;
  readonly timeMs: number;
  readonly message: string;
}
