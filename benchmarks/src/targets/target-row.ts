/**
 * The targets section of the bench report: one row per performance target, with knhk's
 * figure and the figure it is compared with (a peer library, or the machine's own peak),
 * both measured side by side in the same run, their ratio, the target and whether it is
 * met. Pure: no measuring here.
 */

/** One measured figure. */
export interface TargetFigure {
  /** What was measured, e.g. `avx2 sgemm 512^3, 1 thread` or `OpenBLAS 1 thread`. */
  readonly name: string;
  readonly value: number;
  /** `GFLOPS`, `GB/s` or `ns/call`. */
  readonly unit: string;
}

/** The goal for the ratio knhk / compared figure. */
export interface TargetGoal {
  readonly comparison: '>=' | '<=';
  readonly value: number;
}

/** One target of the report. */
export interface TargetRow {
  /** Stable identifier, e.g. `sgemm-openblas`. */
  readonly id: string;
  /** For people: what the ratio says. */
  readonly what: string;
  readonly target: TargetGoal;
  /** `not measured` when a side could not be measured (then `reason` says why). */
  readonly status: 'met' | 'not met' | 'not measured';
  readonly ours?: TargetFigure;
  readonly peer?: TargetFigure;
  /** ours.value / peer.value. */
  readonly ratio?: number;
  /** Why a row is not measured, or what else the reader must know (e.g. differing match counts). */
  readonly reason?: string;
  /**
   * What bounds the ratio on this machine, measured in the same run (e.g. the two-core FMA
   * peak over the one-core peak for the two-thread sgemm): context, not part of the verdict.
   */
  readonly ceiling?: string;
}

/** The targets section: how it was measured and the rows. */
export interface TargetsReport {
  readonly effort: 'quick' | 'thorough';
  /** What the effort changes (quick mode uses smaller data for some rows and says which). */
  readonly note: string;
  readonly rows: readonly TargetRow[];
}

/** Whether `ratio` meets `goal`. */
export function meets(ratio: number, goal: TargetGoal): boolean {
  return goal.comparison === '>=' ? ratio >= goal.value : ratio <= goal.value;
}

/** A row from both figures: the ratio ours / peer and the verdict. */
export function measuredRow(
  base: { readonly id: string; readonly what: string; readonly target: TargetGoal },
  ours: TargetFigure,
  peer: TargetFigure,
  reason?: string,
): TargetRow {
  const ratio = ours.value / peer.value;
  const ok = Number.isFinite(ratio) && meets(ratio, base.target) && reason === undefined;
  return { ...base, status: ok ? 'met' : 'not met', ours, peer, ratio, ...(reason === undefined ? {} : { reason }) };
}

/** A row that could not be measured, with why (and knhk's figure when only the other side is missing). */
export function unmeasuredRow(
  base: { readonly id: string; readonly what: string; readonly target: TargetGoal },
  reason: string,
  ours?: TargetFigure,
): TargetRow {
  return { ...base, status: 'not measured', ...(ours === undefined ? {} : { ours }), reason };
}
