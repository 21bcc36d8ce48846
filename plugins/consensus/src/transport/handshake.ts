/**
 * The authenticated handshake and frame MACs of the TCP transport, pure (no I/O).
 *
 * Connections are one-way: the dialer sends Raft messages, the acceptor receives them.
 * 1. The acceptor sends `challenge`: wire version, a fresh 16-byte nonce Na.
 * 2. The dialer sends `auth`: its id, the id it means to reach, its nonce Nd, and
 *    HMAC-SHA256(key, "knhk-raft-auth" | version | from | to | Na | Nd).
 * 3. The acceptor checks the MAC and that `to` is itself, and sends `accept`:
 *    HMAC-SHA256(key, "knhk-raft-accept" | same fields). The dialer checks it.
 * 4. Each `message` frame carries a sequence number (1, 2, ...) and
 *    HMAC-SHA256(sessionKey, seq | message bytes), where
 *    sessionKey = HMAC-SHA256(key, "knhk-raft-session" | version | from | to | Na | Nd).
 * A frame recorded on one connection does not verify on another (fresh Na), and a frame
 * repeated on the same connection has a stale sequence number: replays are rejected. The
 * authenticated `from` is bound to the connection; messages claiming another sender are dropped.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ByteReader, ByteWriter, DecodeError } from '../encoding/bytes.js';
import { readNodeId, writeNodeId } from '../encoding/raft-encoding.js';
import type { NodeId } from '../raft/types.js';

export const WIRE_VERSION = 1;
export const NONCE_BYTES = 16;
export const MAC_BYTES = 32;

/** Frame types, the first byte of every frame body. */
export const FrameType = Object.freeze({ challenge: 1, auth: 2, accept: 3, message: 4 });

/** The parties and nonces of one connection: what every MAC on it binds. */
export interface HandshakeParams {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly acceptorNonce: Uint8Array;
  readonly dialerNonce: Uint8Array;
}

/** A fresh nonce. */
export function newNonce(): Uint8Array {
  return randomBytes(NONCE_BYTES);
}

function hmac(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const h = createHmac('sha256', key);
  for (const part of parts) h.update(part);
  return h.digest();
}

function bound(label: string, p: HandshakeParams): Uint8Array {
  const w = new ByteWriter(128).str(label).u8(WIRE_VERSION);
  writeNodeId(w, p.from);
  writeNodeId(w, p.to);
  return w.raw(p.acceptorNonce).raw(p.dialerNonce).finish();
}

/** The dialer's proof that it holds the key. */
export function authMac(key: Uint8Array, p: HandshakeParams): Uint8Array {
  return hmac(key, bound('knhk-raft-auth', p));
}

/** The acceptor's proof that it holds the key. */
export function acceptMac(key: Uint8Array, p: HandshakeParams): Uint8Array {
  return hmac(key, bound('knhk-raft-accept', p));
}

/** The key of the message MACs of one connection. */
export function sessionKey(key: Uint8Array, p: HandshakeParams): Uint8Array {
  return hmac(key, bound('knhk-raft-session', p));
}

/** Constant-time comparison of two MACs. */
export function macEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The acceptor's challenge frame body. */
export function encodeChallenge(acceptorNonce: Uint8Array): Uint8Array {
  return new ByteWriter(32).u8(FrameType.challenge).u32(WIRE_VERSION).raw(acceptorNonce).finish();
}

/** The dialer's auth frame body. */
export function encodeAuth(p: HandshakeParams, mac: Uint8Array): Uint8Array {
  const w = new ByteWriter(128).u8(FrameType.auth);
  writeNodeId(w, p.from);
  writeNodeId(w, p.to);
  return w.raw(p.dialerNonce).raw(mac).finish();
}

/** The acceptor's accept frame body. */
export function encodeAccept(mac: Uint8Array): Uint8Array {
  return new ByteWriter(40).u8(FrameType.accept).raw(mac).finish();
}

/** A message frame body: type, u64 seq, the message, the MAC over seq and message. */
export function encodeMessageFrame(session: Uint8Array, seq: number, message: Uint8Array): Uint8Array {
  const macAt = 1 + 8 + message.length;
  const out = Buffer.allocUnsafe(macAt + MAC_BYTES);
  out[0] = FrameType.message;
  out.writeUInt32LE(seq % 2 ** 32, 1);
  out.writeUInt32LE(Math.floor(seq / 2 ** 32), 5);
  out.set(message, 9);
  out.set(hmac(session, out.subarray(1, macAt)), macAt);
  return out;
}

/** The first byte of a frame body, or undefined for an empty one. */
export function frameType(body: Uint8Array): number | undefined {
  return body[0];
}

/** Decodes a challenge; throws {@link DecodeError}. */
export function decodeChallenge(body: Uint8Array): { version: number; acceptorNonce: Uint8Array } {
  const r = new ByteReader(body);
  if (r.u8() !== FrameType.challenge) throw new DecodeError('not a challenge frame');
  const version = r.u32();
  const acceptorNonce = r.raw(NONCE_BYTES);
  r.end();
  return { version, acceptorNonce };
}

/** Decodes an auth frame; throws {@link DecodeError}. */
export function decodeAuth(body: Uint8Array): { from: NodeId; to: NodeId; dialerNonce: Uint8Array; mac: Uint8Array } {
  const r = new ByteReader(body);
  if (r.u8() !== FrameType.auth) throw new DecodeError('not an auth frame');
  const from = readNodeId(r);
  const to = readNodeId(r);
  const dialerNonce = r.raw(NONCE_BYTES);
  const mac = r.raw(MAC_BYTES);
  r.end();
  return { from, to, dialerNonce, mac };
}

/** Decodes an accept frame; throws {@link DecodeError}. */
export function decodeAccept(body: Uint8Array): Uint8Array {
  const r = new ByteReader(body);
  if (r.u8() !== FrameType.accept) throw new DecodeError('not an accept frame');
  const mac = r.raw(MAC_BYTES);
  r.end();
  return mac;
}

/** The outcome of checking a message frame. */
export type MessageFrameCheck =
  | { readonly ok: true; readonly seq: number; readonly message: Uint8Array }
  | { readonly ok: false; readonly reason: 'malformed' | 'unauthenticated' };

/** Checks a message frame's MAC under `session`; the caller checks the sequence number. */
export function openMessageFrame(session: Uint8Array, body: Uint8Array): MessageFrameCheck {
  if (body.length < 1 + 8 + MAC_BYTES || body[0] !== FrameType.message) return { ok: false, reason: 'malformed' };
  const seqBytes = body.subarray(1, 9);
  const message = body.subarray(9, body.length - MAC_BYTES);
  const mac = body.subarray(body.length - MAC_BYTES);
  if (!macEqual(hmac(session, seqBytes, message), mac)) return { ok: false, reason: 'unauthenticated' };
  let seq: number;
  try {
    seq = new ByteReader(seqBytes).u64();
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  return { ok: true, seq, message };
}
