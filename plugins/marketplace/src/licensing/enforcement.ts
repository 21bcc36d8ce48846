/**
 * Enforcement modes: what a refused check does. Strict blocks (throws the coded error), Warn
 * logs and allows, Permissive allows silently. The decision is pure; the caller logs.
 */
export type EnforcementMode = 'Strict' | 'Warn' | 'Permissive';

export const ENFORCEMENT_MODES: readonly EnforcementMode[] = ['Strict', 'Warn', 'Permissive'];

export type EnforcementDecision = 'allow' | 'warn' | 'block';

export function enforce(mode: EnforcementMode, allowed: boolean): EnforcementDecision {
  if (allowed) return 'allow';
  if (mode === 'Strict') return 'block';
  return mode === 'Warn' ? 'warn' : 'allow';
}
