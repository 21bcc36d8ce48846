/**
 * The commands a {@link RaftNode} puts in its log, and their bytes: a key-value put or
 * delete, or an opaque application payload (proposed through the `Consensus` capability).
 * Layout: one tag byte, then for put and delete a 32-bit key length, the key (UTF-8) and, for
 * put, the value (UTF-8) to the end; for an application payload, the payload itself.
 */
import { KnhkError } from '@knhk/core';
import { consensusError } from '../errors.js';

/** A command of the replicated key-value store. */
export type KvCommand =
  | { readonly kind: 'put'; readonly key: string; readonly value: string }
  | { readonly kind: 'delete'; readonly key: string }
  | { readonly kind: 'app'; readonly payload: Uint8Array };

/** Largest key, in UTF-8 bytes. */
export const KV_KEY_BYTES_MAX = 4096;
/** Largest value, in UTF-8 bytes (well under the Raft message size limit). */
export const KV_VALUE_BYTES_MAX = 256 * 1024;

const TAG_PUT = 1;
const TAG_DELETE = 2;
const TAG_APP = 3;
const HEADER_BYTES = 5;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function badRequest(message: string): KnhkError {
  return consensusError('KNHK_E_CONSENSUS_BAD_REQUEST', message);
}

/** Checks a key (non-empty, at most {@link KV_KEY_BYTES_MAX} UTF-8 bytes); returns its bytes. */
export function checkKey(key: unknown): Uint8Array {
  if (typeof key !== 'string' || key.length === 0) throw badRequest('the key must be a non-empty string');
  const bytes = encoder.encode(key);
  if (bytes.length > KV_KEY_BYTES_MAX) {
    throw badRequest(`the key has ${bytes.length} bytes, more than the ${KV_KEY_BYTES_MAX} allowed`);
  }
  return bytes;
}

/** Checks a value (a string of at most {@link KV_VALUE_BYTES_MAX} UTF-8 bytes); returns its bytes. */
export function checkValue(value: unknown): Uint8Array {
  if (typeof value !== 'string') throw badRequest('the value must be a string');
  const bytes = encoder.encode(value);
  if (bytes.length > KV_VALUE_BYTES_MAX) {
    throw badRequest(`the value has ${bytes.length} bytes, more than the ${KV_VALUE_BYTES_MAX} allowed`);
  }
  return bytes;
}

function withKey(tag: number, key: Uint8Array, rest: Uint8Array | undefined): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + key.length + (rest?.length ?? 0));
  out[0] = tag;
  new DataView(out.buffer).setUint32(1, key.length);
  out.set(key, HEADER_BYTES);
  if (rest !== undefined) out.set(rest, HEADER_BYTES + key.length);
  return out;
}

/** The log bytes of a command; keys and values are checked first (`KNHK_E_CONSENSUS_BAD_REQUEST`). */
export function encodeCommand(command: KvCommand): Uint8Array {
  switch (command.kind) {
    case 'put':
      return withKey(TAG_PUT, checkKey(command.key), checkValue(command.value));
    case 'delete':
      return withKey(TAG_DELETE, checkKey(command.key), undefined);
    case 'app': {
      const out = new Uint8Array(1 + command.payload.length);
      out[0] = TAG_APP;
      out.set(command.payload, 1);
      return out;
    }
  }
}

/**
 * The command in an entry's data; undefined for an empty entry (a new leader's). Bytes that
 * are no command are a broken invariant (only this node's encoder writes the log): it throws.
 */
export function decodeCommand(data: Uint8Array): KvCommand | undefined {
  if (data.length === 0) return undefined;
  const tag = data[0];
  if (tag === TAG_APP) return { kind: 'app', payload: data.subarray(1) };
  if ((tag !== TAG_PUT && tag !== TAG_DELETE) || data.length < HEADER_BYTES) {
    throw new Error(`log entry of ${data.length} bytes with tag ${tag} is no key-value command`);
  }
  const keyBytes = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(1);
  if (HEADER_BYTES + keyBytes > data.length) throw new Error(`log entry key of ${keyBytes} bytes overruns the entry`);
  const key = decoder.decode(data.subarray(HEADER_BYTES, HEADER_BYTES + keyBytes));
  if (tag === TAG_DELETE) return { kind: 'delete', key };
  return { kind: 'put', key, value: decoder.decode(data.subarray(HEADER_BYTES + keyBytes)) };
}
