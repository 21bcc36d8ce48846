import type { InjectionToken } from 'tsyringe';
import type { Matmul } from './matmul.js';
import type { DeviceMemory } from './memory.js';
import type { NeuralTraining } from './mlp.js';
import type { Billing, Consensus, Deployment, Kem, Licensing, Metering, SignatureScheme, Tenancy } from './modules.js';
import type { PatternMatcher } from './pattern.js';
import type { Reductions } from './reduce.js';
import type { VectorOps } from './vector.js';

/** Compute capabilities, which hardware backends provide and the framework selects per operation and size. */
export const COMPUTE_CAPABILITIES = ['vector', 'reduce', 'matmul', 'pattern', 'mlp', 'memory'] as const;
/** Module capabilities (crypto, consensus, marketplace). */
export const MODULE_CAPABILITIES = [
  'kem',
  'signature',
  'consensus',
  'licensing',
  'metering',
  'billing',
  'tenancy',
  'deployment',
] as const;
/** Every capability name. */
export const CAPABILITY_NAMES = [...COMPUTE_CAPABILITIES, ...MODULE_CAPABILITIES] as const;

export type ComputeCapability = (typeof COMPUTE_CAPABILITIES)[number];
export type ModuleCapability = (typeof MODULE_CAPABILITIES)[number];
export type CapabilityName = (typeof CAPABILITY_NAMES)[number];

/** The interface behind each capability name. */
export interface CapabilityMap {
  vector: VectorOps;
  reduce: Reductions;
  matmul: Matmul;
  pattern: PatternMatcher;
  mlp: NeuralTraining;
  memory: DeviceMemory;
  kem: Kem;
  signature: SignatureScheme;
  consensus: Consensus;
  licensing: Licensing;
  metering: Metering;
  billing: Billing;
  tenancy: Tenancy;
  deployment: Deployment;
}

function token<C extends CapabilityName>(name: C): InjectionToken<CapabilityMap[C]> {
  // Symbol.for: a plugin with its own copy of @knhk/core still uses the same tokens.
  return Symbol.for(`knhk.capability.${name}`);
}

/** Injection token of each capability. A plugin registers its providers under these in its own container. */
export const CAPABILITY_TOKENS: { readonly [C in CapabilityName]: InjectionToken<CapabilityMap[C]> } = Object.freeze({
  vector: token('vector'),
  reduce: token('reduce'),
  matmul: token('matmul'),
  pattern: token('pattern'),
  mlp: token('mlp'),
  memory: token('memory'),
  kem: token('kem'),
  signature: token('signature'),
  consensus: token('consensus'),
  licensing: token('licensing'),
  metering: token('metering'),
  billing: token('billing'),
  tenancy: token('tenancy'),
  deployment: token('deployment'),
});

/** True when `name` is a capability knhk defines. */
export function isCapabilityName(name: unknown): name is CapabilityName {
  return typeof name === 'string' && (CAPABILITY_NAMES as readonly string[]).includes(name);
}
