/**
 * The signed license payload and its checks. Usage limits are per feature and per calendar
 * month (UTC), as decimal strings of the feature's meter unit; a feature without a limit is
 * unlimited.
 */
import { parseQuantity } from '../money/money.js';

export const LICENSE_VERSION = 1;
/** Longest list of features or limits a license may carry. */
export const LICENSE_FEATURES_MAX = 256;

export interface LicensePayload {
  readonly v: number;
  /** The signing algorithm; must match the validator's key. */
  readonly alg: string;
  /** License id, a UUID. */
  readonly id: string;
  readonly customerId: string;
  readonly features: readonly string[];
  /** Per-feature usage limit per month, e.g. `{ api_calls: "10000" }`. */
  readonly limits: Readonly<Record<string, string>>;
  /** ISO 8601 instants. */
  readonly notBefore: string;
  readonly expiresAt: string;
  readonly issuedAt: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const NAME_PATTERN = /^[a-z][a-z0-9_.-]{0,63}$/;
export const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** Milliseconds since the epoch of a strict ISO 8601 UTC instant, or undefined. */
export function parseInstant(text: unknown): number | undefined {
  if (typeof text !== 'string' || !ISO_INSTANT.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

function isNonNegativeQuantity(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    return parseQuantity(text) >= 0n;
  } catch {
    return false;
  }
}

/** Why a decoded payload is not a license, or undefined when it is one. */
export function payloadProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'payload is not an object';
  const p = value as Record<string, unknown>;
  if (p.v !== LICENSE_VERSION) return `unsupported license version ${JSON.stringify(p.v)}`;
  if (typeof p.alg !== 'string') return 'alg missing';
  if (typeof p.id !== 'string' || !UUID.test(p.id)) return 'id is not a UUID';
  if (typeof p.customerId !== 'string' || !CUSTOMER_ID_PATTERN.test(p.customerId)) return 'bad customerId';
  if (!Array.isArray(p.features) || p.features.length > LICENSE_FEATURES_MAX) return 'bad features';
  if (!p.features.every((f) => typeof f === 'string' && NAME_PATTERN.test(f))) return 'bad feature name';
  if (typeof p.limits !== 'object' || p.limits === null || Array.isArray(p.limits)) return 'bad limits';
  const limits = Object.entries(p.limits as Record<string, unknown>);
  if (limits.length > LICENSE_FEATURES_MAX) return 'too many limits';
  for (const [feature, limit] of limits) {
    if (!p.features.includes(feature)) return `limit for unlisted feature ${feature}`;
    if (!isNonNegativeQuantity(limit)) return `bad limit for ${feature}`;
  }
  const notBefore = parseInstant(p.notBefore);
  const expiresAt = parseInstant(p.expiresAt);
  if (notBefore === undefined || expiresAt === undefined || parseInstant(p.issuedAt) === undefined) {
    return 'bad validity instants';
  }
  if (expiresAt <= notBefore) return 'expiresAt is not after notBefore';
  return undefined;
}

/** The payload with its keys in one fixed order (the bytes that get signed). */
export function canonicalPayload(p: LicensePayload): LicensePayload {
  const limits: Record<string, string> = {};
  for (const feature of Object.keys(p.limits).sort()) limits[feature] = p.limits[feature];
  return {
    v: p.v,
    alg: p.alg,
    id: p.id,
    customerId: p.customerId,
    features: [...p.features].sort(),
    limits,
    notBefore: p.notBefore,
    expiresAt: p.expiresAt,
    issuedAt: p.issuedAt,
  };
}
