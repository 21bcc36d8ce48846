/**
 * Invariant checks of the Raft core. A failed assertion is a programmer error (a bug in this
 * package or a broken environment contract), never an operating error: it throws a plain Error.
 */

/** Throws when `condition` is false; `message` names the broken invariant. */
export function invariant(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`raft invariant violated: ${message}`);
}
