/** Issuing licenses: the compact key a customer pastes and the offline license file. */
import { randomUUID } from 'node:crypto';
import { LICENSE_VERSION, type LicensePayload, canonicalPayload, payloadProblem } from './license.js';
import { sealEnvelope } from './signed-envelope.js';
import type { LicenseSigner } from './signer.js';
import { marketplaceError } from '../errors.js';

export const LICENSE_PREFIX = 'knhk-lic1';
export const LICENSE_FILE_FORMAT = 'knhk-license-file';

export interface LicenseRequest {
  readonly customerId: string;
  readonly features: readonly string[];
  readonly limits?: Readonly<Record<string, string>>;
  readonly notBefore: Date;
  readonly expiresAt: Date;
  readonly id?: string;
  readonly issuedAt?: Date;
}

/** The offline license file: the key (what is verified) and a readable copy of its payload. */
export interface LicenseFile {
  readonly format: typeof LICENSE_FILE_FORMAT;
  readonly version: 1;
  readonly key: string;
  readonly license: LicensePayload;
}

export interface IssuedLicense {
  readonly key: string;
  readonly payload: LicensePayload;
  readonly file: LicenseFile;
}

export function issueLicense(signer: LicenseSigner, request: LicenseRequest): IssuedLicense {
  const payload = canonicalPayload({
    v: LICENSE_VERSION,
    alg: signer.algorithm,
    id: request.id ?? randomUUID(),
    customerId: request.customerId,
    features: [...new Set(request.features)],
    limits: { ...(request.limits ?? {}) },
    notBefore: request.notBefore.toISOString(),
    expiresAt: request.expiresAt.toISOString(),
    issuedAt: (request.issuedAt ?? new Date()).toISOString(),
  });
  const problem = payloadProblem(payload);
  if (problem !== undefined) {
    throw marketplaceError('KNHK_E_LICENSE_MALFORMED', `cannot issue license: ${problem}`, { problem });
  }
  const key = sealEnvelope(LICENSE_PREFIX, payload, signer);
  return { key, payload, file: { format: LICENSE_FILE_FORMAT, version: 1, key, license: payload } };
}

/** The key inside a license file's text, or the text itself when it is a bare key. */
export function licenseKeyFromText(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return trimmed;
  let file: unknown;
  try {
    file = JSON.parse(trimmed);
  } catch {
    throw marketplaceError('KNHK_E_LICENSE_MALFORMED', 'license file is not JSON', {});
  }
  const f = file as Partial<LicenseFile>;
  if (f?.format !== LICENSE_FILE_FORMAT || typeof f.key !== 'string') {
    throw marketplaceError('KNHK_E_LICENSE_MALFORMED', `not a ${LICENSE_FILE_FORMAT} (format or key missing)`, {});
  }
  return f.key;
}
