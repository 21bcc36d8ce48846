/**
 * Strict base64url (RFC 4648 section 5, no padding). Decoding refuses any character outside
 * the alphabet and any non-canonical text (unused low bits set), so one encoded value has
 * exactly one text form: a flipped bit in a key never decodes to the same bytes.
 */

const CANONICAL = /^[A-Za-z0-9_-]*$/;

export function encodeBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** The bytes of `text`, or undefined when it is not canonical base64url. */
export function decodeBase64Url(text: string): Uint8Array | undefined {
  if (!CANONICAL.test(text) || text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.toString('base64url') !== text) return undefined;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
