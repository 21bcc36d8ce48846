/**
 * The client API of a node over HTTP/1.1 with JSON bodies, as pure functions: which operation
 * a request names, and the status and body of an answer or an error. The server
 * (`kv-http-server.ts`) does the I/O; the client (`kv-client.ts`) reads the same shapes.
 *
 * - `PUT /v1/kv/{key}` with `{"value": "..."}`: `{"index"}` once committed and applied;
 * - `DELETE /v1/kv/{key}`: `{"index", "deleted"}`;
 * - `GET /v1/kv/{key}[?consistency=local]`: `{"key", "value" (null: absent), "index"}`;
 * - `GET /v1/kv[?consistency=local]`: `{"pairs": [[key, value], ...], "index"}`;
 * - `GET /v1/status`: the node's status.
 *
 * Errors are `{"error": {"code", "message", "leader"?, "leaderUrl"?}}`; a not-leader error
 * (421) names the leader's client address, so that a client can redirect.
 */
import { KnhkError, type KnhkErrorCode, errorEntry, isCataloguedCode, isKnhkError } from '@knhk/core';
import type { ReadConsistency } from './raft-node.js';
import { type ConsensusErrorCode, consensusError } from '../errors.js';

/** What a request asks for. */
export type KvApiOperation =
  | { readonly kind: 'put'; readonly key: string }
  | { readonly kind: 'delete'; readonly key: string }
  | { readonly kind: 'get'; readonly key: string; readonly consistency: ReadConsistency }
  | { readonly kind: 'list'; readonly consistency: ReadConsistency }
  | { readonly kind: 'status' };

/** Largest request body, in bytes (a JSON-escaped value of the largest size fits). */
export const KV_BODY_BYTES_MAX = 2 * 1024 * 1024;

const KV_PREFIX = '/v1/kv/';

function badRequest(message: string): KnhkError {
  return consensusError('KNHK_E_CONSENSUS_BAD_REQUEST', message);
}

function consistencyOf(params: URLSearchParams): ReadConsistency {
  const value = params.get('consistency') ?? 'linearizable';
  if (value !== 'linearizable' && value !== 'local') {
    throw badRequest(`consistency must be "linearizable" or "local", got "${value}"`);
  }
  return value;
}

function decodeKey(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw badRequest('the key in the path is not valid percent-encoded UTF-8');
  }
}

/** The operation of a request; `KNHK_E_CONSENSUS_BAD_REQUEST` for an unknown route or method. */
export function routeRequest(method: string, target: string): KvApiOperation {
  const url = new URL(target, 'http://node');
  const path = url.pathname;
  if (path === '/v1/status' && method === 'GET') return { kind: 'status' };
  if (path === '/v1/kv' && method === 'GET') return { kind: 'list', consistency: consistencyOf(url.searchParams) };
  if (path.startsWith(KV_PREFIX) && path.length > KV_PREFIX.length) {
    const key = decodeKey(path.slice(KV_PREFIX.length));
    if (method === 'PUT') return { kind: 'put', key };
    if (method === 'DELETE') return { kind: 'delete', key };
    if (method === 'GET') return { kind: 'get', key, consistency: consistencyOf(url.searchParams) };
  }
  throw badRequest(`no route ${method} ${path}; the API is PUT/GET/DELETE /v1/kv/{key}, GET /v1/kv, GET /v1/status`);
}

/** The value in a PUT body `{"value": "..."}`. */
export function parsePutBody(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw badRequest('the body must be JSON: {"value": "..."}');
  }
  const value = (parsed as { value?: unknown } | null)?.value;
  if (typeof value !== 'string') throw badRequest('the body must be {"value": "..."} with a string value');
  return value;
}

const STATUS_BY_CODE: Partial<Record<ConsensusErrorCode, number>> = {
  KNHK_E_CONSENSUS_BAD_REQUEST: 400,
  KNHK_E_CONSENSUS_NOT_LEADER: 421,
  KNHK_E_CONSENSUS_OVERLOADED: 429,
  KNHK_E_CONSENSUS_STOPPED: 503,
  KNHK_E_CONSENSUS_TIMEOUT: 504,
  KNHK_E_CONSENSUS_OUTCOME_UNKNOWN: 504,
};

/** The message of a knhk error without its code prefix and the catalogue's remedy. */
export function shortMessage(error: KnhkError): string {
  const remedy = errorEntry(error.code)?.remedy ?? '';
  let message = error.message;
  if (message.startsWith(`${error.code}: `)) message = message.slice(error.code.length + 2);
  if (remedy !== '' && message.endsWith(`. ${remedy}`)) message = message.slice(0, -remedy.length - 2);
  return message;
}

/** The wire form of an error. */
export interface KvApiError {
  readonly code: string;
  readonly message: string;
  readonly leader?: string;
  readonly leaderUrl?: string;
}

/** The HTTP status and body of an error; errors without a knhk code are 500s. */
export function errorResponse(error: unknown): { status: number; body: { error: KvApiError } } {
  if (!isKnhkError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 500, body: { error: { code: 'INTERNAL', message } } };
  }
  const { leader, leaderUrl } = error.details as { leader?: unknown; leaderUrl?: unknown };
  const body: KvApiError = {
    code: error.code,
    message: shortMessage(error),
    ...(typeof leader === 'string' ? { leader } : {}),
    ...(typeof leaderUrl === 'string' ? { leaderUrl } : {}),
  };
  return { status: STATUS_BY_CODE[error.code as ConsensusErrorCode] ?? 500, body: { error: body } };
}

/** The error a client rebuilds from a wire error (a knhk error when the code is catalogued). */
export function errorFromWire(wire: KvApiError, where: string): KnhkError {
  const details = { leader: wire.leader, leaderUrl: wire.leaderUrl, endpoint: where };
  if (isCataloguedCode(wire.code)) {
    // A code of a registered catalogue (core's, this plugin's or another's): the same error again.
    return new KnhkError(wire.code as KnhkErrorCode, `${where}: ${wire.message}`, details);
  }
  return consensusError('KNHK_E_CONSENSUS_UNREACHABLE', `${where} failed: ${wire.code}: ${wire.message}`, details);
}
