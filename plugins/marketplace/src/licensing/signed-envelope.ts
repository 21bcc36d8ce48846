/**
 * The compact signed form shared by license keys and revocation lists:
 * `<prefix>.<base64url(JSON payload)>.<base64url(signature)>`, where the signature covers the
 * ASCII bytes of `<prefix>.<base64url(JSON payload)>`. The prefix names the kind and version
 * (`knhk-lic1`, `knhk-rev1`), so a revocation list can never pass for a license.
 */
import { decodeBase64Url, encodeBase64Url } from './base64url.js';
import type { LicenseSigner, LicenseVerifier } from './signer.js';

/** Longest signed text accepted, in characters (bounds parsing work on hostile input). */
export const SIGNED_TEXT_MAX_CHARS = 1 << 20;

export function sealEnvelope(prefix: string, payload: unknown, signer: LicenseSigner): string {
  const body = `${prefix}.${encodeBase64Url(new TextEncoder().encode(JSON.stringify(payload)))}`;
  const signature = signer.sign(new TextEncoder().encode(body));
  return `${body}.${encodeBase64Url(signature)}`;
}

export type OpenedEnvelope =
  | { readonly ok: true; readonly payload: unknown; readonly signatureValid: boolean }
  | { readonly ok: false; readonly problem: string };

/** Splits and decodes; checks the signature with `verifier` when given. Never throws. */
export function openEnvelope(prefix: string, text: string, verifier?: LicenseVerifier): OpenedEnvelope {
  if (typeof text !== 'string' || text.length > SIGNED_TEXT_MAX_CHARS) return { ok: false, problem: 'too long' };
  const parts = text.split('.');
  if (parts.length !== 3 || `${parts[0]}` !== prefix) return { ok: false, problem: `not a ${prefix} text` };
  const payloadBytes = decodeBase64Url(parts[1]);
  const signature = decodeBase64Url(parts[2]);
  if (payloadBytes === undefined || signature === undefined) return { ok: false, problem: 'bad base64url' };
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payloadBytes));
  } catch {
    return { ok: false, problem: 'payload is not JSON' };
  }
  const message = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
  return { ok: true, payload, signatureValid: verifier?.verify(message, signature) ?? false };
}
